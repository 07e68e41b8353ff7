"""`Idempotency-Key` on starting a run: a retried request gets the run it started; the same
key with another body is refused (422), and a key belongs to its workflow (a real worker)."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import psycopg

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


def _commit_once_waited_on(admin_url: str, transaction: psycopg.Connection[Any]) -> None:
    """Commits `transaction` once another session waits on a lock (or after 10 s)."""
    with psycopg.connect(admin_url, autocommit=True) as watch:
        for _ in range(200):
            row = watch.execute(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and pid <> %s",
                (transaction.info.backend_pid,),
            ).fetchone()
            if row and row[0]:
                break
            time.sleep(0.05)
    transaction.commit()


async def test_a_start_racing_another_with_its_key_is_told_to_retry(
    api: Api, worker: WorkerProcess, admin_url: str
) -> None:
    # Given a start with an Idempotency-Key whose run is being inserted by another request right
    # now (its transaction not yet committed)
    workflow_id = api.create_workflow(echo())
    key = uuid.uuid4().hex
    other = psycopg.connect(admin_url)
    try:
        other.execute(
            "insert into runs (owner_id, workflow_id, workflow_version, idempotency_key) "
            "values (%s, %s, 1, %s)",
            (api.user.id, workflow_id, key),
        )

        # When the same start arrives, and waits on that insert, which then commits (from another
        # thread: the test client runs the request on this one until it answers)
        committer = threading.Thread(target=_commit_once_waited_on, args=(admin_url, other))
        committer.start()
        answer = await api.start(workflow_id, {"topic": "kelp"}, **{"Idempotency-Key": key})
        committer.join()
    finally:
        other.close()

    # Then it is told clearly that the run is being created and to retry (not a server error),
    # and no second run exists
    assert answer.status_code == 409, answer.text
    assert "retry" in answer.json()["detail"]
    listed = await api.client.get(f"/api/v1/runs?workflow_id={workflow_id}", headers=api.headers)
    assert len(listed.json()["items"]) == 1
