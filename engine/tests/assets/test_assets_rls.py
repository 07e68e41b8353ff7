"""Row-level security on assets, as supabase-test-helpers checks it: inside a transaction as
`authenticated` with signed claims, each user sees and deletes only their own rows, and
cannot add a row in someone else's name."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from orrery.settings import Settings
from orrery.store.database import Database
from tests.workflows.helpers import sign_up


def asset_row(owner: str) -> dict[str, object]:
    asset_id = str(uuid.uuid4())
    return {
        "id": asset_id,
        "owner_id": owner,
        "name": "a.png",
        "mime": "image/png",
        "size": 3,
        "sha256": "0" * 64,
        "storage_key": f"{owner}/{asset_id}",
    }


async def insert(db: Database, claims: dict[str, object], row: dict[str, object]) -> None:
    names = ", ".join(row)
    async with db.as_user(claims) as conn:
        await conn.execute(
            f"insert into public.assets ({names}) values ({', '.join(['%s'] * len(row))})",  # type: ignore[arg-type]
            tuple(row.values()),
        )


async def test_each_user_sees_and_deletes_only_their_own_assets(
    db: Database, admin_url: str, settings: Settings
) -> None:
    # Given Ada and Bob, each with an asset
    ada, bob = sign_up(admin_url, settings), sign_up(admin_url, settings)
    ada_row, bob_row = asset_row(ada.id), asset_row(bob.id)
    await insert(db, ada.claims, ada_row)
    await insert(db, bob.claims, bob_row)

    # When Ada lists and tries to delete every asset
    async with db.as_user(ada.claims) as conn:
        seen = await (await conn.execute("select id::text from public.assets")).fetchall()
        deleted = (await conn.execute("delete from public.assets where id = %s", (bob_row["id"],))).rowcount

    # Then she saw only hers, and Bob's is still there
    assert [r["id"] for r in seen] == [ada_row["id"]]
    assert deleted == 0
    async with db.as_user(bob.claims) as conn:
        assert (await (await conn.execute("select count(*) as n from public.assets")).fetchone())["n"] == 1  # type: ignore[index]


async def test_nobody_adds_an_asset_in_someone_elses_name(
    db: Database, admin_url: str, settings: Settings
) -> None:
    # Given Ada and Bob
    ada, bob = sign_up(admin_url, settings), sign_up(admin_url, settings)
    # When Ada inserts a row that says it is Bob's
    # Then the policy refuses it
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        await insert(db, ada.claims, asset_row(bob.id))
