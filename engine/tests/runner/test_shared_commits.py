"""A worker holding several runs commits their steps together, in one transaction, each run
still fenced by its own lease: a run taken over by another worker gets none of its writes
committed by the others' transaction, and one run's bad write does not fail the others."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest
from redis.asyncio import Redis

from orrery.errors import LeaseLost
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.events.live import LivePublisher, stream_key
from orrery.runner import lease
from orrery.runner.committer import Committer
from orrery.runner.deps import RunnerDeps
from orrery.runner.errors import CancelRequested
from orrery.settings import Settings, load_settings
from orrery.store.database import Database
from tests.runner.conftest import User, make_user
from tests.runner.test_worker_admission import _deps, _queued_run


def _worker(db: Database, env: dict[str, str], redis: Redis) -> RunnerDeps:
    deps = _deps(db, db, load_settings(env, process="worker"))
    deps.publisher = LivePublisher(redis)
    deps.commits._publisher = deps.publisher
    return deps


async def _held_committer(deps: RunnerDeps, admin_url: str, user: User) -> Committer:
    """A run this worker leased, with its writer started on the worker's shared batcher."""
    run_id = _queued_run(admin_url, user.id)
    claim = await lease.claim(deps, run_id, user.claims)
    assert not isinstance(claim, str), claim
    committer = Committer(deps.db, user.claims, run_id, claim.token, deps.publisher)
    committer.batcher = deps.commits
    committer.start()
    return committer


def _started(committer: Committer, node_id: str = "work", **fields: Any) -> t.Change:
    change = t.step_started(
        committer.run_id, node_id, 1, input={"inputs": {}, "steps": {}}, executions=1, worker="test-worker"
    )
    if fields:
        scope, node, attempt, own = change.steps[0]
        change = t.Change(steps=((scope, node, attempt, {**own, **fields}),), events=change.events)
    return change


