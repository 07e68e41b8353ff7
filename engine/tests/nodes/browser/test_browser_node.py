"""The browser node in a real headless Chromium: a page on an allowed local address loads,
its text, a selector's matches and a screenshot come back, and the image it loads from
another local address is refused by the guard (that server never hears from it); a page on
a refused address fails the step without a browser being started."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.net import SafeHttpClient
from orrery.nodes import HttpRequestFailed, LocalContext
from orrery.nodes.browser import BrowserNode
from orrery.settings import BrowserSettings, load_settings
from tests.workflows.helpers import Api, sign_up

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (make install-chromium)"
)


class Site:
    """A local web server that records the paths asked of it."""

    def __init__(self, page: bytes = b"") -> None:
        self.paths: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:
                site.paths.append(self.path)
                body = page if self.path == "/" else b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
                self.send_response(200)
                self.send_header("Content-Type", "text/html" if self.path == "/" else "image/gif")
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
def sites() -> Iterator[tuple[Site, Site]]:
    internal = Site()
    page = (
        "<html><head><title>Tide pools</title></head><body><h1>Tide pools</h1>"
        "<p class='fact'>Anemones close at low tide.</p><p class='fact'>Crabs hide under rocks.</p>"
        f"<img src='http://127.0.0.1:{internal.port}/secret.gif'></body></html>"
    ).encode()
    public = Site(page)
    yield public, internal
    public.close()
    internal.close()


@pytest.fixture
async def ctx(
    env: dict[str, str], admin_url: str, tmp_path: Path, sites: tuple[Site, Site]
) -> AsyncIterator[LocalContext]:
    public, _ = sites
    settings = load_settings({**env, "ORRERY_DATA_DIR": str(tmp_path)})
    # The operator allows exactly the page's address (as ORRERY_HTTP_ALLOWED_HOSTS would); nothing else local.
    async with (
        AsyncTestClient(app=create_app(settings)) as client,
        SafeHttpClient(allowed_hosts=[f"127.0.0.1:{public.port}"]) as http,
    ):
        api = Api(client, sign_up(admin_url, settings))
        workflow = await api.create()
        run = (await api.post(f"/api/v1/workflows/{workflow['id']}/runs", {"inputs": {"topic": "x"}})).json()
        yield LocalContext(
            http=http,
            run_id=run["id"],
            files=client.app.state.services.assets.access(api.user.claims, run["id"], "browse", ""),
        )


async def test_a_page_loads_but_its_subresource_on_a_private_address_is_refused(
    ctx: LocalContext, sites: tuple[Site, Site]
) -> None:
    public, internal = sites
    node = BrowserNode(BrowserSettings(chromium=CHROMIUM))
    config, issues = node.decode({"url": f"http://127.0.0.1:{public.port}/", "selector": ".fact"})
    assert config is not None
    assert issues == []

    # When the browser node opens the page
    output = (await node.execute(ctx, config)).output

    # Then its text and the selector's matches come back, with a screenshot stored for the run
    assert output["title"] == "Tide pools"
    assert "Anemones close at low tide." in output["text"]
    assert output["selected"] == ["Anemones close at low tide.", "Crabs hide under rocks."]
    assert output["screenshot"]["mime"] == "image/png"
    # And the image it asked of another local address was refused by the guard, never fetched
    assert output["refused"] == [f"127.0.0.1:{internal.port}"]
    assert internal.paths == []
    assert "/" in public.paths


async def test_a_page_on_a_refused_address_fails_before_a_browser_starts(
    ctx: LocalContext, sites: tuple[Site, Site]
) -> None:
    _, internal = sites
    node = BrowserNode(BrowserSettings(chromium=Path("/nonexistent/chromium")))
    config, _ = node.decode({"url": f"http://127.0.0.1:{internal.port}/"})
    assert config is not None
    # Then the guard refuses it (the missing binary shows no browser was needed to say so)
    with pytest.raises(HttpRequestFailed, match="Refusing to connect"):
        await node.execute(ctx, config)
    assert internal.paths == []
