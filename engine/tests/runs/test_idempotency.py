"""`Idempotency-Key` on starting a run: a retried request gets the run it started; the same
key with another body is refused (422), and a key belongs to its workflow (a real worker)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.runner.conftest import Api, WorkerProcess
from tests.runner.test_scheduling import edge, node, workflow


def echo() -> dict[str, Any]:
    return workflow(
        [node("start", "input"), node("result", "output", {"name": "topic", "value": "{{ inputs.topic }}"})],
        [edge("start", "result")],
        {"topic": {"type": "string"}},
    )


async def test_the_same_key_with_another_body_is_refused(api: Api, worker: WorkerProcess) -> None:
    # Given a run a script started with an Idempotency-Key
    workflow_id = api.create_workflow(echo())
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = await api.start(workflow_id, {"topic": "kelp"}, **key)
    assert first.status_code == 202, first.text

    # When the script sends the same key with other inputs
    other = await api.start(workflow_id, {"topic": "coral"}, **key)

    # Then it is refused, saying the key was used with a different body, and no run is added
    assert other.status_code == 422, other.text
    assert "different request body" in other.json()["detail"]
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    listed = await api.client.get(f"/api/v1/runs?workflow_id={workflow_id}", headers=api.headers)
    assert [r["id"] for r in listed.json()["items"]] == [first.json()["id"]]
    # while a true retry (same key, same body) still gets the first run
    again = await api.start(workflow_id, {"topic": "kelp"}, **key)
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    await api.wait(first.json()["id"])


async def test_a_key_belongs_to_its_workflow(api: Api, worker: WorkerProcess) -> None:
    # Given a run of one workflow started with a key
    one = api.create_workflow(echo(), name="One")
    two = api.create_workflow(echo(), name="Two")
    key = {"Idempotency-Key": "nightly-2026-12-06"}
    first = await api.start(one, {"topic": "kelp"}, **key)

    # When the same key starts a run of another workflow
    second = await api.start(two, {"topic": "kelp"}, **key)

    # Then that is a new run, of the other workflow
    assert (first.status_code, second.status_code) == (202, 202), second.text
    assert second.json()["id"] != first.json()["id"]
    assert second.json()["workflow_id"] == two
    await api.wait(first.json()["id"])
    await api.wait(second.json()["id"])
