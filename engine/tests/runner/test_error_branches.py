"""Error branches: a node's `error` handle takes its failure, and the run goes on."""

from __future__ import annotations

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.containers import inside
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import LocalServer

FALLBACK = "fell back after {{ steps.call.output.error.code }}, attempt {{ steps.call.output.error.attempt }}"


def _with_fallback(url: str) -> dict[str, object]:
    """input -> call -> publish -> result, and call -(error)-> fallback -> result."""
    return workflow(
        [
            node("start", "input"),
            node("call", "http", {"url": url, "max_attempts": 1}),
            node("publish", "transform", {"template": "published ({{ steps.call.output.status }})"}),
            node(
                "fallback",
                "transform",
                {"template": FALLBACK},
            ),
            node("result", "output", {"value": "{{ steps.publish.output or steps.fallback.output }}"}),
        ],
        [
            edge("start", "call"),
            edge("call", "publish"),
            edge("call", "fallback", "error"),
            edge("publish", "result"),
            edge("fallback", "result"),
        ],
    )


async def test_a_failure_takes_the_error_branch_and_the_run_succeeds(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a call that answers 404, with an error branch to a fallback
    spec = _with_fallback(web.url("/status?code=404"))

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then the run follows the error branch and succeeds
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": "fell back after http_status, attempt 1"}
    steps = steps_by_node(run)
    call = steps["call"][-1]
    # and the failed step is shown as handled, its error as its output, only its error handle live
    assert (call["status"], call["handled"], call["handles"]) == ("failed", True, ["error"])
    assert call["output"]["error"]["code"] == "http_status"
    assert call["error"]["code"] == "http_status"
    assert steps["publish"][-1]["status"] == "skipped"
    failed = [d for _, t, d in api.events(run["id"]) if t == "step.failed"]
    assert [(d["node_id"], d["handled"]) for d in failed] == [("call", True)]


async def test_without_a_failure_the_error_branch_is_skipped(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given the same workflow, and a call that succeeds
    spec = _with_fallback(web.url("/echo"))

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then the normal path runs and the fallback is skipped
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": "published (200)"}
    steps = steps_by_node(run)
    assert steps["fallback"][-1]["status"] == "skipped"
    assert steps["call"][-1]["handled"] is False


async def test_a_failing_map_takes_its_error_branch(api: Api, worker: WorkerProcess) -> None:
    # Given a map that stops at a failed item, with an error branch
    spec = workflow(
        [
            node("start", "input"),
            node("each", "map", {"items": "{{ inputs.scenes }}"}),
            inside("each", "name", "transform", {"template": "{{ map.item.name }}"}),
            node("fallback", "transform", {"template": "{{ steps.each.output.error.message }}"}),
            node("result", "output", {"value": "{{ steps.fallback.output }}"}),
        ],
        [edge("start", "each"), edge("each", "fallback", "error"), edge("fallback", "result")],
        {"scenes": {"type": "array"}},
    )

    # When an item fails
    run = await api.wait(
        (await api.start(api.create_workflow(spec), {"scenes": [{"name": "a"}, {}]})).json()["id"]
    )

    # Then the map's failure goes down its error branch and the run succeeds
    assert run["status"] == "succeeded", run
    assert run["outputs"]["result"].startswith("Item 1 failed at `name`")
    each = steps_by_node(run)["each"][-1]
    assert (each["status"], each["handled"]) == ("failed", True)


async def test_an_error_branch_inside_a_body_keeps_the_item_going(api: Api, worker: WorkerProcess) -> None:
    # Given a map whose body catches its own failure
    spec = workflow(
        [
            node("start", "input"),
            node(
                "each",
                "map",
                {"items": "{{ inputs.scenes }}", "result": "{{ steps.anon.output or steps.name.output }}"},
            ),
            inside("each", "name", "transform", {"template": "{{ map.item.name }}"}),
            inside("each", "anon", "transform", {"template": "anonymous #{{ map.index }}"}),
            node("result", "output", {"value": "{{ steps.each.output.results }}"}),
        ],
        [edge("start", "each"), edge("name", "anon", "error"), edge("each", "result")],
        {"scenes": {"type": "array"}},
    )

    # When the second item has no name
    run = await api.wait(
        (await api.start(api.create_workflow(spec), {"scenes": [{"name": "dawn"}, {}]})).json()["id"]
    )

    # Then that item takes its branch and the map succeeds with both results
    assert run["status"] == "succeeded", run
    assert run["outputs"]["result"] == ["dawn", "anonymous #1"]
