"""Retrying a map's items: one item, or every failed one, keeping the others' results."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.containers import body_steps, inside
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import LocalServer


def _switched(web: LocalServer, **config: Any) -> dict[str, Any]:
    """A map over scenes whose body calls a switch per item (its status set by the test), then
    a transform after the map that reads every result."""
    return workflow(
        [
            node("start", "input"),
            node(
                "each",
                "map",
                {"items": "{{ inputs.scenes }}", "result": "{{ steps.call.output.body.key }}", **config},
            ),
            inside("each", "call", "http", {"url": web.url("/switch?key={{ map.item }}"), "max_attempts": 1}),
            node("joined", "transform", {"template": "{{ steps.each.output.results | join(',') }}"}),
            node("result", "output", {"value": "{{ steps.joined.output }}"}),
        ],
        [edge("start", "each"), edge("each", "joined"), edge("joined", "result")],
        {"scenes": {"type": "array"}},
    )


def _calls(web: LocalServer) -> Counter[str]:
    return Counter(r["query"]["key"] for r in web.requests if r["path"] == "/switch")


async def test_retrying_one_item_reruns_only_it_and_what_follows(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a map that went on past a failed item (its server answered 404)
    web.switches["b"] = 404
    spec = _switched(web, on_item_failure="continue")
    run_id = (await api.start(api.create_workflow(spec), {"scenes": ["a", "b", "c"]})).json()["id"]
    first = await api.wait(run_id)
    assert first["status"] == "succeeded", first
    assert first["outputs"] == {"result": "a,None,c"}
    assert [e["index"] for e in steps_by_node(first)["each"][-1]["output"]["errors"]] == [1]

    # When the server recovers and the user retries item 1 of the map
    web.switches["b"] = 200
    response = await api.post(f"/api/v1/runs/{run_id}/retry", {"from_node": "each", "items": [1]})
    assert response.status_code == 202, response.text
    run = await api.wait(run_id)

    # Then only that item ran again; the map and what follows it ran again with every result
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": "a,b,c"}
    assert _calls(web) == {"a": 1, "b": 2, "c": 1}
    assert body_steps(run, "call")["each[1]"]["attempt"] == 2
    assert body_steps(run, "call")["each[0]"]["attempt"] == 1
    each = steps_by_node(run)["each"]
    assert [(s["attempt"], s["superseded_at"] is None) for s in each] == [(1, False), (2, True)]


async def test_retrying_the_failed_items_of_a_stopped_map_finishes_it(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a map, one item at a time, that stopped at its second item
    web.switches["b"] = 404
    spec = _switched(web, concurrency=1)
    run_id = (await api.start(api.create_workflow(spec), {"scenes": ["a", "b", "c", "d"]})).json()["id"]
    first = await api.wait(run_id)
    assert first["status"] == "failed", first
    assert first["error"]["code"] == "item_failed"

    # When the server recovers and the user retries the failed items
    web.switches["b"] = 200
    response = await api.post(f"/api/v1/runs/{run_id}/retry", {"from_node": "each", "items": "failed"})
    assert response.status_code == 202, response.text
    run = await api.wait(run_id)

    # Then the failed item ran again, the items never reached ran once, the first was kept
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": "a,b,c,d"}
    assert _calls(web) == {"a": 1, "b": 2, "c": 1, "d": 1}


async def test_retrying_items_needs_a_container_and_something_to_retry(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a finished run of the map with no failed item
    spec = _switched(web)
    run_id = (await api.start(api.create_workflow(spec), {"scenes": ["a"]})).json()["id"]
    assert (await api.wait(run_id))["status"] == "succeeded"

    # Then items of a node that is not a container, failed items when none failed, and a body
    # node as the node to retry from are each refused with a clear 422
    cases = [
        ({"from_node": "joined", "items": [0]}, "goes with a map or loop"),
        ({"from_node": "each", "items": "failed"}, "no item of `each` failed"),
        ({"from_node": "call"}, "runs inside `each`"),
    ]
    for body, words in cases:
        response = await api.post(f"/api/v1/runs/{run_id}/retry", body)
        assert response.status_code == 422, (body, response.text)
        assert words in response.json()["detail"], (body, response.text)
