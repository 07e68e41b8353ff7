"""Nothing lost, nothing twice: duplicate requests, dead workers, a restarted Redis."""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from pathlib import Path

import psutil
import pytest

from orrery.dev.embedded_valkey import EmbeddedValkey
from tests.runner.conftest import FAST_LEASES, Api, Isolated, WorkerProcess, start_worker, steps_by_node
from tests.runner.test_scheduling import edge, node, slow_call, workflow
from tests.support.local_server import LocalServer

pytestmark = pytest.mark.slow


async def test_the_same_idempotency_key_twice_creates_one_run(api: Api, worker: WorkerProcess) -> None:
    spec = workflow([node("start", "input"), node("result", "output")], [edge("start", "result")])
    workflow_id = api.create_workflow(spec)
    key = uuid.uuid4().hex

    first = await api.start(workflow_id, **{"Idempotency-Key": key})
    second = await api.start(workflow_id, **{"Idempotency-Key": key})

    assert first.status_code == 202
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    await api.wait(first.json()["id"])


async def test_runs_spread_over_two_workers(
    api: Api, worker: WorkerProcess, env: dict[str, str], tmp_path: Path, web: LocalServer
) -> None:
    # Given a second worker process beside the first
    second = start_worker(env, tmp_path, name="second")
    try:
        spec = slow_call(web, 0.3)
        workflow_id = api.create_workflow(spec)

        # When more runs start at once than one worker takes at a time (8 threads each)
        run_ids = [(await api.start(workflow_id)).json()["id"] for _ in range(40)]
        runs = [await api.wait(run_id, timeout=90) for run_id in run_ids]

        # Then all succeed, and both workers executed some of them
        assert {r["status"] for r in runs} == {"succeeded"}
        workers = {steps_by_node(r)["call"][0]["worker"] for r in runs}
        second_ids = {
            f"{host}:{child.pid}"
            for host in {w.split(":")[0] for w in workers}
            for child in psutil.Process(second.process.pid).children()
        }
        assert len(workers) >= 2, workers
        assert workers & second_ids, (workers, second_ids)
    finally:
        second.stop()


async def _killed_mid_step(
    api: Api, env: dict[str, str], tmp_path: Path, web: LocalServer, failpoint: str | None
) -> None:
    """A worker dies; another takes the run over once the lease lapses, and finishes it exactly once."""
    extra = {"ORRERY_FAILPOINTS": failpoint} if failpoint else {}
    doomed = start_worker({**env, **extra}, tmp_path, name="doomed", doomed=True)
    spec = workflow(
        [
            node("start", "input"),
            node("before", "transform", {"template": "done before"}),
            node("call", "http", {"url": web.url("/slow?seconds=1.5"), "max_attempts": 3}),
            node(
                "after",
                "transform",
                {"template": "{{ steps.before.output }} / {{ steps.call.output.status }}"},
            ),
            node("result", "output", {"value": "{{ steps.after.output }}"}),
        ],
        [edge("start", "before"), edge("before", "call"), edge("call", "after"), edge("after", "result")],
    )
    rescuer: WorkerProcess | None = None
    try:
        run_id = (await api.start(api.create_workflow(spec))).json()["id"]
        await api.wait_step(run_id, "call", "running", timeout=20)
        if failpoint is None:
            await asyncio.sleep(0.3)
            doomed.stop(signal.SIGKILL)  # during the node's work, before its commit
        else:
            deadline = time.monotonic() + 120  # patience: a loaded machine is slow
            while doomed.process.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        doomed.process.wait(10)
        assert doomed.died()

        # When another worker comes up
        rescuer = start_worker(env, tmp_path, name="rescuer")
        run = await api.wait(run_id, timeout=30)

        # Then the run completes; finished steps were not re-run; every step succeeded exactly once
        assert run["status"] == "succeeded", run
        assert run["outputs"] == {"result": "done before / 200"}
        steps = steps_by_node(run)
        for node_id, attempts in steps.items():
            assert [a["status"] for a in attempts].count("succeeded") == 1, (node_id, attempts)
        assert len(steps["before"]) == 1
        events = [(t, d.get("node_id")) for _, t, d in api.events(run_id)]
        assert events.count(("step.succeeded", "call")) == 1
        assert events.count(("run.succeeded", None)) == 1
        # and the interrupted call was made again with the same idempotency key
        keys = [r["headers"].get("Idempotency-Key") for r in web.requests if r["path"] == "/slow"]
        assert keys[0] == f"{run_id}:call:1"
        assert set(keys) == {f"{run_id}:call:1"}
        return None
    finally:
        doomed.stop(signal.SIGKILL)
        if rescuer is not None:
            rescuer.stop()


async def test_a_worker_killed_during_a_step_is_replaced_and_the_step_rerun(
    isolated: Isolated, tmp_path: Path, web: LocalServer
) -> None:
    await _killed_mid_step(isolated.api, isolated.env, tmp_path, web, failpoint=None)


async def test_a_worker_killed_after_commit_before_ack_does_not_repeat_the_step(
    isolated: Isolated, tmp_path: Path, web: LocalServer
) -> None:
    # The call's result is committed, then the worker dies before acknowledging its message:
    # the call is not made again, the run completes.
    await _killed_after_commit(isolated.api, isolated.env, tmp_path, web)
    assert len([r for r in web.requests if r["path"] == "/slow"]) == 1


