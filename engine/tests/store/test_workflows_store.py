"""The workflow SQL, run as the engine runs it: inside a user's transaction, under RLS."""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from orrery.errors import DependencyUnavailable
from orrery.store import workflows as store
from orrery.store.database import Database
from tests.store.rls_helpers import claims, create_user

SPEC = {
    "schema": "orrery.workflow/v1",
    "nodes": [{"id": "a", "type": "input"}, {"id": "b", "type": "output"}],
}


async def _workflow(db: Database, user_id: str, name: str = "Mine") -> str:
    async with db.as_user(claims(user_id)) as conn:
        workflow_id = str((await store.insert_workflow(conn, name, ""))["id"])
        await store.insert_version(conn, workflow_id, 1, SPEC)
    return workflow_id


async def test_the_owner_is_the_user_of_the_transaction(db: Database, admin_url: str) -> None:
    # Given Ada
    ada = create_user(admin_url)

    # When she inserts a workflow (no owner is passed anywhere)
    workflow_id = await _workflow(db, ada)

    # Then it is hers, and its version records her as its author
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select w.owner_id::text, v.created_by::text, v.spec_hash from public.workflows w "
            "join public.workflow_versions v on v.workflow_id = w.id where w.id = %s",
            (workflow_id,),
        ).fetchone()
    assert row is not None
    assert row[:2] == (ada, ada)
    assert len(row[2]) == 64


async def test_fetch_reads_the_current_version_and_can_lock_it(db: Database, admin_url: str) -> None:
    # Given a workflow at version 2
    ada = create_user(admin_url)
    workflow_id = await _workflow(db, ada)
    async with db.as_user(claims(ada)) as conn:
        changed = SPEC | {"inputs": {"topic": {"type": "string"}}}
        await store.insert_version(conn, workflow_id, 2, changed)
        await store.update_workflow(conn, workflow_id, {"current_version": 2})

    # When it is read, and locked for an update
    async with db.as_user(claims(ada)) as conn:
        row = await store.fetch_workflow(conn, workflow_id, for_update=True)

        # Then the current spec comes with it
        assert row is not None
        assert (row["current_version"], row["node_count"], row["spec"]) == (2, 2, changed)

        # And a second writer waits for the lock (the update that follows cannot interleave)
        async def second_writer() -> None:
            async with db.as_user(claims(ada)) as other:
                await other.execute("set local lock_timeout = '200ms'")
                await store.fetch_workflow(other, workflow_id, for_update=True)

        with pytest.raises(DependencyUnavailable) as refused:
            await asyncio.wait_for(second_writer(), timeout=5)
        assert isinstance(refused.value.__cause__, psycopg.errors.LockNotAvailable)


async def test_versions_are_listed_newest_first_and_cannot_be_rewritten(db: Database, admin_url: str) -> None:
    ada = create_user(admin_url)
    workflow_id = await _workflow(db, ada)
    async with db.as_user(claims(ada)) as conn:
        await store.insert_version(conn, workflow_id, 2, SPEC | {"nodes": []})
        versions = await store.list_versions(conn, workflow_id)
        assert [(v["version"], v["node_count"]) for v in versions] == [(2, 0), (1, 2)]
        assert (await store.fetch_version(conn, workflow_id, 1) or {}).get("spec") == SPEC
        assert await store.fetch_version(conn, workflow_id, 3) is None
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        async with db.as_user(claims(ada)) as conn:
            await conn.execute(
                "update public.workflow_versions set spec = '{}' where workflow_id = %s", (workflow_id,)
            )


async def test_the_list_brings_each_workflows_newest_run(db: Database, admin_url: str) -> None:
    # Given a workflow with two runs
    ada = create_user(admin_url)
    workflow_id = await _workflow(db, ada)
    async with db.as_user(claims(ada)) as conn:
        for _ in range(2):
            await conn.execute(
                "insert into public.runs (workflow_id, workflow_version) values (%s, 1)", (workflow_id,)
            )
        cur = await conn.execute(
            "select id from public.runs order by created_at desc, id desc limit 1",
        )
        newest = (await cur.fetchone() or {})["id"]

        # When the list is read
        rows = await store.list_workflows(conn, search=None, cursor=None, limit=10)

    # Then the row carries the newest run
    assert [(str(r["id"]), r["last_run_id"], r["last_run_status"]) for r in rows] == [
        (workflow_id, newest, "queued")
    ]


async def test_another_users_workflows_are_invisible_to_every_query(db: Database, admin_url: str) -> None:
    # Given Ada's workflow, and Bob
    ada, bob = create_user(admin_url), create_user(admin_url)
    workflow_id = await _workflow(db, ada, name="Shared name")

    # When Bob runs every query on it
    async with db.as_user(claims(bob)) as conn:
        assert await store.fetch_workflow(conn, workflow_id, for_update=True) is None
        assert await store.list_workflows(conn, search=None, cursor=None, limit=10) == []
        assert await store.list_versions(conn, workflow_id) == []
        assert await store.fetch_version(conn, workflow_id, 1) is None
        assert not await store.exists(conn, workflow_id)
        assert await store.names_taken(conn, ["Shared name"]) == set()
        await store.update_workflow(conn, workflow_id, {"name": "Bob's"})
        assert not await store.delete_workflow(conn, workflow_id)
        # and he cannot attach a version to it
        with pytest.raises(psycopg.errors.Error):
            await store.insert_version(conn, workflow_id, 2, SPEC)

    # Then Ada's workflow is untouched
    async with db.as_user(claims(ada)) as conn:
        row = await store.fetch_workflow(conn, workflow_id)
        assert row is not None
        assert (row["name"], row["current_version"]) == ("Shared name", 1)
        assert await store.names_taken(conn, ["Shared name", "Other"]) == {"Shared name"}
