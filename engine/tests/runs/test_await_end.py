"""Waiting for a run's end (`orrery.runs.await_end.wait_for_end`, behind `POST
/workflows/{id}/runs?wait=true` and `Prefer: wait=N`): a caller gets the outputs when the run
ends in time, or 202 and the run's events URL when it does not (a real worker, Postgres, Valkey)."""

from __future__ import annotations

from typing import Any

from orrery.api.runs import requested_wait
from tests.runner.conftest import Api, WorkerProcess
from tests.runner.test_scheduling import edge, node, workflow


def shout() -> dict[str, Any]:
    return workflow(
        [
            node("start", "input"),
            node("shout", "transform", {"template": "{{ inputs.topic | upper }}!"}),
            node("result", "output", {"name": "headline", "value": "{{ steps.shout.output }}"}),
        ],
        [edge("start", "shout"), edge("shout", "result")],
        {"topic": {"type": "string"}},
    )


def review() -> dict[str, Any]:
    return workflow(
        [
            node("start", "input"),
            node("review", "approval", {"message": "Go?", "value": "{{ inputs.topic }}"}),
            node("result", "output", {"name": "answer", "value": "{{ steps.review.output.value }}"}),
        ],
        [edge("start", "review"), edge("review", "result", "approved")],
        {"topic": {"type": "string"}},
    )


async def test_a_caller_waiting_for_a_short_run_gets_its_outputs(api: Api, worker: WorkerProcess) -> None:
    # Given a quick workflow
    workflow_id = api.create_workflow(shout())

    # When a script starts a run and asks to wait for it
    response = await api.client.post(
        f"/api/v1/workflows/{workflow_id}/runs?wait=true",
        json={"inputs": {"topic": "tides"}},
        headers=api.headers,
    )

    # Then the answer is the finished run with its outputs
    assert response.status_code == 200, response.text
    run = response.json()
    assert run["status"] == "succeeded"
    assert run["outputs"] == {"headline": "TIDES!"}
    assert run["events_url"] == f"/api/v1/runs/{run['id']}/events"


async def test_a_run_that_waits_for_a_person_answers_202_with_its_events_url(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a workflow that stops for an approval
    workflow_id = api.create_workflow(review())

    # When a script starts a run, preferring to wait one second
    response = await api.start(workflow_id, {"topic": "kelp"}, Prefer="wait=1")

    # Then after that second it gets 202: the run, not ended, and where to follow it
    assert response.status_code == 202, response.text
    assert response.headers["preference-applied"] == "wait=1"
    run = response.json()
    assert run["status"] in {"queued", "running", "waiting"}
    assert run["outputs"] is None
    assert run["events_url"] == f"/api/v1/runs/{run['id']}/events"


def test_the_wait_asked_for_is_capped_by_the_setting() -> None:
    # Given an engine that holds a request at most 30 s
    # When callers ask in the ways they can
    # Then each gets what it asked for, never more than the cap
    assert requested_wait(False, None, 30) is None
    assert requested_wait(True, None, 30) == 30
    assert requested_wait(False, "respond-async, wait=5", 30) == 5
    assert requested_wait(False, "wait=600", 30) == 30
    assert requested_wait(False, "handling=lenient", 30) is None
    assert requested_wait(True, None, 0) is None
