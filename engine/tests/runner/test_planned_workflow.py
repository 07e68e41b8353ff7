"""A workflow drafted from a sentence runs as drafted: the issue's example, planned by the
demo planner, saved as the user saves it, runs offline: research makes three topics, a
script is written for each, the run waits for the user's approval, then saves to memory."""

from __future__ import annotations

from tests.runner.conftest import Api, WorkerProcess, steps_by_node

EXAMPLE = (
    "every Monday research three trending topics in my niche, write a script for each, "
    "and ask me before saving them to memory"
)


async def test_the_issue_example_drafted_by_the_demo_planner_runs_to_the_end(
    api: Api, worker: WorkerProcess
) -> None:
    # Given the demo planner's draft of the issue's example, saved by the user
    planned = await api.post("/api/v1/workflows/plan", {"description": EXAMPLE})
    assert planned.status_code == 200, planned.text
    draft = planned.json()
    created = await api.post("/api/v1/workflows", {"name": "Monday scripts", "spec": draft["document"]})
    assert created.status_code == 201, created.text
    assert created.json()["problems"] == []
    nodes = {n["type"]: n["id"] for n in draft["document"]["nodes"]}

    # When it runs with its default input
    run_id = (await api.start(created.json()["id"])).json()["id"]

    # Then a script is written for each of the three topics, and the run waits for approval
    review = await api.wait_step(run_id, nodes["approval"], "waiting", timeout=120)
    assert len(review["output"]["value"]) == 3
    mapped = steps_by_node(await api.run(run_id))[nodes["map"]][-1]
    assert mapped["status"] == "succeeded"
    assert len(mapped["output"]["results"]) == 3

    # When the user approves
    decided = await api.post(f"/api/v1/runs/{run_id}/steps/{nodes['approval']}/decision", {"approved": True})
    if decided.status_code not in (200, 202):  # say what became of the run (a CI run saw it cancelled)
        run = await api.run(run_id)
        seen = (run["status"], run["error"], run["cancel_requested_at"], run["steps"])
        raise AssertionError((decided.text, seen))

    # Then the scripts are saved to memory and the run succeeds
    finished = await api.wait(run_id, timeout=120)
    assert finished["status"] == "succeeded", finished
    saved = steps_by_node(finished)[nodes["memory_write"]][-1]
    assert saved["status"] == "succeeded"
    assert saved["output"]["chunks"] >= 1
    assert saved["output"]["deduplicated"] is False
