"""A child run's ending resolves the step that started it, in its own transaction, exactly once;
a run's unfinished descendants are cancelled with it. Against the real database, as the owner."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from orrery.events import lineage
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.store import runs
from orrery.store.database import Database
from tests.store.rls_helpers import Owned, create_everything, create_user

NODE = "research"


@pytest.fixture
async def alice(db: Database, admin_url: str) -> Owned:
    """Alice's run, whose step `research` (attempt 1) is queued."""
    return await create_everything(db, create_user(admin_url))


async def apply(db: Database, owned: Owned, run_id: str, change: t.Change) -> None:
    async with db.as_user(owned.claims) as conn:
        await t.apply(conn, run_id, change)


async def start_child(db: Database, owned: Owned, parent_run: str, attempt: int = 1) -> str:
    async with db.as_user(owned.claims) as conn:
        row, created = await runs.insert_child_run(
            conn,
            workflow_id=owned.workflow_id,
            version=1,
            inputs={},
            budgets={},
            parent=(parent_run, NODE, "", attempt),
            depth=1,
        )
    assert created
    return str(row["id"])


async def end(db: Database, owned: Owned, run_id: str, status: str) -> None:
    """The child's ending, as its runner writes it (its totals first)."""
    await apply(db, owned, run_id, t.Change(usage=(120, 30, 0.25)))
    if status == "succeeded":
        ending = t.run_succeeded(run_id, outputs={"headline": "HI"}, usage=ev.Usage(), duration_ms=5)
    elif status == "failed":
        error = ev.ErrorInfo(code="http_status", message="404 from the site", node_id="call")
        ending = t.run_failed(run_id, error=error, duration_ms=5)
    else:
        ending = t.run_cancelled(run_id, by_request=True)
    await apply(db, owned, run_id, ending)


async def resolve(db: Database, owned: Owned, child: str) -> lineage.Touched | None:
    async with db.as_user(owned.claims) as conn:
        return await lineage.resolve_parent(conn, child)


async def step_row(db: Database, owned: Owned) -> dict[str, Any]:
    async with db.as_user(owned.claims) as conn:
        [row] = [s for s in await runs.current_steps(conn, owned.run_id) if s["node_id"] == NODE]
        return row


async def events(db: Database, owned: Owned, kind: str) -> int:
    async with db.as_user(owned.claims) as conn:
        cur = await conn.execute(
            "select count(*) as n from public.run_events "
            "where run_id = %s and type = %s and data->>'node_id' = %s",
            (owned.run_id, kind, NODE),
        )
        row = await cur.fetchone()
    assert row is not None
    return int(row["n"])


async def park(db: Database, owned: Owned, child: str) -> None:
    await apply(
        db,
        owned,
        owned.run_id,
        t.step_waiting(owned.run_id, NODE, 1, pending={"run_id": child}, waiting_until=None),
    )
    await apply(db, owned, owned.run_id, t.run_waiting(owned.run_id, waiting_nodes=[NODE]))


async def test_a_succeeded_child_resolves_its_waiting_step_with_its_outputs_and_totals(
    db: Database, alice: Owned
) -> None:
    # Given Alice's run waiting in `research` for the child run that step started, which succeeds
    child = await start_child(db, alice, alice.run_id)
    await park(db, alice, child)
    await end(db, alice, child, "succeeded")

    # When the child's ending resolves its parent
    touched = await resolve(db, alice, child)

    # Then the step succeeded with the child's outputs and totals, and the run goes on
    step = await step_row(db, alice)
    assert (step["status"], step["output"]) == ("succeeded", {"headline": "HI"})
    assert (step["tokens_in"], step["tokens_out"], float(step["cost_usd"])) == (120, 30, 0.25)
    async with db.as_user(alice.claims) as conn:
        parent = await runs.fetch_run(conn, alice.run_id)
    assert parent is not None
    assert (parent["status"], parent["tokens_in"], parent["tokens_out"]) == ("running", 120, 30)
    assert touched is not None
    assert (touched.run_id, touched.control, touched.dispatch_delay_ms) == (alice.run_id, "reload", 0)
    assert [e.type for e in touched.events] == ["step.succeeded"]

    # And resolving again changes nothing
    assert await resolve(db, alice, child) is None
    assert await events(db, alice, "step.succeeded") == 1


@pytest.mark.parametrize(
    ("status", "code", "words"),
    [
        ("failed", "child_run_failed", "failed at `call`: 404 from the site"),
        ("cancelled", "child_run_cancelled", "was cancelled"),
    ],
)
async def test_a_child_that_did_not_succeed_fails_the_step_saying_why(
    db: Database, alice: Owned, status: str, code: str, words: str
) -> None:
    child = await start_child(db, alice, alice.run_id)
    await park(db, alice, child)
    await end(db, alice, child, status)

    await resolve(db, alice, child)

    step = await step_row(db, alice)
    assert (step["status"], step["error"]["code"], step["error"]["node_id"]) == ("failed", code, NODE)
    assert words in step["error"]["message"]
    assert step["error"]["details"]["child_run_id"] == child
    async with db.as_user(alice.claims) as conn:
        parent = await runs.fetch_run(conn, alice.run_id)
    assert parent is not None
    assert parent["tokens_in"] == 120  # what the child spent counts, even though it did not succeed


