"""Sub-workflows on real workers: a step runs another of the user's workflows as a child run,
waits for it, and goes on with its outputs (or its failure); budgets are shared, cancels reach
the children, and nothing is lost or done twice when workers die."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from tests.runner.conftest import Api, Isolated, WorkerProcess, start_worker, steps_by_node
from tests.runner.containers import body_steps, inside
from tests.runner.test_scheduling import TOPIC, edge, node, workflow
from tests.support.local_server import LocalServer


def headline_workflow() -> dict[str, Any]:
    """The child: input -> shout -> output `headline`."""
    return workflow(
        [
            node("start", "input"),
            node("shout", "transform", {"template": "{{ inputs.topic | upper }}!"}),
            node("result", "output", {"name": "headline", "value": "{{ steps.shout.output }}"}),
        ],
        [edge("start", "shout"), edge("shout", "result")],
        TOPIC,
    )


def calling(child_id: str, **config: Any) -> dict[str, Any]:
    """The parent: input -> sub (runs `child_id` with the topic) -> output."""
    sub = {"workflow_id": child_id, "inputs": {"topic": "{{ inputs.topic }}"}, **config}
    return workflow(
        [
            node("start", "input"),
            node("sub", "subworkflow", sub),
            node("result", "output", {"value": "{{ steps.sub.output }}"}),
        ],
        [edge("start", "sub"), edge("sub", "result")],
        TOPIC,
    )


async def test_a_step_runs_another_workflow_and_goes_on_with_its_outputs(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a "headline" workflow, and a workflow whose step runs it
    child_workflow = api.create_workflow(headline_workflow(), name="Headline")
    parent_workflow = api.create_workflow(calling(child_workflow), name="Main")

    # When the user runs the parent
    response = await api.start(parent_workflow, {"topic": "orbits"})
    assert response.status_code == 202, response.text
    run = await api.wait(response.json()["id"])

    # Then it succeeds with the child's outputs as the step's output
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": {"headline": "ORBITS!"}}
    sub = steps_by_node(run)["sub"]
    assert [s["status"] for s in sub] == ["succeeded"]
    assert sub[0]["output"] == {"headline": "ORBITS!"}

    # And the child is a real run of its own workflow, linked both ways
    child_id = sub[0]["child_run_id"]
    child = await api.run(child_id)
    assert child["status"] == "succeeded"
    assert child["workflow_id"] == child_workflow
    assert child["inputs"] == {"topic": "orbits"}
    assert (child["parent_run_id"], child["parent_node_id"], child["parent_scope"], child["depth"]) == (
        run["id"],
        "sub",
        None,
        1,
    )
    assert (run["parent_run_id"], run["depth"]) == (None, 0)
    listed = (await api.client.get(f"/api/v1/runs?parent_run_id={run['id']}", headers=api.headers)).json()
    assert [r["id"] for r in listed["items"]] == [child_id]

    # And the parent's step waited for it, showing which run, before it succeeded
    events = [(t, d.get("node_id"), d.get("output")) for _, t, d in api.events(run["id"])]
    assert ("step.waiting", "sub", {"run_id": child_id}) in events
    assert [t for t, n, _ in events if n == "sub"].count("step.succeeded") == 1


async def test_a_failed_child_fails_the_step_with_the_childs_reason(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a child workflow whose call gets a 404 (its run fails there)
    failing = workflow(
        [
            node("start", "input"),
            node("check", "http", {"url": web.url("/status?code=404")}),
            node("result", "output"),
        ],
        [edge("start", "check"), edge("check", "result")],
        TOPIC,
    )
    child_workflow = api.create_workflow(failing, name="Fragile")
    parent_workflow = api.create_workflow(calling(child_workflow))

    # When the parent runs it
    run = await api.wait((await api.start(parent_workflow, {"topic": "x"})).json()["id"])

    # Then the step fails `child_run_failed`, naming the child's failed node and its reason
    assert run["status"] == "failed", run
    sub = steps_by_node(run)["sub"][-1]
    assert sub["status"] == "failed"
    assert sub["error"]["code"] == "child_run_failed"
    assert "`check`" in sub["error"]["message"]
    child = await api.run(sub["child_run_id"])
    assert child["status"] == "failed"
    assert child["error"]["message"] in sub["error"]["message"]
    assert (run["error"]["code"], run["error"]["node_id"]) == ("child_run_failed", "sub")
    assert "result" not in steps_by_node(run)


async def test_inputs_that_do_not_fit_the_child_fail_the_step_before_any_child_starts(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a parent that maps nothing to the child's required `topic`
    child_workflow = api.create_workflow(headline_workflow())
    parent = calling(child_workflow)
    parent["nodes"][1]["config"]["inputs"] = {}
    parent_workflow = api.create_workflow(parent)

    # When it runs
    run = await api.wait((await api.start(parent_workflow, {"topic": "x"})).json()["id"])

    # Then the step fails `child_inputs_invalid` with the child's own words, and no child exists
    sub = steps_by_node(run)["sub"][-1]
    assert sub["error"]["code"] == "child_inputs_invalid", sub
    assert "inputs.topic" in sub["error"]["message"]
    assert sub["child_run_id"] is None
    listed = (await api.client.get(f"/api/v1/runs?parent_run_id={run['id']}", headers=api.headers)).json()
    assert listed["items"] == []


async def test_runs_nest_at_most_the_depth_limit(api: Api, worker: WorkerProcess) -> None:
    # Given seven workflows, each running the next through a sub-workflow step
    workflow_ids = [api.create_workflow(headline_workflow(), name="level 6")]
    for level in range(5, -1, -1):
        workflow_ids.insert(0, api.create_workflow(calling(workflow_ids[0]), name=f"level {level}"))

    # When the top one runs (depth 0), under the default limit of 5
    run = await api.wait((await api.start(workflow_ids[0], {"topic": "x"})).json()["id"], timeout=60)

    # Then the run at depth 5 fails its step `depth_limit` without starting a 7th run, and every
    # run above it fails with its child
    assert run["status"] == "failed", run
    chain = [run]
    while (child_id := steps_by_node(chain[-1])["sub"][-1]["child_run_id"]) is not None:
        chain.append(await api.run(child_id))
    assert [r["depth"] for r in chain] == [0, 1, 2, 3, 4, 5]
    deepest = steps_by_node(chain[-1])["sub"][-1]
    assert deepest["error"]["code"] == "depth_limit"
    assert "ORRERY_MAX_RUN_DEPTH" in deepest["error"]["message"]
    assert [steps_by_node(r)["sub"][-1]["error"]["code"] for r in chain[:-1]] == ["child_run_failed"] * 5


async def test_a_child_gets_what_its_parent_has_left_of_its_budgets(api: Api, worker: WorkerProcess) -> None:
    # Given a parent allowed 4 steps, whose sub-workflow step is its 2nd, running a 3-step child
    child_workflow = api.create_workflow(headline_workflow())
    parent = calling(child_workflow)
    parent["settings"] = {"budgets": {"max_steps": 4}}
    parent_workflow = api.create_workflow(parent)

    # When it runs
    run = await api.wait((await api.start(parent_workflow, {"topic": "x"})).json()["id"])

    # Then the child may take only the 2 steps left, stops at its 3rd, and so does the parent
    sub = steps_by_node(run)["sub"][-1]
    child = await api.run(sub["child_run_id"])
    assert child["budgets"]["max_steps"] == 2
    assert child["status"] == "failed"
    assert child["error"]["code"] == "budget_exceeded"
    assert (run["status"], sub["error"]["code"]) == ("failed", "child_run_failed")
    assert "max_steps" in sub["error"]["message"]


async def test_what_a_child_spends_counts_as_its_parents_spending(api: Api, worker: WorkerProcess) -> None:
    # Given a child whose agent (the demo model) spends tokens
    agent = workflow(
        [
            node("start", "input"),
            node(
                "write", "agent", {"provider": "demo", "model": "demo", "prompt": "About {{ inputs.topic }}"}
            ),
            node("result", "output", {"name": "text", "value": "{{ steps.write.output }}"}),
        ],
        [edge("start", "write"), edge("write", "result")],
        TOPIC,
    )
    child_workflow = api.create_workflow(agent)
    parent_workflow = api.create_workflow(calling(child_workflow))

    # When the parent runs it
    run = await api.wait((await api.start(parent_workflow, {"topic": "tides"})).json()["id"])

    # Then the child's tokens are the step's usage and part of the parent's totals
    assert run["status"] == "succeeded", run
    sub = steps_by_node(run)["sub"][-1]
    child = await api.run(sub["child_run_id"])
    assert child["tokens_in"] > 0
    assert (sub["tokens_in"], sub["tokens_out"]) == (child["tokens_in"], child["tokens_out"])
    assert (run["tokens_in"], run["tokens_out"]) == (child["tokens_in"], child["tokens_out"])


async def test_retrying_the_parent_from_its_step_runs_a_new_child(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a parent that failed because its child's call failed once
    child_workflow = api.create_workflow(slow_workflow(web.url("/flaky?fail=1&code=404&key=retry-child")))
    run_id = (await api.start(api.create_workflow(calling(child_workflow)), {"topic": "x"})).json()["id"]
    failed = await api.wait(run_id)
    assert failed["status"] == "failed", failed

    # When the user retries the run (from its failed step)
    response = await api.post(f"/api/v1/runs/{run_id}/retry")
    assert response.status_code == 202, response.text
    run = await api.wait(run_id)

    # Then the step's next attempt started a new child, which succeeded
    assert run["status"] == "succeeded", run
    attempts = steps_by_node(run)["sub"]
    assert [(s["attempt"], s["status"]) for s in attempts] == [(1, "failed"), (2, "succeeded")]
    first, second = (s["child_run_id"] for s in attempts)
    assert first != second
    assert [(await api.run(c))["status"] for c in (first, second)] == ["failed", "succeeded"]


def slow_workflow(url: str) -> dict[str, Any]:
    """A child busy in a long call."""
    return workflow(
        [
            node("start", "input"),
            node("call", "http", {"url": url, "timeout_s": 60}),
            node("result", "output"),
        ],
        [edge("start", "call"), edge("call", "result")],
        TOPIC,
    )


def review_workflow() -> dict[str, Any]:
    """A child that waits for a person (nobody executes it meanwhile)."""
    return workflow(
        [node("start", "input"), node("review", "approval", {"message": "ok?"}), node("result", "output")],
        [edge("start", "review"), edge("review", "result", "approved")],
        TOPIC,
    )


async def test_cancelling_the_parent_cancels_its_running_child_mid_call(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a parent waiting for a child that is busy in a ten-minute call
    child_workflow = api.create_workflow(slow_workflow(web.url("/slow?seconds=600")))
    run_id = (await api.start(api.create_workflow(calling(child_workflow)), {"topic": "x"})).json()["id"]
    sub = await api.wait_step(run_id, "sub", "waiting")
    await api.wait_step(sub["child_run_id"], "call", "running")

    # When the user cancels the parent
    response = await api.post(f"/api/v1/runs/{run_id}/cancel")
    assert response.status_code == 200, response.text
    child = await api.wait(sub["child_run_id"], timeout=60)  # patience (bench/ measures speed)
    run = await api.wait(run_id, timeout=60)

    # Then both end cancelled long before the call would have returned, the child's call and
    # the parent's step too
    assert (run["status"], child["status"]) == ("cancelled", "cancelled")
    assert steps_by_node(child)["call"][-1]["status"] == "cancelled"
    assert steps_by_node(run)["sub"][-1]["status"] == "cancelled"
    assert "result" not in steps_by_node(run)


async def test_cancelling_the_parent_cancels_a_child_waiting_for_a_person_and_its_own_child(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a parent -> child -> grandchild, the grandchild waiting for an approval
    grandchild_workflow = api.create_workflow(review_workflow())
    child_workflow = api.create_workflow(calling(grandchild_workflow))
    run_id = (await api.start(api.create_workflow(calling(child_workflow)), {"topic": "x"})).json()["id"]
    child_id = (await api.wait_step(run_id, "sub", "waiting"))["child_run_id"]
    grandchild_id = (await api.wait_step(child_id, "sub", "waiting"))["child_run_id"]
    await api.wait(grandchild_id, {"waiting"})

    # When the user cancels the top run
    response = await api.post(f"/api/v1/runs/{run_id}/cancel")
    assert response.status_code == 200, response.text

    # Then all three are cancelled at once (nobody was executing them)
    assert response.json()["status"] == "cancelled"
    assert (await api.run(child_id))["status"] == "cancelled"
    grandchild = await api.run(grandchild_id)
    assert grandchild["status"] == "cancelled"
    assert steps_by_node(grandchild)["review"][-1]["status"] == "cancelled"


async def test_cancelling_the_child_fails_the_step_that_waits_for_it(api: Api, worker: WorkerProcess) -> None:
    # Given a parent waiting for a child that waits for a person
    child_workflow = api.create_workflow(review_workflow())
    run_id = (await api.start(api.create_workflow(calling(child_workflow)), {"topic": "x"})).json()["id"]
    child_id = (await api.wait_step(run_id, "sub", "waiting"))["child_run_id"]
    await api.wait(child_id, {"waiting"})

    # When the user cancels the child from its own page
    response = await api.post(f"/api/v1/runs/{child_id}/cancel")
    assert response.status_code == 200, response.text
    run = await api.wait(run_id)

    # Then the parent's step fails `child_run_cancelled`, and the parent with it
    sub = steps_by_node(run)["sub"][-1]
    assert (sub["status"], sub["error"]["code"]) == ("failed", "child_run_cancelled")
    assert run["status"] == "failed"
    events = [(t, d.get("node_id")) for _, t, d in api.events(run_id)]
    assert events.count(("step.failed", "sub")) == 1


async def test_a_parent_that_fails_cancels_its_running_child(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a parent waiting for a busy child while another branch of it fails
    child_workflow = api.create_workflow(slow_workflow(web.url("/slow?seconds=30")))
    parent = calling(child_workflow)
    parent["nodes"].append(node("other", "http", {"url": web.url("/status?code=404")}))
    parent["edges"].append(edge("start", "other"))
    parent["nodes"].insert(2, node("later", "http", {"url": web.url("/slow?seconds=2")}))
    parent["edges"] = [edge("start", "sub"), edge("start", "later"), edge("later", "other")]
    parent["edges"] += [edge("sub", "result"), edge("other", "result")]
    run_id = (await api.start(api.create_workflow(parent), {"topic": "x"})).json()["id"]
    child_id = (await api.wait_step(run_id, "sub", "waiting"))["child_run_id"]
    await api.wait_step(child_id, "call", "running")

    # When that branch fails
    run = await api.wait(run_id, timeout=20)

    # Then the parent fails with it, and its child does not outlive it
    assert (run["status"], run["error"]["node_id"]) == ("failed", "other")
    child = await api.wait(child_id, timeout=10)
    assert child["status"] == "cancelled"


# --- workers dying ---------------------------------------------------------------------------


async def _until_dead(worker: WorkerProcess, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while worker.process.poll() is None and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert worker.died(), worker.output()


def _resolved_once(api: Api, run_id: str) -> None:
    """The parent's sub-workflow step ended exactly once, and so did the run."""
    events = [(t, d.get("node_id")) for _, t, d in api.events(run_id)]
    assert events.count(("step.succeeded", "sub")) == 1, events
    assert events.count(("run.succeeded", None)) == 1, events


