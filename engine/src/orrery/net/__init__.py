"""Outbound HTTP that only reaches the public internet (the SSRF guard). Imports nothing
of ours but `orrery.errors`."""

from __future__ import annotations

from orrery.net.addresses import (
    METADATA_ADDRESSES,
    AddressGuard,
    AllowedHost,
    Resolver,
    blocked_reason,
    parse_allowed_host,
    system_resolver,
)
from orrery.net.client import DEFAULT_USER_AGENT, HttpResponse, SafeHttpClient
from orrery.net.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchTimeout,
    NetError,
    ResolutionFailed,
    ResponseTooLarge,
    TooManyRedirects,
    UnsupportedUrl,
)
from orrery.net.html import Page, decode_body, extract_page, html_to_text

__all__ = [
    "DEFAULT_USER_AGENT",
    "METADATA_ADDRESSES",
    "AddressGuard",
    "AllowedHost",
    "BlockedAddress",
    "ConnectionFailed",
    "FetchTimeout",
    "HttpResponse",
    "NetError",
    "Page",
    "ResolutionFailed",
    "Resolver",
    "ResponseTooLarge",
    "SafeHttpClient",
    "TooManyRedirects",
    "UnsupportedUrl",
    "blocked_reason",
    "decode_body",
    "extract_page",
    "html_to_text",
    "parse_allowed_host",
    "system_resolver",
]
