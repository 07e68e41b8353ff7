"""A workflow's own settings, as the runner honours them: a time budget, node defaults for
timeout and retries, and concurrency per run (all under the operator's limits)."""

from __future__ import annotations

import uuid

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.test_scheduling import edge, node, slow_call, workflow
from tests.support.local_server import LocalServer


async def test_a_run_past_its_time_budget_fails_naming_the_time_budget(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a workflow allowed one second per run, whose call takes three
    spec = slow_call(web, 3, timeout_s=30)
    spec["settings"] = {"budgets": {"max_duration_s": 1}}

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then it fails with budget_exceeded naming the time budget (not the operator's run timeout)
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "budget_exceeded"
    assert run["error"]["details"]["limit"] == "max_duration_s"
    assert run["error"]["details"]["budget"] == 1
    assert "max_duration_s" in run["error"]["message"]
    assert run["budgets"]["max_duration_s"] == 1


async def test_node_defaults_apply_to_a_node_without_its_own_and_not_to_one_with_its_own(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a workflow whose nodes get one attempt by default (an http node's own default is 3),
    # a call that sets its own 3 attempts, then one that does not, both to APIs failing once
    key = uuid.uuid4().hex
    spec = workflow(
        [
            node("start", "input"),
            node("own", "http", {"url": web.url(f"/flaky?key={key}-own&fail=1"), "max_attempts": 3}),
            node("inherits", "http", {"url": web.url(f"/flaky?key={key}-inherits&fail=1")}),
            node("result", "output"),
        ],
        [edge("start", "own"), edge("own", "inherits"), edge("inherits", "result")],
    )
    spec["settings"] = {"node_defaults": {"max_attempts": 1, "retry_initial_delay_s": 0}}

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then the call with its own attempts was retried and succeeded; the other had one attempt
    steps = steps_by_node(run)
    assert [s["status"] for s in steps["own"]] == ["failed", "succeeded"], steps["own"]
    assert [s["status"] for s in steps["inherits"]] == ["failed"], steps["inherits"]
    assert run["status"] == "failed"
    assert run["error"]["node_id"] == "inherits"


async def test_concurrency_one_runs_a_fan_out_one_step_at_a_time(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a fan-out of three calls and a workflow that runs one step at a time
    calls = ["a", "b", "c"]
    spec = workflow(
        [
            node("start", "input"),
            *(node(c, "http", {"url": web.url(f"/slow?seconds=0.3&n={c}")}) for c in calls),
            node("result", "output"),
        ],
        [*(edge("start", c) for c in calls), *(edge(c, "result") for c in calls)],
    )
    spec["settings"] = {"max_parallel": 1}

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])
    assert run["status"] == "succeeded", run

    # Then, in its durable events, each call finished before the next one started
    order = [
        (kind, data["node_id"])
        for _, kind, data in api.events(run["id"])
        if kind in {"step.started", "step.succeeded"} and data.get("node_id") in calls
    ]
    assert len(order) == 6, order
    for index in range(0, 6, 2):
        started, finished = order[index], order[index + 1]
        assert started[0] == "step.started"
        assert finished == ("step.succeeded", started[1]), order
