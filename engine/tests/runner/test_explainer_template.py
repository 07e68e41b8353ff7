"""The "Explainer video" template, run as a user runs it, offline on the demo model, image and
voice: it waits for approval with a playable MP4 whose subtitle track has one cue per scene."""

from __future__ import annotations

import tempfile
from pathlib import Path

from orrery.media.probe import MediaLimits, inspect_file
from orrery.workflows.templates import find_template
from tests.runner.conftest import Api, WorkerProcess, steps_by_node


async def test_a_topic_becomes_a_narrated_video_with_subtitles_to_approve(
    api: Api, worker: WorkerProcess
) -> None:
    # Given the template as a user's workflow
    template = find_template("explainer-video")
    assert template is not None
    workflow_id = api.create_workflow(template.spec, name=template.name)

    # When it runs on a topic
    response = await api.start(workflow_id, {"topic": "why the sky is blue"})
    run_id = response.json()["id"]
    review = await api.wait_step(run_id, "review", "waiting", timeout=180)

    # Then the video waits for review: an MP4 of the three scenes, with one subtitle cue each
    pending = review["output"]["value"] if "value" in (review["output"] or {}) else review["output"]
    video = pending["video"]
    assert (video["mime"], pending["scenes"]) == ("video/mp4", 3)
    content = await api.client.get(f"/api/v1/assets/{video['asset_id']}/content", headers=api.headers)
    assert content.status_code == 200
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "video.mp4"
        path.write_bytes(content.content)
        info = inspect_file(path, "video/mp4", MediaLimits())
    assert (info.width, info.height) == (1280, 720)
    assert info.duration_s is not None
    assert info.duration_s > 0
    track = await api.client.get(
        f"/api/v1/assets/{pending['subtitles']['asset_id']}/content", headers=api.headers
    )
    assert track.text.startswith("WEBVTT")
    assert track.text.count(" --> ") == 3
    # and the render reported its progress
    run = await api.run(run_id)
    assembled = steps_by_node(run)["assemble"][-1]
    assert assembled["status"] == "succeeded"
    percents = [
        e[2]["data"]["percent"]
        for e in api.events(run_id)
        if e[1] == "step.log"
        and e[2].get("node_id") == "assemble"
        and (e[2].get("data") or {}).get("percent")
    ]
    assert percents[-1] == 100

    # When the reviewer approves
    decided = await api.post(f"/api/v1/runs/{run_id}/steps/review/decision", {"approved": True})
    assert decided.status_code in (200, 202), decided.text

    # Then the run ends with the video as its output
    run = await api.wait(run_id, timeout=60)
    assert run["status"] == "succeeded", run
    assert run["outputs"]["video"]["video"]["asset_id"] == video["asset_id"]
    # and the run's assets are listed with it: 3 images, 3 narrations, video, subtitles, thumbnail
    listed = await api.client.get("/api/v1/assets/", params={"run_id": run_id}, headers=api.headers)
    kinds = sorted(a["kind"] for a in listed.json()["items"])
    assert kinds == ["audio"] * 3 + ["image"] * 4 + ["text", "video"]
