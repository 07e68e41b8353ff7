"""The SSRF guard for provider SDKs: an `httpx2` client (the transport of the OpenAI SDK,
and so of pydantic-ai's OpenAI provider) whose every connection goes through
`AddressGuard`, like `SafeHttpClient`'s. A user-chosen base URL is then checked at each
connection, not only when it is first looked at: a name that re-resolves to a private
address in between (DNS rebinding) is refused.

It mirrors `client._GuardedBackend` for httpcore2, whose network-backend API is httpcore's.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore2
import httpx2

from orrery.net.addresses import AddressGuard
from orrery.net.errors import BlockedAddress


class _GuardedBackend(httpcore2.AsyncNetworkBackend):
    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner = httpcore2.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        return await self._guard.connect(
            host,
            port,
            lambda ip: self._inner.connect_tcp(
                ip, port, timeout=timeout, local_address=local_address, socket_options=socket_options
            ),
            (httpcore2.ConnectError, httpcore2.ConnectTimeout),
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.AsyncNetworkStream:
        raise BlockedAddress("Unix sockets are not reachable from workflows.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _GuardedTransport(httpx2.AsyncHTTPTransport):
    def __init__(self, guard: AddressGuard, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = httpcore2.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=20,
            max_keepalive_connections=5,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(guard),
        )


def guarded_sdk_client(
    guard: AddressGuard, ssl_context: ssl.SSLContext, timeout_s: float
) -> httpx2.AsyncClient:
    """Not following redirects, ignoring proxy settings; the caller closes it."""
    return httpx2.AsyncClient(
        transport=_GuardedTransport(guard, ssl_context),
        trust_env=False,
        follow_redirects=False,
        timeout=timeout_s,
    )