@pytest.mark.slow
async def test_a_worker_killed_while_the_parent_waits_leaves_the_child_to_resolve_it_once(
    isolated: Isolated, tmp_path: Path, web: LocalServer
) -> None:
    api, env = isolated.api, isolated.env
    # Given the only worker, executing the child of a waiting parent (a 1.5-second call)
    doomed = start_worker(env, tmp_path, name="doomed", doomed=True)
    rescuer: WorkerProcess | None = None
    try:
        child_workflow = api.create_workflow(slow_workflow(web.url("/slow?seconds=1.5")))
        run_id = (await api.start(api.create_workflow(calling(child_workflow)), {"topic": "x"})).json()["id"]
        child_id = (await api.wait_step(run_id, "sub", "waiting", timeout=20))["child_run_id"]
        await api.wait_step(child_id, "call", "running", timeout=20)

        # When it is killed mid-call, and another worker comes up
        doomed.stop(signal.SIGKILL)
        rescuer = start_worker(env, tmp_path, name="rescuer")
        run = await api.wait(run_id, timeout=40)

        # Then the child is taken over and finishes, and its ending resolves the parent's step once
        assert run["status"] == "succeeded", run
        assert (await api.run(child_id))["status"] == "succeeded"
        _resolved_once(api, run_id)
        listed = (await api.client.get(f"/api/v1/runs?parent_run_id={run_id}", headers=api.headers)).json()
        assert [r["id"] for r in listed["items"]] == [child_id]
    finally:
        doomed.stop(signal.SIGKILL)
        if rescuer is not None:
            rescuer.stop()


