"""Sub-workflows on real workers: a step runs another of the user's workflows as a child run,
waits for it, and goes on with its outputs (or its failure); budgets are shared, cancels reach
the children, and nothing is lost or done twice when workers die."""

from __future__ import annotations

from typing import Any

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
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
            node("write", "agent", {"provider": "demo", "model": "demo", "prompt": "About {{ inputs.topic }}"}),
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
