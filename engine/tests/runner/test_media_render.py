"""A long video render in a real worker: its progress arrives as step logs while it renders,
cancelling the run stops it within 2 s (the encoder is stopped between two frames, and
no file of it is stored), and the worker goes on to run the next run."""

from __future__ import annotations

import time

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.test_scheduling import edge, node, workflow

LONG_SCENE = "{{ [{'image': steps.picture.output.image, 'duration_s': 600, 'caption': 'A long scene'}] }}"


def _render(duration_scene: str) -> dict:  # type: ignore[type-arg]
    return workflow(
        [
            node("start", "input"),
            node("picture", "image", {"prompt": "A long scene"}),
            node("assemble", "video", {"scenes": duration_scene, "width": 1280, "height": 720}),
            node("result", "output"),
        ],
        [edge("start", "picture"), edge("picture", "assemble"), edge("assemble", "result")],
    )


async def test_cancelling_a_long_render_stops_it_before_it_finishes(api: Api, worker: WorkerProcess) -> None:
    # Given a run rendering ten minutes of 720p video, reporting its progress
    run_id = (await api.start(api.create_workflow(_render(LONG_SCENE)))).json()["id"]
    await api.wait_step(run_id, "assemble", "running", timeout=60)
    deadline = time.monotonic() + 60
    while not any(
        t == "step.log" and (d.get("data") or {}).get("percent") is not None for _, t, d in api.events(run_id)
    ):
        assert time.monotonic() < deadline, "no progress was reported"
        time.sleep(0.1)

    # When the user cancels it
    assert (await api.post(f"/api/v1/runs/{run_id}/cancel")).status_code == 200
    run = await api.wait(run_id, timeout=60)  # patience, not a measure (bench/ measures)

    # Then the render stopped before it finished, and stored no video
    assert run["status"] == "cancelled"
    assert steps_by_node(run)["assemble"][-1]["status"] == "cancelled"
    percents = [(d.get("data") or {}).get("percent") for _, t, d in api.events(run_id) if t == "step.log"]
    assert max(p for p in percents if p is not None) < 100
    listed = await api.client.get(
        "/api/v1/assets/", params={"run_id": run_id, "kind": "video"}, headers=api.headers
    )
    assert listed.json()["items"] == []

    # And the same worker renders the next run to the end
    short = "{{ [{'image': steps.picture.output.image, 'duration_s': 1, 'caption': 'Short'}] }}"
    next_id = (await api.start(api.create_workflow(_render(short)))).json()["id"]
    done = await api.wait(next_id, timeout=60)
    assert done["status"] == "succeeded", done
    assert done["outputs"]["result"]["video"]["mime"] == "video/mp4"
