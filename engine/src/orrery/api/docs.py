"""The API reference at `/schema`, offline: Swagger UI from files the engine ships.

Litestar's pages load their JavaScript from a CDN, so on an air-gapped install (or here)
they render blank. We serve one reference UI, Swagger UI (it can also call the API with a
token: "Authorize"), at `/schema` and `/schema/swagger`, from the `swagger-ui-py` package's
copy of Swagger UI's dist files, at `/schema/assets/`: same origin, nothing from the network,
installed by `pip install` like any dependency. `/schema/openapi.json` is the document
itself. All of `/schema*` is public (`api/security.py`); the pages hold no secret.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Final

from litestar.datastructures import CacheControlHeader
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router

from orrery.errors import ConfigurationError

ASSETS: Final = "/schema/assets"
FILES: Final = (
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "swagger-ui.css",
    "favicon-32x32.png",
)


def swagger_ui_dir() -> Path:
    """Swagger UI's dist files inside the installed `swagger-ui-py` package (found without importing it)."""
    spec = importlib.util.find_spec("swagger_ui")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    folder = Path(locations[0]) / "static" if locations else None
    if folder is None or not all((folder / name).is_file() for name in FILES):
        raise ConfigurationError(
            "Swagger UI's files are missing: install the engine with its dependencies (swagger-ui-py)"
        )
    return folder


def reference_ui() -> SwaggerRenderPlugin:
    """Swagger UI at /schema and /schema/swagger, every asset from `ASSETS`."""
    return SwaggerRenderPlugin(
        js_url=f"{ASSETS}/swagger-ui-bundle.js",
        css_url=f"{ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
        path=["/", "/swagger"],
    )


def assets_router() -> Router:
    """Serves `ASSETS` from Swagger UI's folder (cached by browsers for a day)."""
    return create_static_files_router(
        path=ASSETS,
        directories=[swagger_ui_dir()],
        include_in_schema=False,
        cache_control=CacheControlHeader(max_age=86_400, public=True),
        name="schema-assets",
    )