def _rows(admin_url: str, run_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each run's `work` step row with the id of the transaction that wrote it, and its events."""
    with psycopg.connect(admin_url) as conn:
        steps = conn.execute(
            "select run_id::text, status, xmin::text as tx from run_steps "
            "where run_id = any(%s::uuid[]) and node_id = 'work'",
            (run_ids,),
        ).fetchall()
        events = conn.execute(
            "select run_id::text, count(*), max(seq) from run_events where run_id = any(%s::uuid[]) "
            "group by run_id",
            (run_ids,),
        ).fetchall()
    found: dict[str, dict[str, Any]] = {r: {"events": 0} for r in run_ids}
    for run_id, status, tx in steps:
        found[run_id].update(status=status, tx=tx)
    for run_id, count, last in events:
        found[run_id].update(events=count, last_seq=last)
    return found


async def test_several_runs_steps_commit_in_one_transaction_and_go_live(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a worker holding three runs of two users
    deps = _worker(worker_db, env, redis)
    ada, bob = (make_user(admin_url, settings.auth.jwt_secret) for _ in range(2))
    committers = [await _held_committer(deps, admin_url, user) for user in (ada, ada, bob)]

    # When a step of each starts at the same moment
    await asyncio.gather(*(c.write(_started(c)) for c in committers))

    # Then the three runs' steps were written by one transaction, each as its own owner's row
    run_ids = [c.run_id for c in committers]
    rows = _rows(admin_url, run_ids)
    assert deps.commits.transactions == 1
    assert {rows[r]["status"] for r in run_ids} == {"running"}
    assert len({rows[r]["tx"] for r in run_ids}) == 1
    # and each run's `step.started` got the run's next seq, and was published on its stream
    for committer in committers:
        assert rows[committer.run_id]["events"] == 1
        assert committer.last_seq == rows[committer.run_id]["last_seq"]
        live = await redis.xrange(stream_key(committer.run_id))
        assert [entry[b"type"] for _, entry in live] == [b"step.started"]
    for committer in committers:
        await committer.close()


async def test_a_run_taken_over_gets_nothing_committed_by_the_others_transaction(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a worker holding three runs, one of which another worker has taken over meanwhile
    deps = _worker(worker_db, env, redis)
    ada = make_user(admin_url, settings.auth.jwt_secret)
    committers = [await _held_committer(deps, admin_url, ada) for _ in range(3)]
    taken = committers[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "update runs set lease_owner = 'other', lease_token = lease_token + 1 where id = %s",
            (taken.run_id,),
        )

    # When a step of each starts at the same moment
    outcomes = await asyncio.gather(*(c.write(_started(c)) for c in committers), return_exceptions=True)

    # Then the run taken over is told its lease is lost, and none of its writes were made
    assert isinstance(outcomes[1], LeaseLost)
    rows = _rows(admin_url, [c.run_id for c in committers])
    assert "status" not in rows[taken.run_id]
    assert rows[taken.run_id]["events"] == 0
    assert await redis.xlen(stream_key(taken.run_id)) == 0
    # while the two runs still ours committed together
    ours = [committers[0].run_id, committers[2].run_id]
    assert outcomes[0] is None
    assert outcomes[2] is None
    assert deps.commits.transactions == 1
    assert {rows[r]["status"] for r in ours} == {"running"}
    assert rows[ours[0]]["tx"] == rows[ours[1]]["tx"]
    for committer in committers:
        await committer.close()


async def test_one_runs_bad_write_does_not_fail_the_others(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a worker holding three runs, one of which writes a step the database refuses
    deps = _worker(worker_db, env, redis)
    ada = make_user(admin_url, settings.auth.jwt_secret)
    committers = [await _held_committer(deps, admin_url, ada) for _ in range(3)]
    bad = committers[0]

    # When a step of each starts at the same moment
    changes = [_started(c, status="bogus") if c is bad else _started(c) for c in committers]
    outcomes = await asyncio.gather(
        *(c.write(w) for c, w in zip(committers, changes, strict=True)), return_exceptions=True
    )

    # Then the bad run's writer fails with the database's refusal
    assert isinstance(outcomes[0], psycopg.errors.CheckViolation)
    # and the other two runs' steps are committed all the same (each on its own)
    rows = _rows(admin_url, [c.run_id for c in committers])
    assert "status" not in rows[bad.run_id]
    assert outcomes[1] is None
    assert outcomes[2] is None
    assert all(rows[c.run_id]["status"] == "running" for c in committers[1:])
    for committer in committers:
        await committer.close()


async def test_a_runs_ending_shares_the_transaction_and_is_refused_after_a_cancel(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a worker holding three runs: two about to succeed, one of them cancelled by its user
    # meanwhile, and a third starting a step
    deps = _worker(worker_db, env, redis)
    ada = make_user(admin_url, settings.auth.jwt_secret)
    ending, cancelled, stepping = [await _held_committer(deps, admin_url, ada) for _ in range(3)]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("update runs set cancel_requested_at = now() where id = %s", (cancelled.run_id,))

    # When the two write their success and the third its step, at the same moment
    def success(committer: Committer) -> t.Change:
        return t.run_succeeded(committer.run_id, outputs={"done": True}, usage=ev.Usage(), duration_ms=5)

    outcomes = await asyncio.gather(
        ending.write(success(ending)),
        cancelled.write(success(cancelled)),
        stepping.write(_started(stepping)),
        return_exceptions=True,
    )

    # Then the cancelled run's success is refused (it will end cancelled), and not written
    assert isinstance(outcomes[1], CancelRequested)
    # while the other run succeeded and the step started, in one transaction
    assert outcomes[0] is None
    assert outcomes[2] is None
    assert deps.commits.transactions == 1
    with psycopg.connect(admin_url) as conn:
        runs = {
            row[0]: row[1:]
            for row in conn.execute(
                "select id::text, status, xmin::text from runs where id = any(%s::uuid[])",
                ([ending.run_id, cancelled.run_id],),
            ).fetchall()
        }
    step = _rows(admin_url, [stepping.run_id])[stepping.run_id]
    assert runs[ending.run_id] == ("succeeded", step["tx"])
    assert runs[cancelled.run_id][0] == "queued"
    assert step["status"] == "running"
    for committer in (ending, cancelled, stepping):
        await committer.close()


async def test_an_ending_committed_alone_after_a_failed_shared_commit_still_respects_the_cancel(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a run about to succeed that its user cancelled meanwhile, and another run whose
    # step write the database refuses (so their shared transaction fails)
    deps = _worker(worker_db, env, redis)
    ada = make_user(admin_url, settings.auth.jwt_secret)
    cancelled, bad = [await _held_committer(deps, admin_url, ada) for _ in range(2)]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("update runs set cancel_requested_at = now() where id = %s", (cancelled.run_id,))

    # When both write at the same moment
    success = t.run_succeeded(cancelled.run_id, outputs={}, usage=ev.Usage(), duration_ms=5)
    outcomes = await asyncio.gather(
        cancelled.write(success), bad.write(_started(bad, status="bogus")), return_exceptions=True
    )

    # Then, each committed alone, the success is still refused for the cancel, and not written
    assert isinstance(outcomes[0], CancelRequested)
    assert isinstance(outcomes[1], psycopg.errors.CheckViolation)
    with psycopg.connect(admin_url) as conn:
        status = conn.execute("select status from runs where id = %s", (cancelled.run_id,)).fetchone()
    assert status == ("queued",)
    for committer in (cancelled, bad):
        await committer.close()


async def test_a_submit_nobody_waits_for_is_committed_without_a_future(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a run's writer, and a pure step's start and success submitted as the runner does:
    # waiting for neither
    deps = _worker(worker_db, env, redis)
    committer = await _held_committer(deps, admin_url, make_user(admin_url, settings.auth.jwt_secret))
    run_id = committer.run_id
    loop = asyncio.get_running_loop()
    made = 0
    create_future = loop.create_future

    def counting() -> asyncio.Future[Any]:
        nonlocal made
        made += 1
        return create_future()

    loop.create_future = counting  # type: ignore[method-assign]
    try:
        committer.submit(_started(committer))
        committer.submit(t.step_succeeded(run_id, "work", 1, output="done", duration_ms=1))
        futures_made = made
    finally:
        del loop.create_future  # type: ignore[method-assign]

    # When the run waits for what it submitted
    await committer.flush()

    # Then both were committed, and the submits made no future of their own
    assert futures_made == 0
    assert _rows(admin_url, [run_id])[run_id]["status"] == "succeeded"
    # and once the writer has failed, a submit is dropped while a write says why
    committer.failure = LeaseLost("taken over")
    committer.submit(t.step_succeeded(run_id, "work", 1, output="again", duration_ms=1))
    assert not committer._pending
    with pytest.raises(LeaseLost):
        await committer.write(t.step_succeeded(run_id, "work", 1, output="again", duration_ms=1))
    await committer.close()


async def test_a_runs_ending_gives_its_lease_up_in_the_same_transaction(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a run held by a worker that gives leases up with the runs' endings
    deps = _worker(worker_db, env, redis)
    committer = await _held_committer(deps, admin_url, make_user(admin_url, settings.auth.jwt_secret))
    committer.release_with_ending = True
    run_id = committer.run_id
    await committer.write(_started(committer))
    assert committer.released is None  # a plain batch gives nothing up

    # When its success is written
    await committer.write(t.run_succeeded(run_id, outputs={}, usage=ev.Usage(), duration_ms=5))

    # Then the lease was given up by the transaction that wrote the success and its event
    released = committer.released
    assert released is not None
    assert released["released"] is True
    assert released["status"] == "succeeded"
    with psycopg.connect(admin_url) as conn:
        run = conn.execute(
            "select lease_owner, last_event_seq, xmin::text from runs where id = %s", (run_id,)
        ).fetchone()
        event = conn.execute(
            "select seq, xmin::text from run_events where run_id = %s and type = 'run.succeeded'", (run_id,)
        ).fetchone()
    assert run is not None
    assert event is not None
    assert run[0] is None
    assert run[2] == event[1]
    # and what it answered is the run as that transaction left it
    assert released["last_event_seq"] == run[1] == event[0] == committer.last_seq
    await committer.close()


async def test_a_flush_waits_for_the_batch_already_being_committed(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a run's writer whose batch (an approval parking) is being committed, held up by a
    # lock on the run's row (as by another run's share of the worker's transaction)
    deps = _worker(worker_db, env, redis)
    committer = await _held_committer(deps, admin_url, make_user(admin_url, settings.auth.jwt_secret))
    run_id = committer.run_id
    committer.submit(_started(committer))
    await committer.flush()
    with psycopg.connect(admin_url) as blocker:
        blocker.execute("select 1 from runs where id = %s for update", (run_id,))
        parked = committer.committed(
            t.step_waiting(run_id, "work", 1, pending={"message": "OK?"}, waiting_until=None, usage=None)
        )
        for _ in range(50):  # the writer has taken the batch: nothing is pending any more
            await asyncio.sleep(0.01)
            if not committer._pending:
                break
        assert not committer._pending
        assert not parked.done()

        # When the run flushes before reading its steps back (as it does before it parks)
        flushed = asyncio.ensure_future(committer.flush())
        await asyncio.sleep(0.3)

        # Then the flush is still waiting for that batch
        assert not flushed.done()
        blocker.rollback()
    await asyncio.wait_for(flushed, 10)
    # and once it returns, the step reads as waiting
    assert parked.done()
    assert _rows(admin_url, [run_id])[run_id]["status"] == "waiting"
    await committer.close()
