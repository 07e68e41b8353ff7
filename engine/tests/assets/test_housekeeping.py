"""Files never outlive their rows, even when nobody purges as their owner: a user deleted
from Auth leaves no file behind, and the operator's retention deletes the files runs made
after so many days (rows and bytes), keeping what people uploaded by hand. Workers do both
on the sweeper's login, which never sees a file's name."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest

from orrery.assets import AssetService
from orrery.assets.housekeeping import expire_run_assets, housekeep_once, purge_listed_files
from orrery.settings import Settings
from orrery.store.database import Database
from tests.assets.conftest import files_under
from tests.assets.media_files import png, wav
from tests.assets.test_assets_api import run_of, upload
from tests.workflows.helpers import Api


@pytest.fixture
async def sweeper(settings: Settings, role_urls: dict[str, str]) -> AsyncIterator[Database]:
    db = Database(settings.database, url=role_urls["orrery_sweeper"], application_name="orrery-sweeper")
    await db.open()
    yield db
    await db.close()


def assets_of(api: Api) -> AssetService:
    service: AssetService = api.client.app.state.services.assets
    return service


def keys_of(admin_url: str, owner_id: str, table: str = "assets") -> set[str]:
    with psycopg.connect(admin_url) as conn:
        rows = conn.execute(
            f"select storage_key from public.{table} where owner_id = %s",  # type: ignore[arg-type]
            (owner_id,),
        ).fetchall()
    return {str(r[0]) for r in rows}


async def test_a_user_deleted_from_auth_leaves_no_file_behind(
    api: Api, admin_url: str, tmp_path: Path, sweeper: Database
) -> None:
    # Given Ada's run with two files, and a file she uploaded
    run_id = await run_of(api)
    await upload(api, png(), "cover.png", run_id=run_id)
    await upload(api, wav(), "voice.wav", run_id=run_id)
    await upload(api, png(), "logo.png")
    assert len(files_under(tmp_path)) == 3

    # When her account is deleted from Auth (her rows go by cascade; nobody purges as her)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("delete from auth.users where id = %s", (api.user.id,))
    assert keys_of(admin_url, api.user.id) == set()
    assert len(keys_of(admin_url, api.user.id, "asset_deletions")) == 3
    assert len(files_under(tmp_path)) == 3

    # And a worker's housekeeping runs, on the sweeper's login
    purged = await purge_listed_files(sweeper, assets_of(api), older_than_s=0)

    # Then her three files are gone, and so is their list
    assert purged >= 3
    assert files_under(tmp_path) == []
    assert keys_of(admin_url, api.user.id, "asset_deletions") == set()


async def test_retention_deletes_old_run_files_and_keeps_new_ones_and_uploads(
    api: Api, admin_url: str, tmp_path: Path, sweeper: Database
) -> None:
    # Given, with a 30-day retention, a run file made 40 days ago, one made today, and a
    # file uploaded by hand 40 days ago
    assets = dataclasses.replace(
        assets_of(api), settings=dataclasses.replace(assets_of(api).settings, retention_days=30)
    )
    run_id = await run_of(api)
    old = await upload(api, png(), "old.png", run_id=run_id)
    new = await upload(api, wav(), "new.wav", run_id=run_id)
    upload_by_hand = await upload(api, png(), "logo.png")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "update public.assets set created_at = now() - interval '40 days' where id = any(%s)",
            ([old["id"], upload_by_hand["id"]],),
        )

    # When a worker's housekeeping runs
    expired, _ = await housekeep_once(sweeper, assets)
    # (the files were listed a moment ago: their owner's purge removed them)

    # Then the old run file is gone, row and bytes; the new one and the upload are kept
    assert expired >= 1
    listed = (await api.get("/api/v1/assets/")).json()["items"]
    assert {a["id"] for a in listed} == {new["id"], upload_by_hand["id"]}
    assert len(files_under(tmp_path)) == 2
    assert keys_of(admin_url, api.user.id, "asset_deletions") == set()
    # and a second round finds nothing more to do for her
    assert await expire_run_assets(sweeper, assets, retention_days=30) == 0


def test_the_sweeper_never_reads_an_assets_name(role_urls: dict[str, str]) -> None:
    # Given the sweeper's credentials
    with psycopg.connect(role_urls["orrery_sweeper"]) as conn:
        # When it reads assets' names, or deletes an asset itself
        for sql in ("select name from public.assets", "delete from public.assets"):
            # Then it is refused
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)  # type: ignore[arg-type]
            conn.rollback()
