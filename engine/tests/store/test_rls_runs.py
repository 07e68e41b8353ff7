"""Runs, steps and events as the runner writes them, acting as the run's owner."""

from __future__ import annotations

import asyncio

import psycopg
import pytest
from psycopg import errors

from orrery.store.database import Database

from .rls_helpers import Owned, create_everything, create_user


@pytest.fixture
async def alice(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


async def test_the_runner_acting_as_the_owner_can_carry_a_run_to_its_end(db: Database, alice: Owned) -> None:
    # Given Alice's queued run with one queued step
    # When a worker, with Alice's claims, leases the run, runs the step and finishes the run
    async with db.as_user(alice.claims) as conn:
        leased = await (
            await conn.execute(
                "update public.runs set status = 'running', started_at = now(), lease_owner = 'worker-1', "
                "lease_token = lease_token + 1, lease_expires_at = now() + interval '30 seconds' "
                "where id = %s and status = 'queued' returning lease_token",
                (alice.run_id,),
            )
        ).fetchone()
        assert leased == {"lease_token": 1}
        await conn.execute(
            "update public.run_steps set status = 'succeeded', output = '\"notes\"', model = 'demo', "
            "tokens_in = 10, tokens_out = 20, cost_usd = 0.00001, idempotency_key = %s, "
            "started_at = now(), finished_at = now() where id = %s",
            (f"{alice.run_id}:research:1", alice.step_id),
        )
        await conn.execute(
            "insert into public.run_events (run_id, type, data) values (%s, 'step.succeeded', '{}')",
            (alice.run_id,),
        )
        finished = await (
            await conn.execute(
                "update public.runs set status = 'succeeded', outputs = '{\"script\": \"notes\"}', "
                "tokens_in = 10, tokens_out = 20, cost_usd = 0.00001, finished_at = now(), "
                "lease_owner = null, lease_expires_at = null "
                "where id = %s and lease_token = 1 returning status, last_event_seq",
                (alice.run_id,),
            )
        ).fetchone()

    # Then the run has succeeded with both of its events numbered
    assert finished == {"status": "succeeded", "last_event_seq": 2}


@pytest.mark.parametrize(
    "change",
    ["workflow_version = 2", "workflow_id = gen_random_uuid()", "inputs = '{}'", "idempotency_key = 'k'"],
)
async def test_what_a_run_pinned_never_changes(db: Database, alice: Owned, change: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(f"update public.runs set {change} where id = %s", (alice.run_id,))  # type: ignore[arg-type]


@pytest.mark.parametrize("change", ["node_id = 'other'", "attempt = 2", "run_id = gen_random_uuid()"])
async def test_which_attempt_a_step_is_never_changes(db: Database, alice: Owned, change: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(f"update public.run_steps set {change} where id = %s", (alice.step_id,))  # type: ignore[arg-type]


async def test_an_attempt_is_recorded_once(db: Database, alice: Owned) -> None:
    # Given attempt 1 of `research`
    # When a second worker records attempt 1 of it again
    # Then it is refused (attempts are counted in Postgres)
    with pytest.raises(errors.UniqueViolation):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(
                "insert into public.run_steps (run_id, node_id, attempt) values (%s, 'research', 1)",
                (alice.run_id,),
            )


async def test_events_are_numbered_by_the_database_per_run(db: Database, alice: Owned) -> None:
    # Given Alice's run, which has its `run.queued` event (seq 1)
    # When three more events are appended, one of them naming its own seq
    async with db.as_user(alice.claims) as conn:
        for seq in (None, 99, None):
            await conn.execute(
                "insert into public.run_events (run_id, seq, type) values (%s, %s, 'step.log')",
                (alice.run_id, seq),
            )
        rows = await (
            await conn.execute(
                "select seq from public.run_events where run_id = %s order by seq", (alice.run_id,)
            )
        ).fetchall()
        run = await (
            await conn.execute("select last_event_seq from public.runs where id = %s", (alice.run_id,))
        ).fetchone()

    # Then they are 1..4 with no gap, and the run knows the last
    assert [r["seq"] for r in rows] == [1, 2, 3, 4]
    assert run == {"last_event_seq": 4}


async def test_concurrent_appends_commit_in_seq_order(db: Database, alice: Owned) -> None:
    # Given a transaction that has appended an event but not committed
    await db.pool.resize(2, 2)
    first_appended = asyncio.Event()
    release_first = asyncio.Event()

    async def first() -> None:
        async with db.as_user(alice.claims) as conn:
            await conn.execute(
                "insert into public.run_events (run_id, type) values (%s, 'step.log')", (alice.run_id,)
            )
            first_appended.set()
            await release_first.wait()

    async def second() -> int:
        await first_appended.wait()
        async with db.as_user(alice.claims) as conn:
            row = await (
                await conn.execute(
                    "insert into public.run_events (run_id, type) values (%s, 'step.log') returning seq",
                    (alice.run_id,),
                )
            ).fetchone()
        assert row is not None
        return int(row["seq"])

    # When a second transaction appends meanwhile
    first_task = asyncio.create_task(first())
    second_task = asyncio.create_task(second())
    await first_appended.wait()
    await asyncio.sleep(0.2)

    # Then it waits for the first to commit (so no later seq can be seen before an earlier one)
    assert not second_task.done()
    release_first.set()
    await first_task
    assert await second_task == 3


async def test_events_are_append_only_even_for_their_owner(db: Database, alice: Owned) -> None:
    for sql in ("update public.run_events set data = '{}'", "delete from public.run_events"):
        with pytest.raises(errors.InsufficientPrivilege):
            async with db.as_user(alice.claims) as conn:
                await conn.execute(sql)  # type: ignore[arg-type]


@pytest.mark.parametrize("event_type", ["step.delta", "step", "Step.Log", "workflow.saved"])
async def test_only_durable_run_and_step_events_are_stored(
    db: Database, alice: Owned, event_type: str
) -> None:
    with pytest.raises(errors.CheckViolation):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(
                "insert into public.run_events (run_id, type) values (%s, %s)", (alice.run_id, event_type)
            )


async def test_a_finished_run_has_a_finish_time_and_an_unfinished_one_none(
    db: Database, alice: Owned
) -> None:
    for change in ("status = 'failed'", "finished_at = now()"):
        with pytest.raises(errors.CheckViolation):
            async with db.as_user(alice.claims) as conn:
                await conn.execute(f"update public.runs set {change} where id = %s", (alice.run_id,))  # type: ignore[arg-type]


async def test_one_run_per_idempotency_key_and_owner(db: Database, admin_url: str, alice: Owned) -> None:
    # Given a run Alice started with an idempotency key
    start = "insert into public.runs (workflow_id, workflow_version, idempotency_key) values (%s, 1, 'req-1')"
    async with db.as_user(alice.claims) as conn:
        await conn.execute(start, (alice.workflow_id,))

    # When she sends the same key again
    # Then no second run is made
    with pytest.raises(errors.UniqueViolation):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(start, (alice.workflow_id,))

    # And another user's identical key is his own business
    bob = await create_everything(db, create_user(admin_url))
    async with db.as_user(bob.claims) as conn:
        await conn.execute(start, (bob.workflow_id,))


async def test_the_projects_service_role_can_append_an_event_to_any_run(admin_url: str, alice: Owned) -> None:
    # Given Alice's run, stuck, and Supabase's service_role: an operator's tool (the dashboard,
    # a script with the service key), never an Orrery process (none of our roles may become it)
    # When it fails the run with an event, naming no owner
    with psycopg.connect(admin_url) as conn, conn.transaction():
        conn.execute("set local role service_role")
        conn.execute(
            "update public.runs set status = 'failed', finished_at = now(), error = '{\"code\": \"lost\"}' "
            "where id = %s",
            (alice.run_id,),
        )
        found = conn.execute(
            "insert into public.run_events (run_id, type) values (%s, 'run.failed') "
            "returning seq, owner_id::text",
            (alice.run_id,),
        ).fetchone()
    row = {"seq": found[0], "owner_id": found[1]} if found else None

    # Then the event is numbered next and belongs to Alice, who sees it
    assert row == {"seq": 2, "owner_id": alice.user_id}


def test_the_projects_service_role_can_start_a_run_without_choosing_its_id(
    admin_url: str, alice: Owned
) -> None:
    # Given Supabase's service_role (an operator's script with the service key)
    # When it inserts a run for Alice's workflow without an id
    with psycopg.connect(admin_url) as conn, conn.transaction():
        conn.execute("set local role service_role")
        row = conn.execute(
            "insert into public.runs (owner_id, workflow_id, workflow_version) "
            "select owner_id, workflow_id, workflow_version from public.runs where id = %s "
            "returning substr(id::text, 15, 1)",
            (alice.run_id,),
        ).fetchone()

    # Then the run gets a time-ordered id (a UUIDv7), as the app's runs do
    assert row == ("7",)
