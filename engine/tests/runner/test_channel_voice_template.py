"""The "Script in my channel's voice" template in real runs (the API, a real worker, the demo
model, the built-in embedding model, pgvector): a fresh channel's first approved script is
saved to its memory, and the next run finds it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from orrery.workflows.templates import find_template
from tests.runner.conftest import Api, WorkerProcess, steps_by_node

pytestmark = pytest.mark.slow

APPROVED = {
    "title": "Tide pools: the ocean in a puddle",
    "hook": "What if the wildest animals on the coast lived in a puddle you could step over?",
    "script": "Pack your curiosity and your rubber boots. Today we kneel by a tide pool at low tide.",
}


def current(run: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(s for s in steps_by_node(run)[node_id][::-1] if s["superseded_at"] is None)


def logs(api: Api, run_id: str, node_id: str) -> list[dict[str, Any]]:
    return [d for _, t, d in api.events(run_id) if t == "step.log" and d["node_id"] == node_id]


async def approve(api: Api, run_id: str, output: dict[str, Any] | None = None) -> dict[str, Any]:
    run = await api.wait(run_id, {"waiting", "succeeded", "failed", "cancelled"}, timeout=90)
    assert run["status"] == "waiting", run
    decision: dict[str, Any] = {"approved": True, **({"output": output} if output else {})}
    decided = await api.post(f"/api/v1/runs/{run_id}/steps/review/decision", decision)
    assert decided.status_code == 200, decided.text
    return run


async def test_the_first_approved_script_is_remembered_and_the_next_run_finds_it(
    api: Api, worker: WorkerProcess
) -> None:
    template = find_template("script-in-my-channels-voice")
    assert template is not None
    # Given a fresh account (no memory at all) that starts from the template
    workflow_id = api.create_workflow(template.spec, name=template.name)

    # When the first script is written
    first = await api.start(workflow_id, {"topic": "tide pools"})
    assert first.status_code == 202, first.text
    first_id = first.json()["id"]
    waiting = await approve(api, first_id, APPROVED)

    # Then the memory had nothing yet, and the agents still wrote a script on the demo model
    assert current(waiting, "recall")["output"]["results"] == []
    draft = current(waiting, "draft")["output"]
    assert set(draft) == {"title", "hook", "script"}
    # and the editor was given the scriptwriter's conversation (its prompt, search, and script)
    (editor_memory,) = [d for d in logs(api, first_id, "tighten") if d["message"].startswith("Short-term")]
    assert editor_memory["data"]["steps"] == ["draft"]
    assert editor_memory["data"]["messages"] >= 2
    # and once approved (as the reviewer edited it) it is saved to the Channel brain
    run = await api.wait(first_id, timeout=90)
    assert run["status"] == "succeeded", run
    assert {k: run["outputs"]["script"][k] for k in APPROVED} == APPROVED
    assert run["outputs"]["script"]["saved_document"]
    assert current(run, "remember")["output"]["deduplicated"] is False

    # When the next script is written, on a related topic
    second = await api.start(workflow_id, {"topic": "tide pools at night"})
    second_id = second.json()["id"]
    waiting = await approve(api, second_id)

    # Then the recall found the first approved script, marked as a script
    hits = current(waiting, "recall")["output"]["results"]
    assert hits, "the first script should be found"
    assert hits[0]["document_title"] == APPROVED["title"]
    assert hits[0]["metadata"] == {"kind": "script"}
    assert "Pack your curiosity" in current(waiting, "recall")["output"]["text"]
    # and the scriptwriter's own memory_search tool found it too
    found = [d for d in logs(api, second_id, "draft") if d["message"] == "Tool result: memory_search"]
    assert found
    assert APPROVED["title"] in json.dumps(found[0]["data"]["result"])
    run = await api.wait(second_id, timeout=90)
    assert run["status"] == "succeeded", run
