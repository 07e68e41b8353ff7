"""Tenancy across transactions and accounts: a pooled connection keeps nothing of
the last user, and deleting a user deletes everything they owned."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from orrery.store.database import Database

from .rls_helpers import TABLES, claims, count, create_everything, create_user, delete_user


async def test_the_next_user_on_a_pooled_connection_sees_nothing_of_the_last(
    db: Database, admin_url: str
) -> None:
    # Given a pool with a single connection, so Alice and Bob share it
    await db.pool.resize(1, 1)
    alice, bob = claims(create_user(admin_url)), claims(create_user(admin_url))

    # When Alice commits one workflow, then writes another in a transaction that fails midway
    async with db.as_user(alice) as conn:
        await conn.execute("insert into public.workflows (name) values ('Committed')")

    async def write_then_fail() -> None:
        async with db.as_user(alice) as conn:
            await conn.execute("insert into public.workflows (name) values ('Rolled back')")
            await conn.execute("select 1 / 0")

    with pytest.raises(errors.DivisionByZero):
        await write_then_fail()

    # Then Bob, on the same connection, sees none of Alice's workflows
    async with db.as_user(bob) as conn:
        row = await (
            await conn.execute(
                "select count(*) as n, auth.uid()::text as uid, current_user as role from public.workflows"
            )
        ).fetchone()
    assert row == {"n": 0, "uid": bob["sub"], "role": "authenticated"}

    # And Alice has exactly the workflow she committed
    async with db.as_user(alice) as conn:
        names = [
            r["name"] for r in await (await conn.execute("select name from public.workflows")).fetchall()
        ]
    assert names == ["Committed"]

    # And between transactions the connection holds no claims, no role, and can read nothing
    async with db.pool.connection() as conn:
        row = await (
            await conn.execute(
                "select current_user as role, current_setting('request.jwt.claims', true) as claims"
            )
        ).fetchone()
        assert row is not None
        assert (row["role"], row["claims"] or None) == ("orrery_engine", None)
        with pytest.raises(errors.InsufficientPrivilege):
            await conn.execute("select count(*) from public.workflows")
        await conn.rollback()


async def test_a_user_without_a_sub_claim_sees_nothing(db: Database, admin_url: str) -> None:
    # Given Alice's rows
    await create_everything(db, create_user(admin_url))

    # When a transaction claims `authenticated` but names no user
    nobody = {"role": "authenticated", "aud": "authenticated"}

    # Then it sees no row in any table, and can create none
    for table in TABLES:
        assert await count(db, nobody, table) == 0
    with pytest.raises(psycopg.Error):
        async with db.as_user(nobody) as conn:
            await conn.execute("insert into public.workflows (name) values ('Orphan')")


async def test_deleting_a_user_deletes_everything_they_own(db: Database, admin_url: str) -> None:
    # Given Alice and Bob each own a row in every table
    alice = await create_everything(db, create_user(admin_url))
    bob = await create_everything(db, create_user(admin_url))

    # When Alice's account is deleted
    delete_user(admin_url, alice.user_id)

    # Then none of her rows remain, in any table, and all of Bob's do; but her files are
    # listed for removal (her run's asset, and the one listed before), to be purged
    with psycopg.connect(admin_url) as conn:
        for table in TABLES:
            owners = {
                str(r[0])
                for r in conn.execute(f"select owner_id from public.{table}")  # type: ignore[arg-type]
            }
            if table == "asset_deletions":
                assert owners == {alice.user_id, bob.user_id}, table
                continue
            assert owners == {bob.user_id}, table
        listed = conn.execute(
            "select count(*) from public.asset_deletions where owner_id = %s", (alice.user_id,)
        ).fetchone()
        assert listed == (2,)


async def test_deleting_a_workflow_deletes_its_versions_runs_steps_and_events(
    db: Database, admin_url: str
) -> None:
    # Given Alice's workflow with a version, a run, a step and an event
    alice = await create_everything(db, create_user(admin_url))

    # When she deletes the workflow (she may not delete versions, runs or events herself)
    async with db.as_user(alice.claims) as conn:
        await conn.execute("delete from public.workflows where id = %s", (alice.workflow_id,))

    # Then everything under it is gone (its triggers too, her run's asset listed for its file's
    # removal, its pins, its chats), and her credential, memory, API key, secret and notifications stay
    remaining = {table: await count(db, alice.claims, table) for table in TABLES}
    assert remaining == {
        "workflows": 0,
        "workflow_versions": 0,
        "runs": 0,
        "run_steps": 0,
        "run_events": 0,
        "credentials": 1,
        "memory_collections": 1,
        "memory_documents": 1,
        "memories": 1,
        "memory_uploads": 1,
        "memory_crawls": 1,
        "api_keys": 1,
        "secrets": 1,
        "schedules": 0,
        "webhooks": 0,
        "webhook_calls": 0,
        "notifications": 1,
        "notification_settings": 1,
        "assets": 0,
        "asset_deletions": 2,
        "workflow_pins": 0,
        "chat_sessions": 0,
        "chat_messages": 0,
    }