@pytest.mark.slow
async def test_a_worker_killed_right_after_the_child_ended_loses_nothing(
    isolated: Isolated, tmp_path: Path
) -> None:
    api, env = isolated.api, isolated.env
    # Given a worker that dies as soon as a child run's ending is committed, before the parent is told
    doomed = start_worker({**env, "ORRERY_FAILPOINTS": "child_ended"}, tmp_path, name="doomed", doomed=True)
    rescuer: WorkerProcess | None = None
    try:
        child_workflow = api.create_workflow(headline_workflow())
        run_id = (await api.start(api.create_workflow(calling(child_workflow)), {"topic": "x"})).json()["id"]
        await _until_dead(doomed)
        assert "failpoint child_ended" in doomed.output()

        # When another worker comes up (no message tells it about the parent)
        rescuer = start_worker(env, tmp_path, name="rescuer")
        run = await api.wait(run_id, timeout=40)

        # Then the parent goes on from what its child's ending committed, exactly once
        assert run["status"] == "succeeded", run
        assert run["outputs"] == {"result": {"headline": "X!"}}
        _resolved_once(api, run_id)
    finally:
        doomed.stop(signal.SIGKILL)
        if rescuer is not None:
            rescuer.stop()


@pytest.mark.slow
async def test_an_attempt_executed_again_finds_the_child_it_started(
    isolated: Isolated, tmp_path: Path
) -> None:
    api, env = isolated.api, isolated.env
    # Given a worker that dies once the sub-workflow step started its child, before it is recorded
    doomed = start_worker(
        {**env, "ORRERY_FAILPOINTS": "before_commit:sub"}, tmp_path, name="doomed", doomed=True
    )
    rescuer: WorkerProcess | None = None
    try:
        child_workflow = api.create_workflow(headline_workflow())
        run_id = (await api.start(api.create_workflow(calling(child_workflow)), {"topic": "x"})).json()["id"]
        await _until_dead(doomed)

        # When another worker takes the run over and executes that attempt again
        rescuer = start_worker(env, tmp_path, name="rescuer")
        run = await api.wait(run_id, timeout=40)

        # Then it found the child it had started: one child run, one attempt executed twice
        assert run["status"] == "succeeded", (run["error"], run["steps"])
        listed = (await api.client.get(f"/api/v1/runs?parent_run_id={run_id}", headers=api.headers)).json()
        assert len(listed["items"]) == 1
        sub = steps_by_node(run)["sub"]
        assert [(s["attempt"], s["executions"]) for s in sub] == [(1, 2)]
        assert sub[0]["child_run_id"] == listed["items"][0]["id"]
        _resolved_once(api, run_id)
        child_events = [t for _, t, _ in api.events(sub[0]["child_run_id"])]
        assert child_events.count("run.queued") == 1
        assert child_events.count("run.succeeded") == 1
    finally:
        doomed.stop(signal.SIGKILL)
        if rescuer is not None:
            rescuer.stop()


