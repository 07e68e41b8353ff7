"""An API whose asset store is a temporary folder, and ways to count what it holds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import load_settings
from tests.workflows.helpers import Api, sign_up


@pytest.fixture
async def api(env: dict[str, str], admin_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    settings = load_settings({**env, "ORRERY_DATA_DIR": str(tmp_path), "ASSETS_MAX_UPLOAD_BYTES": "2000000"})
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def rows(admin_url: str, table: str = "assets") -> int:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(f"select count(*) from public.{table}").fetchone()  # type: ignore[arg-type]
    assert row is not None
    return int(row[0])
