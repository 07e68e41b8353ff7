"""Fewer stored events per pure step: a pure step (transform, router, input, output...) whose
queued, start and success commit together stores only its success, which carries when it
started and what it read; its start goes to live watchers only. An effectful step (an HTTP call)
stores its queued and its start as before, so a crash mid-call is on record first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg
from redis.asyncio import Redis

from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.events.live import stream_key
from orrery.settings import Settings
from orrery.store.database import Database
from tests.runner.conftest import Api, WorkerProcess, make_user, steps_by_node
from tests.runner.test_scheduling import edge, node, workflow
from tests.runner.test_shared_commits import _held_committer, _worker
from tests.support.local_server import LocalServer

CHAIN = 20


def _chain(n: int) -> dict[str, Any]:
    """input -> n - 2 transforms -> output: n nodes, each reading the one before."""
    nodes = [node("start", "input")]
    edges = []
    previous = "start"
    for i in range(n - 2):
        nodes.append(node(f"t{i}", "transform", {"template": f"{i}:{{{{ steps.{previous}.output }}}}"}))
        edges.append(edge(previous, f"t{i}"))
        previous = f"t{i}"
    nodes.append(node("result", "output"))
    edges.append(edge(previous, "result"))
    return workflow(nodes, edges)


def _stored(api: Api, run_id: str) -> list[tuple[str, dict[str, Any]]]:
    return [(kind, data) for _, kind, data in api.events(run_id)]


async def test_a_chain_of_twenty_transforms_stores_one_event_per_step(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a 20-node chain of pure steps
    workflow_id = api.create_workflow(_chain(CHAIN))

    # When it runs (a second time: its templates compiled)
    run = await api.run_warm(workflow_id)
    assert run["status"] == "succeeded", run

    # Then it stored 23 events, not 63: the run's queued, started and succeeded, and one
    # `step.succeeded` per step (no `step.queued` or `step.started` of its own)
    events = _stored(api, run["id"])
    kinds = [kind for kind, _ in events]
    assert kinds == ["run.queued", "run.started", *["step.succeeded"] * CHAIN, "run.succeeded"], kinds
    # and each success says when its step started and what it read, as its row does
    rows = steps_by_node(run)
    for _, data in events[2:-1]:
        row = rows[data["node_id"]][-1]
        assert data["started_at"] == row["started_at"].replace("+00:00", "Z")
        assert data["input"] == row["input"]
        assert (row["status"], row["executions"], row["attempt"]) == ("succeeded", 1, 1)
    assert rows["t17"][-1]["input"]["steps"] == {"t16": rows["t16"][-1]["output"]}


async def test_an_http_step_still_stores_its_queued_and_its_start(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given input -> an HTTP call -> a transform -> output
    spec = workflow(
        [
            node("start", "input"),
            node("call", "http", {"url": web.url("/slow?seconds=0.05")}),
            node("shape", "transform", {"template": "got {{ steps.call.output.status }}"}),
            node("result", "output"),
        ],
        [edge("start", "call"), edge("call", "shape"), edge("shape", "result")],
    )

    # When it runs (a second time: its templates compiled)
    run = await api.run_warm(api.create_workflow(spec))
    assert run["status"] == "succeeded", run

    # Then the call's queued, start and success are each stored, the success as it always was
    events = _stored(api, run["id"])
    call = [(kind, data) for kind, data in events if data.get("node_id") == "call" and kind != "step.log"]
    assert [kind for kind, _ in call] == ["step.queued", "step.started", "step.succeeded"]
    assert call[-1][1]["started_at"] is None
    assert call[-1][1]["input"] is None
    # while the transform after it stored its success alone
    shape = [kind for kind, data in events if data.get("node_id") == "shape"]
    assert shape == ["step.succeeded"]


async def test_a_pure_step_that_starts_and_succeeds_in_one_commit_is_seen_running_live(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a worker holding a run, and a pure step that streamed a delta in an earlier step
    deps = _worker(worker_db, env, redis)
    committer = await _held_committer(deps, admin_url, make_user(admin_url, settings.auth.jwt_secret))
    run_id = committer.run_id
    await deps.publisher.publish_delta(
        run_id, ev.StepDelta(run_id=run_id, at=t.now(), node_id="w", text="hi")
    )

    # When its queued, start and success are submitted before the writer commits any of them
    step_input = {"inputs": {"topic": "owls"}, "steps": {}}
    queued = committer.committed(t.step_queued(run_id, "pure", 1, foldable=True))
    started = t.step_started(run_id, "pure", 1, input=step_input, executions=1, worker="w", foldable=True)
    committer.submit(started)
    await committer.write(t.step_succeeded(run_id, "pure", 1, output="done", duration_ms=3))
    await queued

    # Then one event is stored: the success, with the start's time and input
    with psycopg.connect(admin_url) as conn:
        stored = conn.execute(
            "select seq, type, data from run_events where run_id = %s order by seq", (run_id,)
        ).fetchall()
        row = conn.execute(
            "select status, started_at, input, executions from run_steps where run_id = %s", (run_id,)
        ).fetchone()
    assert [(kind, data["node_id"]) for _, kind, data in stored] == [("step.succeeded", "pure")]
    seq, _, data = stored[0]
    assert data["input"] == step_input
    assert datetime.fromisoformat(data["started_at"]) == started.events[0].at
    # and the row has every field of the start and the success
    assert row is not None
    assert (row[0], row[1] is not None, row[2], row[3]) == ("succeeded", True, step_input, 1)
    # and live watchers get the start (no seq, after the delta) before the success
    live = await redis.xrange(stream_key(run_id))
    assert [(entry_id, entry[b"type"], entry[b"seq"]) for entry_id, entry in live] == [
        (f"{seq - 1}-1".encode(), b"step.delta", b""),
        (f"{seq - 1}-2".encode(), b"step.started", b""),
        (f"{seq}-0".encode(), b"step.succeeded", str(seq).encode()),
    ]
    await committer.close()


async def test_a_pure_step_whose_start_committed_first_keeps_its_start_stored(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database, redis: Redis
) -> None:
    # Given a worker holding a run
    deps = _worker(worker_db, env, redis)
    committer = await _held_committer(deps, admin_url, make_user(admin_url, settings.auth.jwt_secret))
    run_id = committer.run_id

    # When a pure step's start is committed, and its success comes in a later commit (it ran a while)
    step_input = {"inputs": {}, "steps": {}}
    await committer.write(
        t.step_started(run_id, "slow", 1, input=step_input, executions=1, worker="w", foldable=True)
    )
    await committer.write(t.step_succeeded(run_id, "slow", 1, output="done"))

    # Then both are stored, as for any step: a watcher who reconnects meanwhile saw it running
    with psycopg.connect(admin_url) as conn:
        stored = conn.execute(
            "select type, data from run_events where run_id = %s order by seq", (run_id,)
        ).fetchall()
    assert [kind for kind, _ in stored] == ["step.started", "step.succeeded"]
    assert stored[1][1]["started_at"] is None
    await committer.close()
