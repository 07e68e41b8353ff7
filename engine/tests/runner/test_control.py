"""A person in the loop: cancelling runs, approving and rejecting steps."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import LocalServer


async def test_cancel_stops_an_in_flight_step_without_waiting_for_it(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a run busy in a ten-minute call
    spec = workflow(
        [
            node("start", "input"),
            node("call", "http", {"url": web.url("/slow?seconds=600"), "timeout_s": 900}),
            node("after", "transform", {"template": "never"}),
            node("result", "output"),
        ],
        [edge("start", "call"), edge("call", "after"), edge("after", "result")],
    )
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    await api.wait_step(run_id, "call", "running")

    # When the user cancels it
    response = await api.post(f"/api/v1/runs/{run_id}/cancel")
    assert response.status_code == 200, response.text
    # (a minute's patience: far less than the call, whatever the machine's load; how fast a
    # cancel lands is measured in bench/, not asserted here)
    run = await api.wait(run_id, timeout=60)

    # Then it ends cancelled long before the call would have returned, the in-flight step
    # cancelled, nothing after it started
    assert run["status"] == "cancelled"
    steps = steps_by_node(run)
    assert steps["call"][-1]["status"] == "cancelled"
    assert "after" not in steps
    assert [t for _, t, _ in api.events(run_id)][-1] == "run.cancelled"

    # And cancelling it again is a conflict
    again = await api.post(f"/api/v1/runs/{run_id}/cancel")
    assert again.status_code == 409


def _review_workflow(**approval: Any) -> dict[str, Any]:
    return workflow(
        [
            node("start", "input"),
            node("draft", "transform", {"template": "Draft about {{ inputs.topic }}"}),
            node(
                "review", "approval", {"message": "Publish?", "value": "{{ steps.draft.output }}", **approval}
            ),
            node("publish", "transform", {"template": "Published: {{ steps.review.output.value }}"}),
            node("result", "output", {"value": "{{ steps.publish.output }}"}),
        ],
        [
            edge("start", "draft"),
            edge("draft", "review"),
            edge("review", "publish", "approved"),
            edge("publish", "result"),
        ],
        {"topic": {"type": "string"}},
    )


async def test_an_approval_waits_then_an_approved_edit_continues_the_run(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a run that reaches a review step
    run_id = (
        await api.start(api.create_workflow(_review_workflow(allow_edit=True)), {"topic": "stars"})
    ).json()["id"]
    waiting = await api.wait(run_id, {"waiting"})
    step = steps_by_node(waiting)["review"][-1]
    assert step["status"] == "waiting"
    assert step["output"]["value"] == "Draft about stars"

    # When the reviewer approves with an edited text and a comment
    response = await api.post(
        f"/api/v1/runs/{run_id}/steps/review/decision",
        {"approved": True, "comment": "tightened the wording", "output": "Stars, briefly"},
    )
    assert response.status_code == 200, response.text
    run = await api.wait(run_id)

    # Then the run continues with the edit, and the step records who decided, when, and why
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": "Published: Stars, briefly"}
    review = steps_by_node(run)["review"][-1]
    assert review["decided_by"] == api.user.id
    assert review["decided_at"] is not None
    assert review["decision"]["comment"] == "tightened the wording"
    assert review["decision"]["approved"] is True

    # And a second decision on a step that is no longer waiting is a conflict
    again = await api.post(f"/api/v1/runs/{run_id}/steps/review/decision", {"approved": False})
    assert again.status_code == 409


async def test_a_rejection_fails_the_step_and_the_run(api: Api, worker: WorkerProcess) -> None:
    run_id = (await api.start(api.create_workflow(_review_workflow()), {"topic": "x"})).json()["id"]
    await api.wait(run_id, {"waiting"})

    response = await api.post(
        f"/api/v1/runs/{run_id}/steps/review/decision", {"approved": False, "comment": "off-brand"}
    )
    assert response.status_code == 200
    run = await api.wait(run_id)

    assert run["status"] == "failed"
    assert run["error"]["node_id"] == "review"
    assert "off-brand" in run["error"]["message"]
    assert "publish" not in steps_by_node(run)


async def test_a_rejected_handle_routes_the_run_instead_of_failing(api: Api, worker: WorkerProcess) -> None:
    spec = _review_workflow(rejected_handle=True)
    spec["nodes"].append(node("rework", "transform", {"template": "back to drafting"}))
    spec["edges"].append(edge("review", "rework", "rejected"))
    spec["edges"].append(edge("rework", "result"))
    run_id = (await api.start(api.create_workflow(spec), {"topic": "x"})).json()["id"]
    await api.wait(run_id, {"waiting"})

    await api.post(f"/api/v1/runs/{run_id}/steps/review/decision", {"approved": False})
    run = await api.wait(run_id)

    status = {s["node_id"]: s["status"] for s in run["steps"]}
    assert run["status"] == "succeeded", run
    assert status["publish"] == "skipped"
    assert status["rework"] == "succeeded"


async def test_other_branches_keep_running_while_one_waits_for_approval(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a review on one branch and a slow call on the other
    spec = workflow(
        [
            node("start", "input"),
            node("review", "approval", {"message": "ok?"}),
            node("call", "http", {"url": web.url("/slow?seconds=1")}),
            node("result", "output"),
        ],
        [
            edge("start", "review"),
            edge("start", "call"),
            edge("review", "result", "approved"),
            edge("call", "result"),
        ],
    )
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]

    # When the review waits, the call still finishes
    step = await api.wait_step(run_id, "call", "succeeded")
    assert step["status"] == "succeeded"
    run = await api.wait(run_id, {"waiting"})
    assert steps_by_node(run)["review"][-1]["status"] == "waiting"

    # And approving lets the join run
    await api.post(f"/api/v1/runs/{run_id}/steps/review/decision", {"approved": True})
    assert (await api.wait(run_id))["status"] == "succeeded"


async def test_an_approval_without_a_decision_takes_its_default_after_the_timeout(
    api: Api, worker: WorkerProcess
) -> None:
    spec = _review_workflow(timeout_s=1, default_decision="approve")
    run_id = (await api.start(api.create_workflow(spec), {"topic": "late"})).json()["id"]
    await api.wait(run_id, {"waiting"})
    await asyncio.sleep(0.5)

    run = await api.wait(run_id, timeout=15)

    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": "Published: Draft about late"}


async def test_deciding_on_a_step_that_is_not_waiting_is_a_conflict(api: Api, worker: WorkerProcess) -> None:
    run_id = (await api.start(api.create_workflow(_review_workflow()), {"topic": "x"})).json()["id"]
    await api.wait(run_id, {"waiting"})
    response = await api.post(f"/api/v1/runs/{run_id}/steps/draft/decision", {"approved": True})
    assert response.status_code == 409
    assert "not waiting" in response.json()["detail"]
