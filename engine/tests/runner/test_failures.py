"""When steps fail: retries with backoff, timeouts, budgets, and retrying a run from a step."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.test_scheduling import edge, node, slow_call, workflow
from tests.support.local_server import LocalServer


async def test_a_flaky_call_is_retried_with_backoff_until_it_succeeds(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given an API that fails twice with 503, then answers
    key = uuid.uuid4().hex
    call = {"url": web.url(f"/flaky?key={key}&fail=2"), "max_attempts": 3, "retry_initial_delay_s": 0.2}
    spec = workflow(
        [node("start", "input"), node("call", "http", call), node("result", "output")],
        [edge("start", "call"), edge("call", "result")],
    )

    # When the run executes
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then three attempts were made, each its own step row, the last one succeeding
    attempts = steps_by_node(run)["call"]
    assert run["status"] == "succeeded", run
    assert [a["status"] for a in attempts] == ["failed", "failed", "succeeded"]
    assert [a["attempt"] for a in attempts] == [1, 2, 3]
    assert attempts[0]["error"]["retryable"] is True
    # with a growing pause between attempts (0.2 s then 0.4 s, +-50% jitter)
    gaps = [
        (datetime.fromisoformat(b["started_at"]) - datetime.fromisoformat(a["finished_at"])).total_seconds()
        for a, b in itertools.pairwise(attempts)
    ]
    assert 0.09 <= gaps[0] <= 1.0
    assert 0.19 <= gaps[1] <= 2.0
    # and every attempt carried its own idempotency key
    keys = [r["headers"].get("Idempotency-Key") for r in web.requests if r["path"] == "/flaky"]
    assert keys == [f"{run['id']}:call:{n}" for n in (1, 2, 3)]
    retrying = [d for _, t, d in api.events(run["id"]) if t == "step.retrying"]
    assert [d["attempt"] for d in retrying] == [1, 2]


async def test_a_step_over_its_time_limit_fails_the_run_with_a_timeout(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    call = {"url": web.url("/slow?seconds=5"), "timeout_s": 0.5, "max_attempts": 1}
    spec = workflow(
        [node("start", "input"), node("call", "http", call), node("result", "output")],
        [edge("start", "call"), edge("call", "result")],
    )
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    assert run["status"] == "failed"
    assert run["error"]["node_id"] == "call"
    assert "timeout" in run["error"]["code"] or "time" in run["error"]["message"]
    assert run["failed_node_id"] == "call"
    assert steps_by_node(run)["result"] == [] if "result" in steps_by_node(run) else True


async def test_a_client_error_is_not_retried(api: Api, worker: WorkerProcess, web: LocalServer) -> None:
    call = {"url": web.url("/status?code=404"), "max_attempts": 3, "retry_initial_delay_s": 0.1}
    spec = workflow(
        [node("start", "input"), node("call", "http", call), node("result", "output")],
        [edge("start", "call"), edge("call", "result")],
    )
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    assert run["status"] == "failed"
    assert len(steps_by_node(run)["call"]) == 1
    assert "404" in run["error"]["message"]


async def test_retry_from_the_failed_step_reuses_upstream_outputs(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a run whose second step failed on a broken API
    key = uuid.uuid4().hex
    web.switches[key] = 500
    spec = workflow(
        [
            node("start", "input"),
            node("prepare", "transform", {"template": "prepared"}),
            node("call", "http", {"url": web.url(f"/switch?key={key}"), "max_attempts": 1}),
            node("result", "output", {"value": "{{ steps.prepare.output }}/{{ steps.call.output.status }}"}),
        ],
        [edge("start", "prepare"), edge("prepare", "call"), edge("call", "result")],
    )
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    failed = await api.wait(run_id)
    assert failed["status"] == "failed"
    prepare_before = steps_by_node(failed)["prepare"][0]

    # When the API is fixed and the user retries from the failed step
    web.switches[key] = 200
    response = await api.post(f"/api/v1/runs/{run_id}/retry", {})
    assert response.status_code == 202, response.text
    run = await api.wait(run_id)

    # Then the run succeeds, the upstream step was not re-run, the failed attempt is kept
    steps = steps_by_node(run)
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": "prepared/200"}
    assert len(steps["prepare"]) == 1
    assert steps["prepare"][0]["id"] == prepare_before["id"]
    assert [s["status"] for s in steps["call"]] == ["failed", "succeeded"]
    assert steps["call"][0]["superseded_at"] is not None
    assert steps["call"][1]["attempt"] == 2


async def test_retry_from_a_named_node_reruns_it_and_everything_downstream(
    api: Api, worker: WorkerProcess
) -> None:
    spec = workflow(
        [
            node("start", "input"),
            node("a", "transform", {"template": "a"}),
            node("b", "transform", {"template": "{{ steps.a.output }}b"}),
            node("result", "output", {"value": "{{ steps.b.output }}"}),
        ],
        [edge("start", "a"), edge("a", "b"), edge("b", "result")],
    )
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    await api.wait(run_id)

    response = await api.post(f"/api/v1/runs/{run_id}/retry", {"from_node": "b"})
    assert response.status_code == 202
    run = await api.wait(run_id)

    steps = steps_by_node(run)
    assert run["status"] == "succeeded"
    assert len(steps["a"]) == 1
    assert len(steps["b"]) == 2
    assert len(steps["result"]) == 2


async def test_retrying_a_run_that_is_still_running_is_a_conflict(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    spec = slow_call(web, 2)
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    await api.wait_step(run_id, "call", "running")
    response = await api.post(f"/api/v1/runs/{run_id}/retry", {})
    assert response.status_code == 409
    await api.wait(run_id)


async def test_a_run_over_its_step_budget_stops_naming_the_limit(api: Api, worker: WorkerProcess) -> None:
    # Given a workflow allowed only 2 steps, with 4 nodes
    spec = workflow(
        [
            node("start", "input"),
            node("a", "transform", {"template": "a"}),
            node("b", "transform", {"template": "b"}),
            node("result", "output"),
        ],
        [edge("start", "a"), edge("a", "b"), edge("b", "result")],
    )
    spec["settings"] = {"budgets": {"max_steps": 2}}
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then it fails with budget_exceeded naming max_steps, after two steps
    assert run["status"] == "failed"
    assert run["error"]["code"] == "budget_exceeded"
    assert "max_steps" in run["error"]["message"]
    assert len([s for s in run["steps"] if s["status"] == "succeeded"]) == 2
