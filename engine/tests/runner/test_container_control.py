"""Containers under control: budgets count every body step, a cancel stops a map mid-way, a
worker killed mid-map leaves only the unfinished items to run again."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.runner.conftest import Api, Isolated, WorkerProcess, start_worker, steps_by_node
from tests.runner.containers import body_steps, inside
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import LocalServer


def _calls(url: str, **config: Any) -> dict[str, Any]:
    """input -> map `each` over `inputs.scenes` whose body calls `url` -> output."""
    return workflow(
        [
            node("start", "input"),
            node("each", "map", {"items": "{{ inputs.scenes }}", **config}),
            inside("each", "call", "http", {"url": url, "timeout_s": 60}),
            node("result", "output", {"value": "{{ steps.each.output.count }}"}),
        ],
        [edge("start", "each"), edge("each", "result")],
        {"scenes": {"type": "array"}},
    )


async def test_every_body_step_counts_against_the_runs_step_budget(api: Api, worker: WorkerProcess) -> None:
    # Given a workflow allowed 8 steps, mapping over 10 items
    spec = workflow(
        [
            node("start", "input"),
            node("each", "map", {"items": "{{ inputs.scenes }}", "concurrency": 1}),
            inside("each", "echo", "transform", {"template": "{{ map.item }}"}),
            node("result", "output"),
        ],
        [edge("start", "each"), edge("each", "result")],
        {"scenes": {"type": "array"}},
    )
    spec["settings"] = {"budgets": {"max_steps": 8}}

    # When it runs
    run = await api.wait(
        (await api.start(api.create_workflow(spec), {"scenes": list(range(10))})).json()["id"]
    )

    # Then it stops at the budget: the input, the map and 6 items' steps make 8
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "budget_exceeded"
    assert run["error"]["details"]["limit"] == "max_steps"
    echoes = body_steps(run, "echo")
    assert len([s for s in echoes.values() if s["status"] == "succeeded"]) == 6
    assert len(run["steps"]) - len([s for s in run["steps"] if s["status"] == "cancelled"]) <= 8


async def test_cancel_stops_a_map_mid_way(api: Api, worker: WorkerProcess, web: LocalServer) -> None:
    # Given a map over 6 slow calls, 2 at a time, busy with its first items
    spec = _calls(web.url("/slow?seconds=30"), concurrency=2)
    run_id = (await api.start(api.create_workflow(spec), {"scenes": list(range(6))})).json()["id"]
    deadline = time.monotonic() + 120  # patience: a loaded machine is slow
    while len(body_steps(await api.run(run_id), "call")) < 2:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)

    # When the user cancels the run
    response = await api.post(f"/api/v1/runs/{run_id}/cancel")
    assert response.status_code == 200, response.text
    run = await api.wait(run_id, timeout=15)

    # Then the run, the map and the items in flight end cancelled; no other item started
    assert run["status"] == "cancelled", run
    assert steps_by_node(run)["each"][-1]["status"] == "cancelled"
    calls = body_steps(run, "call")
    assert sorted(calls) == ["each[0]", "each[1]"]
    assert {s["status"] for s in calls.values()} == {"cancelled"}
    cancelled = [d.get("scope") for _, t, d in api.events(run_id) if t == "step.cancelled"]
    assert sorted(cancelled, key=str) == sorted([None, "each[0]", "each[1]"], key=str)


@pytest.mark.slow
async def test_a_worker_killed_mid_map_leaves_only_unfinished_items_to_run_again(
    isolated: Isolated, tmp_path: Path, web: LocalServer
) -> None:
    api, env = isolated.api, isolated.env
    # Given a map over 8 items, 2 at a time, each calling a server (which counts the calls per item)
    spec = _calls(web.url("/slow?seconds=0.6&scene={{ map.index }}"), concurrency=2)
    doomed = start_worker(env, tmp_path, name="doomed", doomed=True)
    rescuer: WorkerProcess | None = None
    try:
        run_id = (await api.start(api.create_workflow(spec), {"scenes": list(range(8))})).json()["id"]

        # When the worker is killed once a few items are done
        deadline = time.monotonic() + 120  # patience: a loaded machine is slow
        while True:
            done = {
                k for k, s in body_steps(await api.run(run_id), "call").items() if s["status"] == "succeeded"
            }
            if len(done) >= 3:
                break
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        doomed.stop(signal.SIGKILL)
        assert doomed.died()
        rescuer = start_worker(env, tmp_path, name="rescuer")
        run = await api.wait(run_id, timeout=60)
    finally:
        doomed.stop(signal.SIGKILL)
        if rescuer is not None:
            rescuer.stop()

    # Then the run completes with every item
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": 8}
    # and the items done before the kill were not called again; at most the 2 in flight were
    calls = Counter(int(r["query"]["scene"]) for r in web.requests if r["path"] == "/slow")
    assert sorted(calls) == list(range(8))
    for item in done:
        assert calls[int(item.removeprefix("each[").rstrip("]"))] == 1, (item, calls)
    assert sum(calls.values()) <= 8 + 2
    # and an item called again was called with the same idempotency key, its item's own
    keys = {
        (int(r["query"]["scene"]), r["headers"]["Idempotency-Key"])
        for r in web.requests
        if r["path"] == "/slow"
    }
    assert keys == {(i, f"{run_id}:each[{i}]/call:1") for i in range(8)}
    # and each item's call succeeded once
    assert {s["status"] for s in body_steps(run, "call").values()} == {"succeeded"}


async def test_an_approval_inside_a_map_waits_for_a_decision_on_its_item(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a map whose body asks a reviewer about each scene
    spec = workflow(
        [
            node("start", "input"),
            node(
                "each",
                "map",
                {"items": "{{ inputs.scenes }}", "result": "{{ steps.review.output.approved }}"},
            ),
            inside(
                "each",
                "review",
                "approval",
                {"message": "Keep scene {{ map.item }}?", "rejected_handle": True},
            ),
            node("result", "output", {"value": "{{ steps.each.output.results }}"}),
        ],
        [edge("start", "each"), edge("each", "result")],
        {"scenes": {"type": "array"}},
    )
    run_id = (await api.start(api.create_workflow(spec), {"scenes": ["dawn", "dusk"]})).json()["id"]

    # When both items wait, and the reviewer decides each one (naming its item)
    run = await api.wait(run_id, {"waiting"})
    waiting = {s["scope"]: s for s in run["steps"] if s["node_id"] == "review" and s["status"] == "waiting"}
    assert sorted(waiting) == ["each[0]", "each[1]"]
    assert waiting["each[1]"]["output"]["message"] == "Keep scene dusk?"
    first = await api.post(f"/api/v1/runs/{run_id}/steps/review/decision?scope=each[1]", {"approved": False})
    assert first.status_code == 200, first.text
    run = await api.wait(run_id, {"waiting"})
    second = await api.post(f"/api/v1/runs/{run_id}/steps/review/decision?scope=each[0]", {"approved": True})
    assert second.status_code == 200, second.text
    run = await api.wait(run_id)

    # Then the map finishes with each item's decision, in order
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": [True, False]}
    # and a decision without the item's scope is refused: that step is not the top level's
    again = await api.post(f"/api/v1/runs/{run_id}/steps/review/decision", {"approved": True})
    assert again.status_code == 409


async def test_an_approval_inside_a_loop_times_out_to_its_default(api: Api, worker: WorkerProcess) -> None:
    # Given a loop whose round waits for an approval that defaults to "approve" after 1 s
    spec = workflow(
        [
            node("start", "input"),
            node("rounds", "loop", {"max_iterations": 2, "result": "{{ steps.review.output.approved }}"}),
            inside("rounds", "review", "approval", {"timeout_s": 1, "default_decision": "approve"}),
            node("result", "output", {"value": "{{ steps.rounds.output.results }}"}),
        ],
        [edge("start", "rounds"), edge("rounds", "result")],
    )

    # When nobody decides
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"], timeout=60)

    # Then each round's approval took its default when its time ran out, and the loop finished
    assert run["status"] == "succeeded", (
        run["error"],
        [(x["scope"], x["node_id"], x["status"], x["error"]) for x in run["steps"]],
    )
    assert run["outputs"] == {"result": [True, True]}
    reviews = body_steps(run, "review")
    assert {s["decision"]["by_timeout"] for s in reviews.values()} == {True}


async def test_an_approval_in_a_loop_inside_a_map_is_decided_by_its_nested_scope(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a map over scenes whose body is a one-round loop asking a reviewer
    spec = workflow(
        [
            node("start", "input"),
            node(
                "each", "map", {"items": "{{ inputs.scenes }}", "result": "{{ steps.rounds.output.result }}"}
            ),
            inside(
                "each",
                "rounds",
                "loop",
                {"max_iterations": 1, "result": "{{ steps.review.output.approved }}"},
            ),
            inside(
                "rounds",
                "review",
                "approval",
                {"message": "Scene {{ map.item }}, round {{ loop.iteration }}?"},
            ),
            node("result", "output", {"value": "{{ steps.each.output.results }}"}),
        ],
        [edge("start", "each"), edge("each", "result")],
        {"scenes": {"type": "array"}},
    )
    run_id = (await api.start(api.create_workflow(spec), {"scenes": ["dawn"]})).json()["id"]

    # When the run waits and the reviewer approves the step in item 0's round 0
    run = await api.wait(run_id, {"waiting"})
    (waiting,) = [s for s in run["steps"] if s["node_id"] == "review" and s["status"] == "waiting"]
    assert waiting["scope"] == "each[0]/rounds[0]"
    assert waiting["output"]["message"] == "Scene dawn, round 1?"
    decided = await api.post(
        f"/api/v1/runs/{run_id}/steps/review/decision?scope=each[0]/rounds[0]", {"approved": True}
    )
    assert decided.status_code == 200, decided.text

    # Then both containers go on and the run succeeds
    run = await api.wait(run_id)
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": [True]}