async def test_a_step_not_parked_yet_is_left_to_its_runner(db: Database, alice: Owned) -> None:
    # Given a child that ended while the step that started it was still running (not parked)
    child = await start_child(db, alice, alice.run_id)
    await apply(
        db, alice, alice.run_id, t.step_started(alice.run_id, NODE, 1, input={}, executions=1, worker="w")
    )
    await end(db, alice, child, "succeeded")

    # When its ending tries to resolve the step, then it does not (the step would be overwritten)
    assert await resolve(db, alice, child) is None
    assert (await step_row(db, alice))["status"] == "running"

    # And once the step is parked, looking again resolves it (what the runner does after parking)
    await park(db, alice, child)
    assert await resolve(db, alice, child) is not None
    assert (await step_row(db, alice))["status"] == "succeeded"


async def test_a_parent_being_cancelled_or_retried_is_not_resolved(db: Database, alice: Owned) -> None:
    # Given a waiting step whose run is being cancelled
    child = await start_child(db, alice, alice.run_id)
    await park(db, alice, child)
    await end(db, alice, child, "succeeded")
    await apply(db, alice, alice.run_id, t.cancel_requested())

    # Then the child's ending leaves the step to the parent's own ending
    assert await resolve(db, alice, child) is None
    assert (await step_row(db, alice))["status"] == "waiting"


async def test_two_transactions_resolving_the_same_child_resolve_it_once(db: Database, alice: Owned) -> None:
    # Given an ended child whose step waits
    child = await start_child(db, alice, alice.run_id)
    await park(db, alice, child)
    await end(db, alice, child, "succeeded")

    # When its ending and its parent's runner both try at the same moment
    results = await asyncio.gather(*(resolve(db, alice, child) for _ in range(4)))

    # Then exactly one resolves it
    assert sum(r is not None for r in results) == 1
    assert await events(db, alice, "step.succeeded") == 1


async def test_one_step_attempt_starts_one_child(db: Database, alice: Owned) -> None:
    # When the same step attempt asks for its child twice at once (a re-execution)
    async def insert() -> tuple[str, bool]:
        async with db.as_user(alice.claims) as conn:
            row, created = await runs.insert_child_run(
                conn,
                workflow_id=alice.workflow_id,
                version=1,
                inputs={},
                budgets={},
                parent=(alice.run_id, NODE, "", 1),
                depth=1,
            )
        return str(row["id"]), created

    first, second = await asyncio.gather(insert(), insert())

    # Then both get the same run, and only one created it; the next attempt gets its own
    assert first[0] == second[0]
    assert sorted([first[1], second[1]]) == [False, True]
    assert await start_child(db, alice, alice.run_id, attempt=2) != first[0]


async def test_cancelling_descendants_ends_those_nobody_holds_and_asks_the_held_to_stop(
    db: Database, alice: Owned
) -> None:
    # Given a child nobody executes (waiting), its own child held by a worker, and an ended child
    waiting = await start_child(db, alice, alice.run_id)
    await apply(db, alice, waiting, t.step_waiting(waiting, "review", 1, pending={}, waiting_until=None))
    await apply(db, alice, waiting, t.run_waiting(waiting, waiting_nodes=["review"]))
    async with db.as_user(alice.claims) as conn:
        row, _ = await runs.insert_child_run(
            conn,
            workflow_id=alice.workflow_id,
            version=1,
            inputs={},
            budgets={},
            parent=(waiting, "sub", "", 1),
            depth=2,
        )
        held = str(row["id"])
        await runs.acquire_lease(conn, held, "worker-1", 30)
    ended = await start_child(db, alice, alice.run_id, attempt=2)
    await end(db, alice, ended, "succeeded")

    # When the top run's descendants are cancelled
    async with db.as_user(alice.claims) as conn:
        touched = await lineage.cancel_descendants(conn, alice.run_id)

    # Then the deepest comes first: the held one is asked to stop (its worker ends it), the
    # waiting one is ended with its step; the ended one is left alone
    assert [(x.run_id, x.control) for x in touched] == [(held, "cancel"), (waiting, None)]
    async with db.as_user(alice.claims) as conn:
        states = {r: await runs.fetch_run(conn, r) for r in (waiting, held, ended)}
        review = (await runs.current_steps(conn, waiting))[0]
    assert states[waiting]["status"] == "cancelled"  # type: ignore[index]
    assert review["status"] == "cancelled"
    assert states[held]["cancel_requested_at"] is not None  # type: ignore[index]
    assert states[ended]["status"] == "succeeded"  # type: ignore[index]
