"""A cancel is never lost: whatever state the run is in, or moves to, while the cancel
arrives (queued, running, parked waiting, being released, its worker dead), it ends
`cancelled`. Real worker processes, Postgres and Valkey."""

from __future__ import annotations

import asyncio
import random
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from tests.runner.conftest import Api, Isolated, WorkerProcess, start_worker
from tests.runner.test_scheduling import edge, node, workflow

pytestmark = pytest.mark.slow

PAUSED = "failpoint pause_before_release"


def review_after_an_agent() -> dict[str, Any]:
    """input -> agent (demo) -> approval -> output: a run that parks itself waiting."""
    return workflow(
        [
            node("start", "input"),
            node(
                "writer",
                "agent",
                {"provider": "demo", "model": "demo", "prompt": "A line on {{ inputs.topic }}"},
            ),
            node("review", "approval", {"message": "Publish?", "value": "{{ steps.writer.output }}"}),
            node("result", "output", {"value": "{{ steps.review.output.value }}"}),
        ],
        [edge("start", "writer"), edge("writer", "review"), edge("review", "result", "approved")],
        {"topic": {"type": "string"}},
    )


async def wait_for_log(worker: WorkerProcess, text: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while text not in worker.output():
        assert time.monotonic() < deadline, f"{text!r} never logged:\n{worker.output()}"
        await asyncio.sleep(0.01)


async def test_a_cancel_while_the_worker_releases_a_parked_run_ends_it_cancelled(
    isolated: Isolated, tmp_path: Path
) -> None:
    # Given a worker that has parked a run waiting for a review and is about to let it go
    api = isolated.api
    worker = start_worker({**isolated.env, "ORRERY_FAILPOINTS": "pause_before_release"}, tmp_path)
    try:
        run_id = (await api.start(api.create_workflow(review_after_an_agent()), {"topic": "kelp"})).json()[
            "id"
        ]
        await wait_for_log(worker, PAUSED)

        # When the user cancels right then
        response = await api.post(f"/api/v1/runs/{run_id}/cancel")
        assert response.status_code == 200, response.text

        # Then the run ends cancelled, its waiting review cancelled too
        run = await api.wait(run_id, timeout=15)
        assert run["status"] == "cancelled", run
        assert {s["node_id"]: s["status"] for s in run["steps"]}["review"] == "cancelled"
        assert [kind for _, kind, _ in api.events(run_id)][-1] == "run.cancelled"
    finally:
        worker.stop()


async def test_a_cancel_of_a_parked_run_whose_worker_died_before_letting_it_go_is_not_lost(
    isolated: Isolated, tmp_path: Path
) -> None:
    # Given a run parked waiting by a worker that dies before it gives the lease up
    api = isolated.api
    doomed = start_worker(
        {**isolated.env, "ORRERY_FAILPOINTS": "pause_before_release"}, tmp_path, name="doomed", doomed=True
    )
    rescuer: WorkerProcess | None = None
    try:
        run_id = (await api.start(api.create_workflow(review_after_an_agent()), {"topic": "kelp"})).json()[
            "id"
        ]
        await wait_for_log(doomed, PAUSED)
        doomed.stop(signal.SIGKILL)

        # When the user cancels it while its lease has not lapsed yet
        response = await api.post(f"/api/v1/runs/{run_id}/cancel")
        assert response.status_code == 200, response.text
        rescuer = start_worker(isolated.env, tmp_path, name="rescuer")

        # Then another worker ends it cancelled once the lease lapses
        run = await api.wait(run_id, timeout=20)
        assert run["status"] == "cancelled", run
    finally:
        doomed.stop(signal.SIGKILL)
        if rescuer is not None:
            rescuer.stop()


async def test_fifty_runs_cancelled_at_random_moments_all_end_cancelled(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a workflow whose runs go queued -> running -> waiting for a review within moments
    workflow_id = api.create_workflow(review_after_an_agent())
    chance = random.Random(13)

    async def cancel_at(delay: float) -> dict[str, Any]:
        run_id = (await api.start(workflow_id, {"topic": "tides"})).json()["id"]
        await asyncio.sleep(delay)
        response = await api.post(f"/api/v1/runs/{run_id}/cancel")
        assert response.status_code == 200, response.text
        return await api.wait(run_id, timeout=30)

    # When each is cancelled 0-500 ms after it started, five at a time
    runs: list[dict[str, Any]] = []
    for _ in range(10):
        runs += await asyncio.gather(*(cancel_at(chance.uniform(0, 0.5)) for _ in range(5)))

    # Then every one of them ends cancelled
    assert [r["status"] for r in runs] == ["cancelled"] * 50, [(r["id"], r["status"]) for r in runs]
