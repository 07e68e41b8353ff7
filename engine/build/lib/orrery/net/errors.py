"""Errors of the guarded HTTP client: a tree under `NetError`."""

from __future__ import annotations

from orrery.errors import OrreryError


class NetError(OrreryError):
    """An outbound HTTP request could not be made or completed."""

    retryable: bool = False


class UnsupportedUrl(NetError):
    """The URL is not an absolute `http(s)://` URL with a host."""


class BlockedAddress(NetError):
    """The host is, or resolves to, an address outbound requests may not reach (SSRF guard)."""


class ResolutionFailed(NetError):
    """The host name did not resolve."""

    retryable = True


class ConnectionFailed(NetError):
    """The connection failed or broke before a response arrived."""

    retryable = True


class FetchTimeout(NetError):
    """The request (with its redirects and body) took longer than its time limit."""

    retryable = True


class TooManyRedirects(NetError):
    """The server redirected more times than allowed."""


class ResponseTooLarge(NetError):
    """The response body is larger than the allowed number of bytes."""
