"""An HTTP client that only reaches the public internet (SSRF guard).

Every connection, including each redirect's, goes through `AddressGuard`: the host is
resolved once, every answer checked, and the socket connects to a checked address;
httpx never resolves names itself (its network backend is replaced), so a DNS answer
cannot change between the check and the connection. The URL keeps its host name, so
`Host`, SNI and certificate checks are those of the name. Redirects are followed here,
not by httpx (at most `max_redirects`), response bodies are streamed and cut off at
`max_response_bytes`, and one deadline covers the whole exchange. Proxy settings from
the environment are ignored (a proxy would connect on our behalf, unchecked).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

import httpcore
import httpx
import msgspec

from orrery.net.addresses import AddressGuard, Resolver, system_resolver
from orrery.net.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchTimeout,
    ResponseTooLarge,
    TooManyRedirects,
    UnsupportedUrl,
)

if TYPE_CHECKING:
    import httpx2

DEFAULT_USER_AGENT: Final = "Orrery/0.1 (+https://github.com/orrery)"
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_CREDENTIAL_HEADERS: Final = frozenset({"authorization", "cookie", "proxy-authorization"})


class HttpResponse(msgspec.Struct, frozen=True):
    status: int
    headers: dict[str, str]
    """Lowercase names; repeated headers joined with ", "."""
    content: bytes
    url: str
    """The final URL, after redirects."""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the guard checked."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._guard.connect(
            host,
            port,
            lambda ip: self._inner.connect_tcp(
                ip, port, timeout=timeout, local_address=local_address, socket_options=socket_options
            ),
            (httpcore.ConnectError, httpcore.ConnectTimeout),
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("Unix sockets are not reachable from workflows.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, guard: AddressGuard, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx builds its pool without a network-backend option; this one is the same
        # pool with the guarded backend (exact httpx/httpcore pins; covered by tests).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(guard),
        )


class SafeHttpClient:
    """Use one per worker (`async with`, or `aclose()`); it pools connections per host name."""

    def __init__(
        self,
        *,
        allow_private_networks: bool = False,
        allowed_hosts: Iterable[str] = (),
        resolver: Resolver = system_resolver,
        ssl_context: ssl.SSLContext | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        max_redirects: int = 5,
    ) -> None:
        self.guard = AddressGuard(
            allow_private_networks=allow_private_networks, allowed_hosts=allowed_hosts, resolver=resolver
        )
        self.max_redirects = max_redirects
        self._ssl_context = ssl_context or httpx.create_ssl_context()
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(self.guard, self._ssl_context),
            trust_env=False,
            follow_redirects=False,
            headers={"user-agent": user_agent},
        )

    async def __aenter__(self) -> SafeHttpClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def check_endpoint(self, base_url: str) -> None:
        """An API base URL (an OpenAI-compatible server, say) passes the guard now: an
        http(s) URL whose host resolves only to reachable addresses. Raises a `NetError`
        whose message says why, and how an operator may allow a self-hosted endpoint."""
        target = _checked_url(base_url)
        port = target.port or (443 if target.scheme == "https" else 80)
        try:
            await self.guard.addresses(target.host, port)
        except BlockedAddress as exc:
            raise BlockedAddress(
                f"The base URL {_origin(base_url)} is refused: {exc} A self-hosted endpoint can be "
                f"allowed by the operator with ORRERY_HTTP_ALLOWED_HOSTS={target.host}:{port}."
            ) from None

    def sdk_client(self, *, timeout_s: float = 600.0) -> httpx2.AsyncClient:
        """An httpx2 client for a provider SDK (pydantic-ai's OpenAI provider takes one)
        whose every connection goes through this guard (`orrery.net.sdk`)."""
        from orrery.net.sdk import guarded_sdk_client  # httpx2 loads with the first model call

        return guarded_sdk_client(self.guard, self._ssl_context, timeout_s)

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        timeout_s: float = 30.0,
        max_response_bytes: int = 5 * 1024 * 1024,
        follow_redirects: bool = True,
    ) -> HttpResponse:
        """One exchange, redirects included, within `timeout_s`. Raises a `NetError`."""
        try:
            async with asyncio.timeout(timeout_s):
                return await self._exchange(
                    method.upper(),
                    url,
                    dict(headers or {}),
                    content,
                    timeout_s,
                    max_response_bytes,
                    follow_redirects,
                )
        except TimeoutError:
            raise FetchTimeout(f"No complete response from {_origin(url)} within {timeout_s:g} s.") from None
        except httpx.TimeoutException:
            raise FetchTimeout(f"No complete response from {_origin(url)} within {timeout_s:g} s.") from None
        except httpx.TransportError as exc:
            raise ConnectionFailed(
                f"Request to {_origin(url)} failed: {exc or type(exc).__name__}."
            ) from None

    async def _exchange(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        content: bytes | None,
        timeout_s: float,
        limit: int,
        follow_redirects: bool,
    ) -> HttpResponse:
        target = _checked_url(url)
        for _hop in range(self.max_redirects + 1):
            request = self._client.build_request(
                method, target, headers=headers, content=content, timeout=timeout_s
            )
            response = await self._client.send(request, stream=True)
            try:
                location = response.headers.get("location")
                if follow_redirects and response.status_code in _REDIRECTS and location:
                    following = _checked_url(str(target.join(location)))
                    if response.status_code == 303 or (
                        response.status_code in (301, 302) and method == "POST"
                    ):
                        method, content = ("HEAD" if method == "HEAD" else "GET"), None
                        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
                    if (following.scheme, following.host, following.port) != (
                        target.scheme,
                        target.host,
                        target.port,
                    ):
                        headers = {k: v for k, v in headers.items() if k.lower() not in _CREDENTIAL_HEADERS}
                    target = following
                    continue
                body = await _read_capped(response, limit)
                merged: dict[str, str] = {}
                for name, value in response.headers.multi_items():
                    key = name.lower()
                    merged[key] = f"{merged[key]}, {value}" if key in merged else value
                return HttpResponse(response.status_code, merged, body, str(target))
            finally:
                await response.aclose()
        raise TooManyRedirects(f"More than {self.max_redirects} redirects, starting at {_origin(url)}.")


async def _read_capped(response: httpx.Response, limit: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ResponseTooLarge(f"The response is {int(declared):,} bytes; the limit is {limit:,}.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise ResponseTooLarge(f"The response is over the limit of {limit:,} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _checked_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise UnsupportedUrl(f"Not a valid URL: {url!r} ({exc}).") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise UnsupportedUrl(f"Only absolute http:// and https:// URLs can be requested, not {url!r}.")
    if parsed.userinfo:
        raise UnsupportedUrl(
            "URLs with credentials in them are refused; send an Authorization header instead."
        )
    return parsed


def _origin(url: str) -> str:
    try:
        parsed = httpx.URL(url)
        return f"{parsed.scheme}://{parsed.netloc.decode()}"
    except (httpx.InvalidURL, TypeError):
        return repr(url)
