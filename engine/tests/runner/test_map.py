"""Map: a container that runs its body once per item, a few at a time, results in order."""

from __future__ import annotations

from typing import Any

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.containers import body_steps, inside, most_at_once
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import LocalServer

SCENES = {"scenes": {"type": "array"}}


def _scenes_map(body: list[dict[str, Any]], edges: list[dict[str, Any]], **config: Any) -> dict[str, Any]:
    """input -> map `scenes` over `inputs.scenes` (with `body`) -> output of the map's results."""
    return workflow(
        [
            node("start", "input"),
            node("each", "map", {"items": "{{ inputs.scenes }}", **config}),
            *body,
            node("result", "output", {"value": "{{ steps.each.output }}"}),
        ],
        [edge("start", "each"), edge("each", "result"), *edges],
        SCENES,
    )


async def test_a_map_runs_its_body_per_item_within_its_concurrency_and_keeps_input_order(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a map over six scenes, two at a time: each item calls a slow server, then titles the scene
    spec = _scenes_map(
        [
            inside("each", "call", "http", {"url": web.url("/slow?seconds=0.3&scene={{ map.index }}")}),
            inside(
                "each",
                "title",
                "transform",
                {"template": "{{ map.index }}: {{ map.item | upper }} ({{ steps.call.output.status }})"},
            ),
        ],
        [edge("call", "title")],
        concurrency=2,
    )
    scenes = ["dawn", "harbour", "storm", "wreck", "rescue", "dusk"]

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec), {"scenes": scenes})).json()["id"])

    # Then every item's result is there, in input order
    assert run["status"] == "succeeded", run
    output = run["outputs"]["result"]
    assert output["results"] == [f"{i}: {s.upper()} (200)" for i, s in enumerate(scenes)]
    assert output["errors"] == []
    assert output["count"] == 6
    # and each item's body ran as steps of its own scope, never more than two items at once
    calls = body_steps(run, "call")
    assert sorted(calls) == sorted(f"each[{i}]" for i in range(6))
    assert {s["status"] for s in calls.values()} == {"succeeded"}
    assert most_at_once(list(calls.values())) == 2
    # and the map's own step is at the top level
    assert [s["scope"] for s in steps_by_node(run)["each"]] == [None]


async def test_a_failed_item_stops_the_map_by_default(api: Api, worker: WorkerProcess) -> None:
    # Given a map whose body reads a field that the second item lacks
    spec = _scenes_map([inside("each", "name", "transform", {"template": "{{ map.item.name }}"})], [])
    items = [{"name": "dawn"}, {"title": "no name"}, {"name": "dusk"}]

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec), {"scenes": items})).json()["id"])

    # Then the run fails at the map, naming the item and its step
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "item_failed"
    assert run["error"]["node_id"] == "each"
    assert "Item 1 failed at `name`" in run["error"]["message"]
    assert body_steps(run, "name")["each[1]"]["error"]["code"] == "template_render"


async def test_with_continue_a_failed_item_is_listed_and_the_others_go_on(
    api: Api, worker: WorkerProcess
) -> None:
    # Given the same map, set to continue past a failed item
    spec = _scenes_map(
        [inside("each", "name", "transform", {"template": "{{ map.item.name }}"})],
        [],
        on_item_failure="continue",
    )
    items = [{"name": "dawn"}, {"title": "no name"}, {"name": "dusk"}]

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec), {"scenes": items})).json()["id"])

    # Then it succeeds: null for the failed item, its error beside the results
    assert run["status"] == "succeeded", run
    output = run["outputs"]["result"]
    assert output["results"] == ["dawn", None, "dusk"]
    assert [(e["index"], e["code"]) for e in output["errors"]] == [(1, "template_render")]
    assert "name" in output["errors"][0]["message"]


async def test_a_list_over_the_limit_is_refused_naming_the_limit(api: Api, worker: WorkerProcess) -> None:
    # Given a map given 1,001 items (the default limit is 1,000)
    spec = _scenes_map([inside("each", "echo", "transform", {"template": "{{ map.item }}"})], [])

    # When it runs
    run = await api.wait(
        (await api.start(api.create_workflow(spec), {"scenes": list(range(1001))})).json()["id"]
    )

    # Then the map fails before running any item, and says what the limit is
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "too_many_items"
    assert "1,001" in run["error"]["message"]
    assert "1,000" in run["error"]["message"]
    assert "ORRERY_MAP_MAX_ITEMS" in run["error"]["message"]
    assert "echo" not in steps_by_node(run)


async def test_items_that_are_not_a_list_fail_the_map(api: Api, worker: WorkerProcess) -> None:
    # Given a map over a text input
    spec = _scenes_map([inside("each", "echo", "transform", {"template": "{{ map.item }}"})], [])
    spec["inputs"] = {"scenes": {"type": "string"}}

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec), {"scenes": "dawn, dusk"})).json()["id"])

    # Then it fails with a clear reason
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "items_not_a_list"
    assert "gave text" in run["error"]["message"]


async def test_a_map_inside_a_map_runs_each_inner_item_in_its_own_nested_scope(
    api: Api, worker: WorkerProcess
) -> None:
    # Given acts of scenes: an outer map over the acts, an inner map over each act's scenes
    spec = workflow(
        [
            node("start", "input"),
            node("acts", "map", {"items": "{{ inputs.acts }}"}),
            inside("acts", "scenes", "map", {"items": "{{ map.item }}"}),
            {
                **inside(
                    "scenes",
                    "shot",
                    "transform",
                    {"template": "{{ map.item * 10 }}", "output_format": "json"},
                )
            },
            node("result", "output", {"value": "{{ steps.acts.output.results }}"}),
        ],
        [edge("start", "acts"), edge("acts", "result")],
        {"acts": {"type": "array"}},
    )

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec), {"acts": [[1, 2], [3]]})).json()["id"])

    # Then the inner results are nested in the outer ones, in order
    assert run["status"] == "succeeded", run
    inner = run["outputs"]["result"]
    assert [r["results"] for r in inner] == [[10, 20], [30]]
    # and every step says which outer and inner item it belongs to
    assert sorted(body_steps(run, "shot")) == ["acts[0]/scenes[0]", "acts[0]/scenes[1]", "acts[1]/scenes[0]"]
    assert sorted(body_steps(run, "scenes")) == ["acts[0]", "acts[1]"]


async def test_steps_and_events_carry_their_scope(api: Api, worker: WorkerProcess) -> None:
    # Given a map of two items
    spec = _scenes_map([inside("each", "echo", "transform", {"template": "{{ map.item }}"})], [])

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec), {"scenes": ["a", "b"]})).json()["id"])

    # Then the snapshot's body steps and their events name the item; the top level's name none
    assert run["status"] == "succeeded", run
    assert {s["scope"] for s in run["steps"] if s["node_id"] == "echo"} == {"each[0]", "each[1]"}
    assert {s["scope"] for s in run["steps"] if s["node_id"] != "echo"} == {None}
    events = [(t, d) for _, t, d in api.events(run["id"]) if t.startswith("step.") and d["node_id"] == "echo"]
    assert {d["scope"] for _, d in events} == {"each[0]", "each[1]"}
    # (a pure step's start is told by its success when both committed together)
    started = [d for t, d in events if d["scope"] == "each[1]" and t in ("step.started", "step.succeeded")]
    assert started[0]["input"]["map"] == {"item": "b", "index": 1}