async def test_deleting_the_workflow_a_step_waits_on_fails_that_step(api: Api, worker: WorkerProcess) -> None:
    # Given a parent waiting for a child that waits for a person
    child_workflow = api.create_workflow(review_workflow())
    run_id = (await api.start(api.create_workflow(calling(child_workflow)), {"topic": "x"})).json()["id"]
    await api.wait_step(run_id, "sub", "waiting")

    # When the user deletes the child's workflow (its runs with it)
    response = await api.client.delete(f"/api/v1/workflows/{child_workflow}", headers=api.headers)
    assert response.status_code == 204, response.text

    # Then the parent's step does not wait for a run that is gone: it fails, and so does the run
    run = await api.wait(run_id)
    sub = steps_by_node(run)["sub"][-1]
    assert (run["status"], sub["error"]["code"]) == ("failed", "child_run_cancelled")


async def test_a_parent_hears_at_once_that_its_childs_workflow_was_deleted(
    isolated: Isolated, tmp_path: Path
) -> None:
    # Given a worker whose sweeper would only look again in ten minutes, and a parent
    # waiting (parked) for a child that waits for a person
    api = isolated.api
    worker = start_worker({**isolated.env, "ORRERY_SWEEP_INTERVAL_S": "600"}, tmp_path)
    try:
        child_workflow = api.create_workflow(review_workflow())
        run_id = (await api.start(api.create_workflow(calling(child_workflow)), {"topic": "x"})).json()["id"]
        await api.wait_step(run_id, "sub", "waiting")
        await api.wait(run_id, {"waiting"})

        # When the user deletes the child's workflow
        response = await api.client.delete(f"/api/v1/workflows/{child_workflow}", headers=api.headers)
        assert response.status_code == 204, response.text

        # Then the parent is sent back to a worker by the delete itself, not found by a sweep
        # later: its step fails and so does the run
        run = await api.wait(run_id, timeout=20)
        sub = steps_by_node(run)["sub"][-1]
        assert (run["status"], sub["error"]["code"]) == ("failed", "child_run_cancelled")
    finally:
        worker.stop()


