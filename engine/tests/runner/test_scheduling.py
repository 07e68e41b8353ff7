"""How a run moves through its graph: chains, joins, branches, parallel work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.support.local_server import LocalServer


def node(node_id: str, type_: str, config: dict[str, Any] | None = None, x: int = 0) -> dict[str, Any]:
    return {"id": node_id, "type": type_, "position": {"x": x, "y": 0}, "config": config or {}}


def edge(source: str, target: str, handle: str | None = None) -> dict[str, Any]:
    return {
        "id": f"{source}-{target}-{handle or ''}",
        "source": source,
        "target": target,
        "source_handle": handle,
    }


def workflow(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], inputs: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"schema": "orrery.workflow/v1", "inputs": inputs or {}, "nodes": nodes, "edges": edges}


def slow_call(web: LocalServer, seconds: float, **call: Any) -> dict[str, Any]:
    """input -> an http call answered after `seconds` (a run busy in a slow call) -> output."""
    return workflow(
        [
            node("start", "input"),
            node("call", "http", {"url": web.url(f"/slow?seconds={seconds:g}"), **call}),
            node("result", "output"),
        ],
        [edge("start", "call"), edge("call", "result")],
    )


TOPIC = {"topic": {"type": "string"}}


async def test_a_chain_runs_in_order_and_returns_its_output(api: Api, worker: WorkerProcess) -> None:
    # Given input -> transform -> output
    spec = workflow(
        [
            node("start", "input"),
            node("shout", "transform", {"template": "{{ inputs.topic | upper }}!"}),
            node("result", "output", {"name": "headline", "value": "{{ steps.shout.output }}"}),
        ],
        [edge("start", "shout"), edge("shout", "result")],
        TOPIC,
    )
    workflow_id = api.create_workflow(spec)

    # When the user starts a run
    response = await api.start(workflow_id, {"topic": "orbits"})
    assert response.status_code == 202, response.text
    run = await api.wait(response.json()["id"])

    # Then it succeeds with the output node's value, every step once
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"headline": "ORBITS!"}
    assert {s["node_id"]: s["status"] for s in run["steps"]} == {
        "start": "succeeded",
        "shout": "succeeded",
        "result": "succeeded",
    }
    # and its durable events tell the story in order
    types = [t for _, t, _ in api.events(run["id"])]
    assert types[0] == "run.queued"
    assert types[1] == "run.started"
    assert types[-1] == "run.succeeded"
    order = [d["node_id"] for _, t, d in api.events(run["id"]) if t == "step.succeeded"]
    assert order == ["start", "shout", "result"]
    seqs = [seq for seq, _, _ in api.events(run["id"])]
    assert seqs == list(range(1, len(seqs) + 1))


async def test_a_diamond_joins_both_branches(api: Api, worker: WorkerProcess) -> None:
    # Given input -> (a, b) -> join -> output
    spec = workflow(
        [
            node("start", "input"),
            node("a", "transform", {"template": "A:{{ inputs.topic }}"}),
            node("b", "transform", {"template": "B:{{ inputs.topic }}"}),
            node("join", "transform", {"template": "{{ steps.a.output }}+{{ steps.b.output }}"}),
            node("result", "output", {"value": "{{ steps.join.output }}"}),
        ],
        [
            edge("start", "a"),
            edge("start", "b"),
            edge("a", "join"),
            edge("b", "join"),
            edge("join", "result"),
        ],
        TOPIC,
    )
    run = await api.wait((await api.start(api.create_workflow(spec), {"topic": "x"})).json()["id"])

    # Then the join saw both branches, and ran once
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": "A:x+B:x"}
    assert len(steps_by_node(run)["join"]) == 1


async def test_an_untaken_branch_skips_its_whole_subtree(api: Api, worker: WorkerProcess) -> None:
    # Given a router with two routes, each leading to a two-node subtree
    router = {
        "routes": [
            {"name": "video", "condition": {"left": "inputs.channel", "op": "equals", "right": "youtube"}},
            {"name": "text", "condition": {"left": "inputs.channel", "op": "equals", "right": "blog"}},
        ],
        "default_route": None,
    }
    spec = workflow(
        [
            node("start", "input"),
            node("route", "router", router),
            node("script", "transform", {"template": "script"}),
            node("storyboard", "transform", {"template": "{{ steps.script.output }} board"}),
            node("post", "transform", {"template": "post"}),
            node("newsletter", "transform", {"template": "{{ steps.post.output }} letter"}),
            node("result", "output", {"name": "result"}),
        ],
        [
            edge("start", "route"),
            edge("route", "script", "video"),
            edge("script", "storyboard"),
            edge("route", "post", "text"),
            edge("post", "newsletter"),
            edge("storyboard", "result"),
            edge("newsletter", "result"),
        ],
        {"channel": {"type": "string"}},
    )

    # When the run takes the "text" route
    run = await api.wait((await api.start(api.create_workflow(spec), {"channel": "blog"})).json()["id"])

    # Then the video subtree is skipped, the text one ran, and the join ran on the live branch
    status = {s["node_id"]: s["status"] for s in run["steps"]}
    assert run["status"] == "succeeded", run
    assert status["script"] == "skipped"
    assert status["storyboard"] == "skipped"
    assert status["post"] == "succeeded"
    assert status["newsletter"] == "succeeded"
    assert status["result"] == "succeeded"
    assert run["outputs"] == {"result": "post letter"}


async def test_independent_slow_nodes_run_at_the_same_time(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given two HTTP calls of a second each, side by side
    slow = {"url": web.url("/slow?seconds=1"), "max_attempts": 1}
    spec = workflow(
        [
            node("start", "input"),
            node("left", "http", slow),
            node("right", "http", slow),
            node("result", "output"),
        ],
        [edge("start", "left"), edge("start", "right"), edge("left", "result"), edge("right", "result")],
    )
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then their executions overlapped in time
    steps = steps_by_node(run)
    left, right = steps["left"][0], steps["right"][0]
    assert run["status"] == "succeeded", run

    def t(value: str) -> datetime:
        return datetime.fromisoformat(value)

    assert t(left["started_at"]) < t(right["finished_at"])
    assert t(right["started_at"]) < t(left["finished_at"])
    assert left["output"]["status"] == 200
