"""The browser's guarded proxy on its own (no Chromium): a redirect from an allowed page to an
address the guard refuses is refused at the proxy (that server never hears from it), and a page
whose bytes pass the page-size limit is cut off and flagged."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from orrery.net import SafeHttpClient
from orrery.net.proxy import GuardedProxy


class Site:
    """A local web server: `/` answers `body`, `/away` redirects to `redirect_to`; it records the paths."""

    def __init__(self, body: bytes = b"<p>hello</p>", redirect_to: str = "") -> None:
        self.paths: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:
                site.paths.append(self.path)
                if self.path == "/away":
                    self.send_response(302)
                    self.send_header("Location", redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def internal() -> Iterator[Site]:
    site = Site(b"secret")
    yield site
    site.close()


async def test_a_redirect_to_a_refused_address_is_refused_at_the_proxy(internal: Site) -> None:
    # Given an allowed page that redirects to another local address (not allowed)
    public = Site(redirect_to=f"http://127.0.0.1:{internal.port}/admin")
    try:
        async with SafeHttpClient(allowed_hosts=[f"127.0.0.1:{public.port}"]) as http:
            proxy = GuardedProxy(http.guard)
            port = await proxy.start()
            try:
                # When a browser behind the proxy follows the redirect
                async with httpx.AsyncClient(proxy=f"http://127.0.0.1:{port}", trust_env=False) as browser:
                    answer = await browser.get(f"http://127.0.0.1:{public.port}/away", follow_redirects=True)
            finally:
                await proxy.close()
    finally:
        public.close()
    # Then the redirect's target is refused by the guard, and that server never hears from it
    assert answer.status_code == 403
    assert proxy.refused == [f"127.0.0.1:{internal.port}"]
    assert public.paths == ["/away"]
    assert internal.paths == []


async def test_a_page_over_the_size_limit_is_cut_off(internal: Site) -> None:
    # Given an allowed page of 2 MB and a proxy allowing 1 MB for a page and its resources
    big = Site(b"<p>" + b"x" * 2_000_000 + b"</p>")
    try:
        async with SafeHttpClient(allowed_hosts=[f"127.0.0.1:{big.port}"]) as http:
            proxy = GuardedProxy(http.guard, max_bytes=1_000_000)
            port = await proxy.start()
            try:
                # When the browser loads it
                async with httpx.AsyncClient(proxy=f"http://127.0.0.1:{port}", trust_env=False) as browser:
                    with pytest.raises(httpx.HTTPError):
                        await browser.get(f"http://127.0.0.1:{big.port}/")
            finally:
                await proxy.close()
    finally:
        big.close()
    # Then the transfer was cut off past the limit, and the proxy says so
    assert proxy.too_large
    assert proxy.received <= 1_000_000 + 65_536
