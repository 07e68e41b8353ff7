"""A local HTTP proxy that applies the SSRF guard to every connection a headless browser
makes: the page, its redirects and every subresource (images, scripts, frames, fetches).

Chromium is started with `--proxy-server=http://127.0.0.1:<port>` and
`--proxy-bypass-list=<-loopback>` (loopback goes through the proxy too), so it resolves
nothing itself: each `CONNECT host:port` (HTTPS, WebSockets) and each plain-HTTP request names
its host, which the proxy checks with the same `AddressGuard` as the http node (the same
allowlist) and connects to by the checked address. A refused host gets 403 and is recorded
in `refused`. The bytes received from upstream servers are counted across all connections;
past `max_bytes` every connection is closed and `too_large` is set.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

from orrery.net.addresses import AddressGuard
from orrery.net.errors import NetError

MAX_HEAD = 64 * 1024
_HOP = frozenset({"proxy-connection", "proxy-authorization", "connection", "keep-alive"})


class GuardedProxy:
    def __init__(
        self,
        guard: AddressGuard,
        *,
        max_bytes: int = 20 * 1024 * 1024,
        silent_deny: frozenset[str] = frozenset(),
    ) -> None:
        self.guard = guard
        self.silent_deny = silent_deny
        """Hosts refused without being recorded (the browser's own services, not the page's)."""
        self.max_bytes = max_bytes
        self.received = 0
        self.too_large = False
        self.refused: list[str] = []
        self.allowed: list[str] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        try:
            await self._serve(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            self._tasks.discard(task)
            self._writers.discard(writer)
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        if len(head) > MAX_HEAD:
            return
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, version = request_line.split(" ", 2)
        if method == "CONNECT":
            host, _, port_text = target.rpartition(":")
            port = int(port_text)
        else:
            url = urlsplit(target)
            if url.scheme != "http" or not url.hostname:
                await _answer(writer, 400, "Only http:// URLs go through this proxy in the clear.")
                return
            host, port = url.hostname, url.port or 80
        where = f"{host.strip('[]')}:{port}"
        if host.lower() in self.silent_deny:
            await _answer(writer, 403, "Not for this browser.")
            return
        try:
            addresses = await self.guard.addresses(host, port)
        except NetError as exc:
            self.refused.append(where)
            await _answer(writer, 403, str(exc))
            return
        self.allowed.append(where)
        upstream_reader, upstream_writer = await asyncio.open_connection(str(addresses[0]), port)
        self._writers.add(upstream_writer)
        try:
            if method == "CONNECT":
                writer.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                await writer.drain()
            else:
                url = urlsplit(target)
                path = (url.path or "/") + (f"?{url.query}" if url.query else "")
                kept = [h for h in header_lines if h and h.split(":", 1)[0].strip().lower() not in _HOP]
                upstream_writer.write(
                    "\r\n".join([f"{method} {path} {version}", *kept, "Connection: close", "", ""]).encode(
                        "latin-1"
                    )
                )
                await upstream_writer.drain()
            await asyncio.gather(
                self._pipe(reader, upstream_writer, count=False),
                self._pipe(upstream_reader, writer, count=True),
            )
        finally:
            self._writers.discard(upstream_writer)
            upstream_writer.close()

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, *, count: bool) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while chunk := await source.read(65536):
                if count:
                    self.received += len(chunk)
                    if self.received > self.max_bytes:
                        self.too_large = True
                        for writer in list(self._writers):
                            writer.close()
                        return
                sink.write(chunk)
                await sink.drain()
        with contextlib.suppress(OSError, RuntimeError):
            if sink.can_write_eof():
                sink.write_eof()


async def _answer(writer: asyncio.StreamWriter, status: int, reason: str) -> None:
    body = reason.encode()
    phrase = {400: "Bad Request", 403: "Forbidden"}[status]
    writer.write(
        f"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n"
        f"Connection: close\r\n\r\n".encode()
        + body
    )
    with contextlib.suppress(ConnectionError):
        await writer.drain()
