"""Workflows and versions: what the schema guarantees beyond tenancy."""

from __future__ import annotations

import pytest
from psycopg import errors
from psycopg.types.json import Jsonb

from orrery.store.database import Database

from .rls_helpers import Owned, create_everything, create_user


@pytest.fixture
async def alice(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


@pytest.mark.parametrize(
    "change", ["spec = '{\"nodes\": [1]}'", "version = 7", "workflow_id = gen_random_uuid()"]
)
async def test_a_version_never_changes_not_even_for_its_owner(
    db: Database, alice: Owned, change: str
) -> None:
    # Given Alice's version 1
    # When she tries to change it in place
    # Then she may not: a changed spec is a new version
    with pytest.raises(errors.InsufficientPrivilege):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(
                f"update public.workflow_versions set {change} where workflow_id = %s",  # type: ignore[arg-type]
                (alice.workflow_id,),
            )


async def test_equal_specs_hash_equal_whatever_their_formatting(db: Database, alice: Owned) -> None:
    # Given the same document written with different key order and spacing, and a different one
    specs = ['{"b": 1, "a": [1, 2]}', '{ "a" : [1,2],\n "b":1 }', '{"a": [2, 1], "b": 1}']

    # When each is saved as a version
    async with db.as_user(alice.claims) as conn:
        for version, spec in enumerate(specs, start=2):
            await conn.execute(
                "insert into public.workflow_versions (workflow_id, version, spec) "
                "values (%s, %s, %s::jsonb)",
                (alice.workflow_id, version, spec),
            )
        rows = await (
            await conn.execute(
                "select spec_hash from public.workflow_versions where workflow_id = %s and version >= 2 "
                "order by version",
                (alice.workflow_id,),
            )
        ).fetchall()

    # Then the first two share a hash, the third does not
    first, second, third = (r["spec_hash"] for r in rows)
    assert first == second != third
    assert len(first) == 64


async def test_a_version_number_is_used_once_per_workflow(db: Database, alice: Owned) -> None:
    with pytest.raises(errors.UniqueViolation):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(
                "insert into public.workflow_versions (workflow_id, version, spec) values (%s, 1, %s)",
                (alice.workflow_id, Jsonb({})),
            )


async def test_a_version_is_recorded_as_saved_by_the_user_who_saved_it(
    db: Database, admin_url: str, alice: Owned
) -> None:
    # Given another user's id
    someone = create_user(admin_url)

    # When Alice saves a version claiming someone else saved it
    # Then it is refused
    with pytest.raises(errors.InsufficientPrivilege):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(
                "insert into public.workflow_versions (workflow_id, version, spec, created_by) "
                "values (%s, 2, '{}', %s)",
                (alice.workflow_id, someone),
            )

    # And by default it records her
    async with db.as_user(alice.claims) as conn:
        row = await (
            await conn.execute(
                "select created_by::text from public.workflow_versions where workflow_id = %s",
                (alice.workflow_id,),
            )
        ).fetchone()
    assert row == {"created_by": alice.user_id}


async def test_a_stale_update_changes_nothing(db: Database, alice: Owned) -> None:
    # Given Alice's workflow at version 1, updated to version 2 by one editor
    update = (
        "update public.workflows set current_version = current_version + 1, name = %s "
        "where id = %s and current_version = %s"
    )
    async with db.as_user(alice.claims) as conn:
        first = (await conn.execute(update, ("First editor", alice.workflow_id, 1))).rowcount

        # When a second editor saves based on version 1
        second = (await conn.execute(update, ("Second editor", alice.workflow_id, 1))).rowcount

    # Then only the first update happened (the API answers the second with 409)
    assert (first, second) == (1, 0)


async def test_renaming_a_workflow_moves_its_updated_at(db: Database, alice: Owned) -> None:
    # Given Alice's workflow, created in an earlier transaction
    # When she renames it
    async with db.as_user(alice.claims) as conn:
        await conn.execute("update public.workflows set name = 'Renamed' where id = %s", (alice.workflow_id,))
        row = await (
            await conn.execute(
                "select updated_at > created_at as moved, updated_at = now() as now "
                "from public.workflows where id = %s",
                (alice.workflow_id,),
            )
        ).fetchone()

    # Then updated_at is the time of the rename
    assert row == {"moved": True, "now": True}

    # And it is not hers to set by hand
    with pytest.raises(errors.InsufficientPrivilege):
        async with db.as_user(alice.claims) as conn:
            await conn.execute("update public.workflows set updated_at = '2000-01-01'")
