"""Row-level security, table by table: a user sees and changes only their own rows.

For every table, user A writes a row the way the engine does (as
`authenticated` with A's claims); user B, acting the same way, must not see
it, change it, delete it, write rows in A's name, or hang rows off A's. The
anonymous role gets nothing at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg
import pytest
from psycopg import errors

from orrery.settings import Settings
from orrery.store.database import Database

from .rls_helpers import (
    CHILD_TABLES,
    DELETABLE,
    INSERT,
    ROW,
    TABLES,
    UPDATE,
    Owned,
    changed_clause,
    claims,
    count,
    create_everything,
    create_user,
    set_clause,
)


@asynccontextmanager
async def as_anon(admin_url: str) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    """A transaction as Supabase's `anon` role, with no claims."""
    async with await psycopg.AsyncConnection.connect(admin_url) as conn, conn.transaction():
        await conn.execute("set local role anon")
        yield conn


@pytest.fixture
async def alice(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


@pytest.fixture
async def bob(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


@pytest.mark.parametrize("table", TABLES)
async def test_the_owner_sees_their_own_rows(db: Database, alice: Owned, bob: Owned, table: str) -> None:
    # Given Alice and Bob each own a row in the table

    # When Alice reads the whole table
    mine = await count(db, alice.claims, table, ROW[table], **alice.params())
    everything = await count(db, alice.claims, table)

    # Then she sees her row, and only hers
    assert mine >= 1
    assert everything == mine


@pytest.mark.parametrize("table", TABLES)
async def test_another_user_sees_none_of_them(db: Database, admin_url: str, alice: Owned, table: str) -> None:
    # Given Alice owns a row, and Bob owns nothing
    bob = claims(create_user(admin_url))

    # When Bob reads the table, and looks for Alice's row by id
    everything = await count(db, bob, table)
    hers = await count(db, bob, table, ROW[table], **alice.params())

    # Then he sees nothing
    assert (everything, hers) == (0, 0)


@pytest.mark.parametrize("table", TABLES)
async def test_another_user_cannot_change_them(db: Database, alice: Owned, bob: Owned, table: str) -> None:
    # Given Alice's row
    sql = f"update public.{table} set {set_clause(table)} where {ROW[table]}"

    if UPDATE[table] is None:
        # Then nobody may update this table at all
        with pytest.raises(errors.InsufficientPrivilege):
            async with db.as_user(bob.claims) as conn:
                await conn.execute(sql, alice.params())  # type: ignore[arg-type]
        return

    # When Bob updates it by id
    async with db.as_user(bob.claims) as conn:
        changed = (await conn.execute(sql, alice.params())).rowcount  # type: ignore[arg-type]

    # Then no row was touched, and Alice's row is as it was
    assert changed == 0
    assert (
        await count(db, alice.claims, table, f"{ROW[table]} and {changed_clause(table)}", **alice.params())
        == 0
    )


@pytest.mark.parametrize("table", TABLES)
async def test_another_user_cannot_delete_them(db: Database, alice: Owned, bob: Owned, table: str) -> None:
    # Given Alice's row
    sql = f"delete from public.{table} where {ROW[table]}"

    if table not in DELETABLE:
        # Then nobody deletes these rows directly (they go with their parent)
        with pytest.raises(errors.InsufficientPrivilege):
            async with db.as_user(bob.claims) as conn:
                await conn.execute(sql, alice.params())  # type: ignore[arg-type]
        return

    # When Bob deletes it by id
    async with db.as_user(bob.claims) as conn:
        deleted = (await conn.execute(sql, alice.params())).rowcount  # type: ignore[arg-type]

    # Then nothing was deleted
    assert deleted == 0
    assert await count(db, alice.claims, table, ROW[table], **alice.params()) == 1


@pytest.mark.parametrize("table", TABLES)
async def test_another_user_cannot_write_rows_in_the_owners_name(
    db: Database, alice: Owned, bob: Owned, table: str
) -> None:
    # Given Alice's rows
    before = await count(db, alice.claims, table)

    # When Bob inserts a row with Alice as its owner (on Alice's parents, or on his own)
    for parents in (alice, bob):
        with pytest.raises((errors.InsufficientPrivilege, errors.ForeignKeyViolation)):
            async with db.as_user(bob.claims) as conn:
                await conn.execute(INSERT[table], parents.params(owner_id=alice.user_id))  # type: ignore[arg-type]

    # Then it is refused, and Alice has no new row
    assert await count(db, alice.claims, table) == before


@pytest.mark.parametrize("table", CHILD_TABLES)
async def test_another_user_cannot_attach_rows_to_the_owners(
    db: Database, alice: Owned, bob: Owned, table: str
) -> None:
    # Given Alice's workflow, version and run
    before = await count(db, alice.claims, table)

    # When Bob, as himself, adds a version to her workflow / starts her version /
    # adds a step or an event to her run
    with pytest.raises(errors.ForeignKeyViolation):
        async with db.as_user(bob.claims) as conn:
            await conn.execute(INSERT[table], alice.params(owner_id=bob.user_id))  # type: ignore[arg-type]

    # Then it is refused: a child row must have its parent's owner
    assert await count(db, alice.claims, table) == before
    assert await count(db, bob.claims, table, ROW[table], **alice.params()) == 0


@pytest.mark.parametrize("table", TABLES)
async def test_the_owner_can_write_what_the_engine_needs(db: Database, alice: Owned, table: str) -> None:
    # Given Alice's rows (created as her, above)

    # When she adds another row, and changes and deletes what may be changed and deleted
    async with db.as_user(alice.claims) as conn:
        await conn.execute(INSERT[table], alice.params())  # type: ignore[arg-type]
        changed = deleted = None
        if UPDATE[table] is not None:
            update = f"update public.{table} set {set_clause(table)} where {ROW[table]}"
            changed = (await conn.execute(update, alice.params())).rowcount  # type: ignore[arg-type]
        if table in DELETABLE:
            delete = f"delete from public.{table} where {ROW[table]}"
            deleted = (await conn.execute(delete, alice.params())).rowcount  # type: ignore[arg-type]

    # Then each of those affected exactly her row
    assert changed == (None if UPDATE[table] is None else 1)
    assert deleted == (1 if table in DELETABLE else None)


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize(
    "sql",
    [
        "select * from public.{table}",
        "update public.{table} set created_at = now()",
        "delete from public.{table}",
    ],
    ids=["select", "update", "delete"],
)
async def test_anon_is_denied_everything(admin_url: str, alice: Owned, table: str, sql: str) -> None:
    # Given rows in the table, and a request with no user (Supabase's anon key; no Orrery
    # process may become `anon`, but the project's Data API could)
    # When it touches the table
    # Then it is denied outright, not merely shown nothing
    with pytest.raises(errors.InsufficientPrivilege):
        async with as_anon(admin_url) as conn:
            await conn.execute(sql.format(table=table))  # type: ignore[arg-type]


@pytest.mark.parametrize("table", TABLES)
async def test_anon_cannot_insert(admin_url: str, alice: Owned, table: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        async with as_anon(admin_url) as conn:
            await conn.execute(INSERT[table], alice.params())  # type: ignore[arg-type]


async def test_a_user_cannot_take_a_row_into_another_users_name(
    db: Database, alice: Owned, bob: Owned
) -> None:
    # Given Bob's own rows
    # When he tries to hand one of them to Alice (or re-point it at her run)
    for table, change in [
        ("workflows", "owner_id = %(alice)s"),
        ("runs", "owner_id = %(alice)s"),
        ("run_steps", "run_id = %(alice_run)s"),
    ]:
        # Then the owner and parent columns are not his to change
        with pytest.raises(errors.InsufficientPrivilege):
            async with db.as_user(bob.claims) as conn:
                await conn.execute(
                    f"update public.{table} set {change}",  # type: ignore[arg-type]
                    {"alice": alice.user_id, "alice_run": alice.run_id},
                )


async def test_the_sweeper_sees_every_owners_unfinished_runs(
    settings: Settings, role_urls: dict[str, str], alice: Owned, bob: Owned
) -> None:
    # Given two users' runs, still queued
    # When maintenance (the sweeper, on its own login) looks at runs
    sweeper = Database(settings.database, url=role_urls["orrery_sweeper"], application_name="orrery-sweeper")
    await sweeper.open()
    try:
        async with sweeper.as_login_role() as conn:
            rows = await (await conn.execute("select owner_id::text from public.runs")).fetchall()
    finally:
        await sweeper.close()

    # Then it sees both, which no user transaction can
    assert sorted(r["owner_id"] for r in rows) == sorted([alice.user_id, bob.user_id])
