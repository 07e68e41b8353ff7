"""The API reference works offline: its pages load only same-origin assets, which the
engine serves from the files it ships (no CDN), without a token."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings

ASSET = re.compile(r"""<(?:script|link)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""", re.IGNORECASE)


@pytest.mark.parametrize("page", ["/schema", "/schema/swagger"])
async def test_the_api_reference_loads_only_assets_the_engine_serves(settings: Settings, page: str) -> None:
    async with AsyncTestClient(app=create_app(settings)) as client:
        # When someone without a token opens the API reference
        response = await client.get(page)

        # Then it is Swagger UI's page, and everything it loads is on the engine's own origin
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/html")
        html = response.text
        assert "SwaggerUIBundle" in html
        assets = ASSET.findall(html)
        assert {urlsplit(a).path.rsplit("/", 1)[-1] for a in assets} >= {
            "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js",
            "swagger-ui.css",
        }
        assert [a for a in assets if urlsplit(a).scheme or urlsplit(a).netloc or not a.startswith("/")] == []
        assert "cdn" not in html.lower()

        # And every one of them is served, whole, with its type
        for asset in assets:
            served = await client.get(asset)
            assert served.status_code == 200, asset
            assert len(served.content) > 1000, asset
            kind = served.headers["content-type"]
            expected = {"js": "javascript", "css": "text/css", "png": "image/png"}[asset.rsplit(".", 1)[-1]]
            assert expected in kind, (asset, kind)


async def test_a_missing_asset_is_a_404_not_an_error(settings: Settings) -> None:
    async with AsyncTestClient(app=create_app(settings)) as client:
        assert (await client.get("/schema/assets/nothing-here.js")).status_code == 404
        assert (await client.get("/schema/assets/../../../etc/passwd")).status_code == 404