async def _killed_after_commit(api: Api, env: dict[str, str], tmp_path: Path, web: LocalServer) -> None:
    doomed = start_worker(
        {**env, "ORRERY_FAILPOINTS": "after_commit:call"}, tmp_path, name="doomed", doomed=True
    )
    spec = workflow(
        [
            node("start", "input"),
            node("call", "http", {"url": web.url("/slow?seconds=0.2")}),
            node("after", "transform", {"template": "{{ steps.call.output.status }}"}),
            node("result", "output"),
        ],
        [edge("start", "call"), edge("call", "after"), edge("after", "result")],
    )
    rescuer: WorkerProcess | None = None
    try:
        run_id = (await api.start(api.create_workflow(spec))).json()["id"]
        deadline = time.monotonic() + 120  # patience: a loaded machine is slow
        while doomed.process.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert "failpoint after_commit:call" in doomed.output(), doomed.output()
        rescuer = start_worker(env, tmp_path, name="rescuer")
        run = await api.wait(run_id, timeout=30)
        assert run["status"] == "succeeded", run
        steps = steps_by_node(run)
        assert [s["status"] for s in steps["call"]] == ["succeeded"]
        assert steps["after"][0]["output"] == "200"
    finally:
        doomed.stop(signal.SIGKILL)
        if rescuer is not None:
            rescuer.stop()


async def test_a_step_whose_worker_dies_every_time_fails_after_its_attempts(
    isolated: Isolated, tmp_path: Path, web: LocalServer
) -> None:
    api, env = isolated.api, isolated.env
    # Given a step that kills its worker before committing, every time (max 2 attempts)
    spec = slow_call(web, 0.1, max_attempts=2)
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    for _ in range(2):
        # (each dies, and the next must find the run by itself: they sweep)
        doomed = start_worker(
            {**env, "ORRERY_FAILPOINTS": "before_commit:call"}, tmp_path, name="doomed", overrides=FAST_LEASES
        )
        deadline = time.monotonic() + 120  # patience: a loaded machine is slow
        while doomed.process.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        doomed.stop(signal.SIGKILL)
    rescuer = start_worker(env, tmp_path, name="rescuer")
    try:
        run = await api.wait(run_id, timeout=30)
    finally:
        rescuer.stop()

    # Then it fails with a clear reason instead of coming back forever
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "worker_lost"
    assert run["error"]["node_id"] == "call"


async def test_a_redis_restart_mid_run_loses_nothing(
    api: Api, worker: WorkerProcess, valkey: EmbeddedValkey, web: LocalServer
) -> None:
    # Given a run in the middle of a call
    spec = workflow(
        [
            node("start", "input"),
            node("call", "http", {"url": web.url("/slow?seconds=1.5")}),
            node("after", "transform", {"template": "after"}),
            node("result", "output"),
        ],
        [edge("start", "call"), edge("call", "after"), edge("after", "result")],
    )
    workflow_id = api.create_workflow(spec)
    run_id = (await api.start(workflow_id)).json()["id"]
    await api.wait_step(run_id, "call", "running")

    # When Redis goes away and a user starts another run meanwhile
    valkey.stop()
    during = await api.start(workflow_id)
    await asyncio.sleep(1.0)
    valkey.start()

    # Then the new run was recorded (202), and both runs complete once Redis is back
    assert during.status_code == 202, during.text
    first = await api.wait(run_id, timeout=30)
    second = await api.wait(during.json()["id"], timeout=40)
    assert first["status"] == "succeeded", first
    assert second["status"] == "succeeded", second
    seqs = [seq for seq, _, _ in api.events(run_id)]
    assert seqs == list(range(1, len(seqs) + 1))


async def test_a_pure_step_that_kills_every_worker_fails_after_its_attempts_and_other_runs_go_on(
    isolated: Isolated, tmp_path: Path
) -> None:
    api, env = isolated.api, isolated.env
    # Given a transform (a pure step, one attempt) that kills whichever worker runs it
    poison = {**env, "ORRERY_FAILPOINTS": "before_commit:boom"}
    spec = workflow(
        [node("start", "input"), node("boom", "transform", {"template": "boom"}), node("result", "output")],
        [edge("start", "boom"), edge("boom", "result")],
    )
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]

    # When worker after worker takes the run over (each with the same failpoint)
    workers: list[WorkerProcess] = []
    try:
        for _ in range(4):
            current = start_worker(poison, tmp_path, name="poisoned", overrides=FAST_LEASES)
            workers.append(current)
            deadline = time.monotonic() + 60
            while not current.died() and (await api.run(run_id))["status"] not in {"failed", "succeeded"}:
                assert time.monotonic() < deadline, current.output()
                await asyncio.sleep(0.1)
            if not current.died():
                break
        run = await api.wait(run_id, timeout=10)

        # Then the step fails as `worker_lost` instead of killing workers forever
        assert run["status"] == "failed", run
        assert run["error"]["code"] == "worker_lost"
        assert run["error"]["node_id"] == "boom"
        assert len(workers) <= 3
        # and another run on the surviving worker completes
        other = workflow(
            [
                node("start", "input"),
                node("fine", "transform", {"template": "fine"}),
                node("result", "output"),
            ],
            [edge("start", "fine"), edge("fine", "result")],
        )
        done = await api.wait((await api.start(api.create_workflow(other))).json()["id"], timeout=20)
        assert done["status"] == "succeeded", done
        assert not workers[-1].died()
    finally:
        for worker in workers:
            worker.stop(signal.SIGKILL)
