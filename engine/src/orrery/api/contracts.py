"""The engine's published contracts, generated from code and committed in `contracts/`:
the OpenAPI document (from the Litestar app and its msgspec types), the run
events' JSON Schema (from the msgspec tagged union) and the node types' slugs (the
web's node-type registry must have a UI for each). The web generates its
TypeScript types from these files; `make test` fails when they are stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from orrery.api.app import create_app
from orrery.events.types import json_schema as run_events_schema
from orrery.nodes.registry import node_type_catalog
from orrery.settings import REPO_ROOT, AuthSettings, DatabaseSettings, RedisSettings, Settings

CONTRACTS_DIR = REPO_ROOT / "contracts"


def _offline_settings() -> Settings:
    """Settings that build the app without connecting to anything (the lifespan never runs)."""
    return Settings(
        database=DatabaseSettings(url="postgresql:///unused", admin_url="postgresql:///unused"),
        redis=RedisSettings(url="redis://unused"),
        auth=AuthSettings(supabase_url=None, jwt_secret="unused", anon_key=""),
    )


def openapi_document() -> dict[str, Any]:
    app = create_app(_offline_settings())
    document: dict[str, Any] = app.openapi_schema.to_schema()
    return document


def _render(document: dict[str, Any]) -> str:
    plain = json.loads(msgspec.json.encode(document))  # examples may hold msgspec structs
    return json.dumps(plain, indent=2, sort_keys=True) + "\n"


def contract_files() -> dict[str, str]:
    return {
        "openapi.json": _render(openapi_document()),
        "run-events.schema.json": _render(run_events_schema()),
        "node-types.json": _render(
            {
                "types": sorted({entry["type"] for entry in node_type_catalog()}),
                "icons": sorted({entry["icon"] for entry in node_type_catalog()}),
            }
        ),
    }


def write_contracts(directory: Path = CONTRACTS_DIR) -> list[str]:
    """Regenerate the files; returns the names that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in contract_files().items():
        path = directory / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            changed.append(name)
    return changed


def stale_contracts(directory: Path = CONTRACTS_DIR) -> list[str]:
    return [
        name
        for name, text in contract_files().items()
        if not (directory / name).exists() or (directory / name).read_text() != text
    ]
