"""Appending run events with less Postgres work (20261215400000_run_event_append_cost.sql):
the claims are checked once per event, the implied foreign keys to auth.users are gone, and
everything a user can or cannot do with events, steps and runs is as it was."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import psycopg
import pytest
from psycopg import errors
from psycopg.conninfo import make_conninfo

from orrery.settings import Settings
from orrery.store.database import Database

from .rls_helpers import Owned, another_run, claims, count, create_everything, create_user, delete_user


@pytest.fixture
async def alice(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


@pytest.fixture
async def bob(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


async def _append(db: Database, user: str, run_id: str, kinds: list[str]) -> list[int]:
    async with db.as_user(claims(user)) as conn:
        cur = await conn.execute(
            "insert into public.run_events (run_id, type) select %s, unnest(%s::text[]) returning seq",
            (run_id, kinds),
        )
        return sorted(r["seq"] for r in await cur.fetchall())


def _admin_rows(admin_url: str, sql: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


def test_events_and_steps_reference_their_run_and_no_longer_auth_users(admin_url: str) -> None:
    # Given the migrated schema
    # When we list the foreign keys of run_events and run_steps
    rows = _admin_rows(
        admin_url,
        "select conrelid::regclass::text, confrelid::regclass::text, pg_get_constraintdef(oid) "
        "from pg_constraint where contype = 'f' and conrelid in ('public.run_events'::regclass, "
        "'public.run_steps'::regclass) order by 1, 2",
    )
    # Then each references its run by (owner_id, run_id), on delete cascade, and nothing else
    assert rows == [
        (
            "run_events",
            "runs",
            "FOREIGN KEY (owner_id, run_id) REFERENCES runs(owner_id, id) ON DELETE CASCADE",
        ),
        (
            "run_steps",
            "runs",
            "FOREIGN KEY (owner_id, run_id) REFERENCES runs(owner_id, id) ON DELETE CASCADE",
        ),
    ]
    # And runs themselves still go with their user
    (runs_fk,) = _admin_rows(
        admin_url,
        "select pg_get_constraintdef(oid) from pg_constraint where contype = 'f' "
        "and conrelid = 'public.runs'::regclass and confrelid = 'auth.users'::regclass",
    )
    assert runs_fk == ("FOREIGN KEY (owner_id) REFERENCES auth.users(id) ON DELETE CASCADE",)


async def test_a_deleted_user_takes_their_runs_steps_and_events_and_no_one_elses(
    db: Database, admin_url: str, alice: Owned, bob: Owned
) -> None:
    # Given Alice and Bob, each with a run, its step and events
    await _append(db, alice.user_id, alice.run_id, ["run.started", "step.started"])
    await _append(db, bob.user_id, bob.run_id, ["run.started"])

    # When Alice is deleted (as Supabase Auth deletes a user)
    delete_user(admin_url, alice.user_id)

    # Then her runs, steps and events are gone (through runs), Bob's are all there
    for table in ("runs", "run_steps", "run_events"):
        ((mine,),) = _admin_rows(
            admin_url, f"select count(*) from public.{table} where owner_id = %s", alice.user_id
        )
        ((theirs,),) = _admin_rows(
            admin_url, f"select count(*) from public.{table} where owner_id = %s", bob.user_id
        )
        assert (table, mine) == (table, 0)
        assert theirs >= 1
    assert await count(db, bob.claims, "run_events") == 2


def test_an_event_or_step_of_an_owner_who_is_not_the_runs_cannot_be_written(
    admin_url: str, alice: Owned
) -> None:
    # Given Alice's run, and someone who is no user at all
    nobody = str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        # When the admin (who bypasses RLS) writes an event or a step of that run for nobody
        # Then the composite foreign key refuses both: an owner must be the run's owner, a user
        with pytest.raises(errors.ForeignKeyViolation):
            conn.execute(
                "insert into public.run_events (run_id, owner_id, type) values (%s, %s, 'step.log')",
                (alice.run_id, nobody),
            )
        with pytest.raises(errors.ForeignKeyViolation):
            conn.execute(
                "insert into public.run_steps (run_id, owner_id, node_id) values (%s, %s, 'x')",
                (alice.run_id, nobody),
            )


async def test_another_user_can_neither_append_to_nor_read_nor_lock_a_run(
    db: Database, settings: Settings, alice: Owned, bob: Owned
) -> None:
    # Given Alice's worker in the middle of a commit: it appended to her run and holds its lock
    async with db.as_user(alice.claims) as held:
        await held.execute(
            "insert into public.run_events (run_id, type) values (%s, 'step.log')", (alice.run_id,)
        )
        other = Database(settings.database, application_name="bob", max_size=1)
        await other.open()
        try:
            # When Bob appends to her run (owner left to the default, or named as Alice), or calls
            # the seq trigger's lookup himself, each with a lock timeout
            for owner in ({}, {"owner_id": alice.user_id}):
                async with other.as_user(bob.claims) as conn:
                    await conn.execute("set local lock_timeout = '2s'")
                    with pytest.raises(errors.ForeignKeyViolation, match="does not exist"):
                        await _append_on(conn, alice.run_id, **owner)
            async with other.as_user(bob.claims) as conn:
                await conn.execute("set local lock_timeout = '2s'")
                found = await (
                    await conn.execute("select * from orrery_private.lock_run_for_event(%s)", (alice.run_id,))
                ).fetchall()
            # Then he is told it does not exist, never waits on her lock (no lock timeout), and
            # the lookup shows him nothing
            assert found == []
        finally:
            await other.close()
    # And he still reads none of her events, she all of hers
    assert await count(db, bob.claims, "run_events", "run_id = %(r)s", r=alice.run_id) == 0
    assert await count(db, alice.claims, "run_events", "run_id = %(r)s", r=alice.run_id) == 2


async def _append_on(conn: psycopg.AsyncConnection[dict[str, object]], run_id: str, **owner: str) -> None:
    if owner:
        await conn.execute(
            "insert into public.run_events (run_id, owner_id, type) values (%s, %s, 'step.log')",
            (run_id, owner["owner_id"]),
        )
    else:
        await conn.execute("insert into public.run_events (run_id, type) values (%s, 'step.log')", (run_id,))


async def test_the_lookup_without_signed_claims_finds_nothing(db: Database, alice: Owned) -> None:
    # Given a transaction as `authenticated` whose claims are Alice's but unsigned
    async with db.as_user(alice.claims) as conn:
        await conn.execute("select set_config('request.orrery.signature', 'forged', true)")
        # When it calls the lookup on her run, or appends to it
        found = await (
            await conn.execute("select * from orrery_private.lock_run_for_event(%s)", (alice.run_id,))
        ).fetchall()
        # Then it finds nothing, and the append is refused as before
        assert found == []
        with pytest.raises(errors.ForeignKeyViolation, match="does not exist"):
            await _append_on(conn, alice.run_id)


async def test_multi_row_statements_number_each_run_as_before(
    db: Database, admin_url: str, alice: Owned
) -> None:
    # Given two runs of Alice's: one with the event create_everything gave it, one with none
    second = another_run(admin_url, alice.user_id, alice.workflow_id)

    # When one statement appends five events interleaving the two runs, then another two
    async with db.as_user(alice.claims) as conn:
        first = await (
            await conn.execute(
                "insert into public.run_events (run_id, type) select r, 'step.log' "
                "from unnest(%s::uuid[]) with ordinality as t(r, n) order by n "
                "returning run_id::text, seq, owner_id::text",
                ([alice.run_id, second, alice.run_id, second, alice.run_id],),
            )
        ).fetchall()
    async with db.as_user(alice.claims) as conn:
        then = await (
            await conn.execute(
                "insert into public.run_events (run_id, type) values (%s, 'step.log'), (%s, 'step.log') "
                "returning run_id::text, seq",
                (second, alice.run_id),
            )
        ).fetchall()

    # Then each run's events are numbered on from its last one, in insert order, owned by Alice
    assert [(r["run_id"], r["seq"]) for r in first] == [
        (alice.run_id, 2),
        (second, 1),
        (alice.run_id, 3),
        (second, 2),
        (alice.run_id, 4),
    ]
    assert {r["owner_id"] for r in first} == {alice.user_id}
    assert [(r["run_id"], r["seq"]) for r in then] == [(second, 3), (alice.run_id, 5)]
    # And each run's counter is its highest seq
    counters = dict(
        _admin_rows(
            admin_url, "select id::text, last_event_seq from runs where id in (%s, %s)", alice.run_id, second
        )
    )
    assert counters == {alice.run_id: 5, second: 3}


async def test_service_role_still_appends_to_any_run_with_its_owner(admin_url: str, alice: Owned) -> None:
    # Given Supabase's service role (no signed user; bypasses RLS)
    with psycopg.connect(admin_url) as conn:
        conn.execute("set local role service_role")
        # When it appends to Alice's run without naming an owner
        row = conn.execute(
            "insert into public.run_events (run_id, type) values (%s, 'run.cancelled') "
            "returning seq, owner_id::text",
            (alice.run_id,),
        ).fetchone()
        # Then the event is numbered after hers and owned by her, as before
        assert row == (2, alice.user_id)
        # And a run that does not exist is refused as before
        with pytest.raises(errors.ForeignKeyViolation, match="does not exist"):
            conn.execute(
                "insert into public.run_events (run_id, type) values (%s, 'step.log')", (str(uuid.uuid4()),)
            )


@pytest.fixture
async def counting_db(settings: Settings, admin_url: str) -> AsyncIterator[Database]:
    """A pool whose sessions count function calls (track_functions, set at connection by the admin)."""
    url = make_conninfo(admin_url, options="-c track_functions=all")
    db = Database(settings.database, url=url, application_name="counting", max_size=1)
    await db.open()
    yield db
    await db.close()


async def test_the_signed_user_is_checked_once_per_event(
    counting_db: Database, admin_url: str, alice: Owned
) -> None:
    # Given Alice's transaction, as the runner opens it
    second = another_run(admin_url, alice.user_id, alice.workflow_id)
    events = 10
    async with counting_db.as_user(alice.claims) as conn:
        # When one statement appends ten events to two of her runs
        await conn.execute(
            "insert into public.run_events (run_id, type) "
            "select case when n %% 2 = 0 then %s::uuid else %s::uuid end, 'step.log' "
            "from generate_series(1, %s) n",
            (alice.run_id, second, events),
        )
        row = await (
            await conn.execute(
                "select pg_stat_get_xact_function_calls('orrery_private.uid()'::regprocedure) as calls"
            )
        ).fetchone()
    # Then the claims' signature was checked about once per event (the seq trigger's lookup),
    # plus once for the insert policy (11 for 10 events; before: 22, twice per event and twice more)
    assert row is not None
    assert row["calls"] <= events + 1, row


async def test_concurrent_appends_to_one_run_still_queue_on_its_lock(db: Database, alice: Owned) -> None:
    # Given Alice's run, and two of her transactions appending to it at once
    async def append(kinds: list[str], hold: float) -> list[int]:
        async with db.as_user(alice.claims) as conn:
            cur = await conn.execute(
                "insert into public.run_events (run_id, type) select %s, unnest(%s::text[]) returning seq",
                (alice.run_id, kinds),
            )
            seqs = [r["seq"] for r in await cur.fetchall()]
            await asyncio.sleep(hold)
            return seqs

    # When the first holds its transaction open a while and the second starts meanwhile
    first = asyncio.create_task(append(["step.log", "step.log"], 0.3))
    await asyncio.sleep(0.1)
    second = await append(["step.log"], 0)
    # Then the second waited for the first's commit and numbered after it: no seq given twice
    assert await first == [2, 3]
    assert second == [4]
