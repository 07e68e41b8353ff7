"""What the run page learns from events alone: every step's start with what it reads (a pure
step's folded into its success), and decisions with their audit (a real worker, Postgres and
Valkey)."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg

from orrery.events.types import MAX_EVENT_INPUT_BYTES
from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.test_control import _review_workflow
from tests.runner.test_scheduling import edge, node, workflow


def step_events(api: Api, run_id: str, node_id: str) -> list[tuple[str, dict[str, Any]]]:
    return [(kind, data) for _, kind, data in api.events(run_id) if data.get("node_id") == node_id]


def stored_inputs(api: Api, run_id: str) -> dict[str, Any]:
    with psycopg.connect(api.admin_url) as conn:
        rows = conn.execute("select node_id, input from public.run_steps where run_id = %s", (run_id,))
        return {node_id: value for node_id, value in rows}


async def test_each_pure_step_succeeds_with_when_it_started_and_the_outputs_it_read(
    api: Api, worker: WorkerProcess
) -> None:
    # Given input -> a -> b -> c -> output, where b reads a, c reads the input node and b,
    # a reads only the run's inputs and the output node reads its predecessor
    spec = workflow(
        [
            node("start", "input"),
            node("a", "transform", {"template": "a:{{ inputs.topic }}"}),
            node("b", "transform", {"template": "b:{{ steps.a.output }}"}),
            node("c", "transform", {"template": "{{ steps.start.output.topic }}/{{ steps.b.output }}"}),
            node("result", "output"),
        ],
        [edge("start", "a"), edge("a", "b"), edge("b", "c"), edge("c", "result")],
        {"topic": {"type": "string"}},
    )

    # When it runs (a second time: its templates compiled)
    run = await api.run_warm(api.create_workflow(spec), {"topic": "moths"})
    assert run["status"] == "succeeded", run

    # Then each (pure) step stored one event, its success, carrying when it started and exactly
    # what it read
    inputs = {"topic": "moths"}
    expected = {
        "start": {"inputs": inputs, "steps": {}},
        "a": {"inputs": inputs, "steps": {"start": {"topic": "moths"}}},
        "b": {"inputs": inputs, "steps": {"a": "a:moths"}},
        "c": {"inputs": inputs, "steps": {"b": "b:a:moths", "start": {"topic": "moths"}}},
        "result": {"inputs": inputs, "steps": {"c": "moths/b:a:moths"}},
    }
    for node_id, step_input in expected.items():
        kinds = [kind for kind, _ in step_events(api, run["id"], node_id)]
        assert kinds == ["step.succeeded"], (node_id, kinds)
        succeeded = dict(step_events(api, run["id"], node_id))["step.succeeded"]
        assert succeeded["input"] == step_input, node_id
        row = steps_by_node(run)[node_id][-1]
        assert succeeded["started_at"] == row["started_at"].replace("+00:00", "Z"), node_id
    # and the step rows keep the same input, not every upstream output
    assert stored_inputs(api, run["id"]) == expected


async def test_an_input_over_the_event_cap_travels_as_its_size_and_stays_whole_on_the_step(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a step whose output is larger than an event may carry, read by the next one
    big = MAX_EVENT_INPUT_BYTES + 1000
    spec = workflow(
        [
            node("start", "input"),
            node("big", "transform", {"template": f"{{{{ 'x' * {big} }}}}"}),
            node("measure", "transform", {"template": "{{ steps.big.output | length }}"}),
            node("result", "output"),
        ],
        [edge("start", "big"), edge("big", "measure"), edge("measure", "result")],
    )

    # When it runs (a second time: its templates compiled)
    run = await api.run_warm(api.create_workflow(spec))
    assert run["status"] == "succeeded", run

    # Then the event telling its start (its success, the step being pure) carries a marker with
    # the input's size, and the row keeps all of it
    started = dict(step_events(api, run["id"], "measure"))["step.succeeded"]
    assert started["input"]["truncated"] is True
    assert started["input"]["bytes"] > MAX_EVENT_INPUT_BYTES
    row = steps_by_node(run)["measure"][-1]
    assert row["input"]["steps"]["big"] == "x" * big


async def test_an_approval_with_an_edit_carries_the_decision_in_its_event(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a run waiting for a review that allows edits
    run_id = (
        await api.start(api.create_workflow(_review_workflow(allow_edit=True)), {"topic": "owls"})
    ).json()["id"]
    await api.wait(run_id, {"waiting"})

    # When the reviewer approves with an edit and a comment
    response = await api.post(
        f"/api/v1/runs/{run_id}/steps/review/decision",
        {"approved": True, "comment": "shorter", "output": "Owls."},
    )
    assert response.status_code == 200, response.text
    run = await api.wait(run_id)

    # Then step.succeeded says who approved, when, with what comment, and that they edited
    assert run["status"] == "succeeded", run
    succeeded = dict(step_events(api, run_id, "review"))["step.succeeded"]
    decision = succeeded["decision"]
    assert decision["approved"] is True
    assert decision["comment"] == "shorter"
    assert decision["decided_by"] == api.user.id
    assert decision["edited"] is True
    assert decision["decided_at"] == steps_by_node(run)["review"][-1]["decided_at"].replace("+00:00", "Z")
    assert succeeded["output"]["value"] == "Owls."


async def test_a_rejection_carries_the_decision_in_the_failed_step_event(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a run waiting for a review without a `rejected` route
    run_id = (await api.start(api.create_workflow(_review_workflow()), {"topic": "x"})).json()["id"]
    await api.wait(run_id, {"waiting"})

    # When the reviewer rejects it
    await api.post(f"/api/v1/runs/{run_id}/steps/review/decision", {"approved": False, "comment": "no"})
    run = await api.wait(run_id)

    # Then step.failed carries the rejection and who made it
    assert run["status"] == "failed", run
    failed = dict(step_events(api, run_id, "review"))["step.failed"]
    assert failed["error"]["code"] == "rejected"
    assert failed["decision"]["approved"] is False
    assert failed["decision"]["comment"] == "no"
    assert failed["decision"]["decided_by"] == api.user.id


async def test_a_timed_out_approval_carries_its_default_decision(api: Api, worker: WorkerProcess) -> None:
    # Given a review that approves by itself after a second
    spec = _review_workflow(timeout_s=1, default_decision="approve")
    run_id = (await api.start(api.create_workflow(spec), {"topic": "late"})).json()["id"]
    await api.wait(run_id, {"waiting"})
    await asyncio.sleep(0.5)

    # When nobody decides
    run = await api.wait(run_id, timeout=15)

    # Then step.succeeded carries the default decision, made by the timeout, by nobody
    assert run["status"] == "succeeded", run
    decision = dict(step_events(api, run_id, "review"))["step.succeeded"]["decision"]
    assert decision["approved"] is True
    assert decision["by_timeout"] is True
    assert "decided_by" not in decision
    review = steps_by_node(run)["review"][-1]
    assert review["decision"]["by_timeout"] is True
    assert review["decided_by"] is None