async def test_deleting_the_parents_workflow_cancels_its_unfinished_child(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a parent waiting for a child that waits for a person
    child_workflow = api.create_workflow(review_workflow())
    parent_workflow = api.create_workflow(calling(child_workflow))
    run_id = (await api.start(parent_workflow, {"topic": "x"})).json()["id"]
    child_id = (await api.wait_step(run_id, "sub", "waiting"))["child_run_id"]

    # When the user deletes the parent's workflow
    response = await api.client.delete(f"/api/v1/workflows/{parent_workflow}", headers=api.headers)
    assert response.status_code == 204, response.text

    # Then the child does not go on alone: it is cancelled (by its worker, if one holds it), and
    # keeps its history
    child = await api.wait(child_id)
    assert (child["status"], child["parent_run_id"], child["parent_node_id"]) == ("cancelled", None, "sub")


async def test_a_map_runs_a_sub_workflow_per_item_and_collects_their_outputs(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a "headline" workflow, and a map over topics whose body runs it for each
    child_workflow = api.create_workflow(headline_workflow(), name="Headline")
    parent = workflow(
        [
            node("start", "input"),
            node("each", "map", {"items": "{{ inputs.topics }}", "concurrency": 2}),
            inside(
                "each",
                "sub",
                "subworkflow",
                {"workflow_id": child_workflow, "inputs": {"topic": "{{ map.item }}"}},
            ),
            node("result", "output", {"value": "{{ steps.each.output.results }}"}),
        ],
        [edge("start", "each"), edge("each", "result")],
        {"topics": {"type": "array"}},
    )
    parent_workflow = api.create_workflow(parent, name="Headlines")

    # When the user runs it over three topics
    run = await api.wait((await api.start(parent_workflow, {"topics": ["moon", "mars", "io"]})).json()["id"])

    # Then each item's step ran its own child and the map collected their outputs in order
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": [{"headline": "MOON!"}, {"headline": "MARS!"}, {"headline": "IO!"}]}
    subs = body_steps(run, "sub")
    assert sorted(subs) == ["each[0]", "each[1]", "each[2]"]
    for index, topic in enumerate(["moon", "mars", "io"]):
        step = subs[f"each[{index}]"]
        assert step["status"] == "succeeded"
        child = await api.run(step["child_run_id"])
        assert (child["inputs"], child["parent_scope"], child["status"]) == (
            {"topic": topic},
            f"each[{index}]",
            "succeeded",
        )
    # and no top-level `sub` step was written by a child's ending
    assert not [s for s in run["steps"] if s["node_id"] == "sub" and s["scope"] == ""]


async def test_a_failed_child_takes_the_steps_error_branch(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a child whose call gets a 404, run by a step with an error branch to a fallback
    failing = workflow(
        [
            node("start", "input"),
            node("check", "http", {"url": web.url("/status?code=404"), "max_attempts": 1}),
            node("result", "output"),
        ],
        [edge("start", "check"), edge("check", "result")],
        TOPIC,
    )
    child_workflow = api.create_workflow(failing, name="Fragile")
    parent = workflow(
        [
            node("start", "input"),
            node(
                "sub",
                "subworkflow",
                {"workflow_id": child_workflow, "inputs": {"topic": "{{ inputs.topic }}"}},
            ),
            node("fallback", "transform", {"template": "fallback after {{ steps.sub.output.error.code }}"}),
            node("result", "output", {"value": "{{ steps.fallback.output }}"}),
        ],
        [edge("start", "sub"), edge("sub", "fallback", "error"), edge("fallback", "result")],
        TOPIC,
    )

    # When the parent runs
    run = await api.wait((await api.start(api.create_workflow(parent), {"topic": "x"})).json()["id"])

    # Then the child's failure goes down the error branch and the run succeeds
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": "fallback after child_run_failed"}
    sub = steps_by_node(run)["sub"][-1]
    assert (sub["status"], sub["handled"], sub["handles"]) == ("failed", True, ["error"])
