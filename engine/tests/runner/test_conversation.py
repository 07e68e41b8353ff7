"""Short-term memory in real runs: an agent downstream of another gets its conversation,
an agent on a parallel branch does not (a real worker, the demo model, Postgres)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.test_scheduling import edge, node, workflow

pytestmark = pytest.mark.slow


def agent(prompt: str, *, memory: bool = False) -> dict[str, Any]:
    config: dict[str, Any] = {"provider": "demo", "model": "demo", "prompt": prompt}
    if memory:
        config["short_term_memory"] = {"enabled": True, "max_tokens": 4000}
    return config


def memory_logs(api: Api, run_id: str, node_id: str) -> list[dict[str, Any]]:
    return [
        data
        for _, kind, data in api.events(run_id)
        if kind == "step.log" and data["node_id"] == node_id and data["message"].startswith("Short-term")
    ]


async def test_an_agent_downstream_remembers_the_earlier_agent_and_a_parallel_one_does_not(
    api: Api, worker: WorkerProcess
) -> None:
    # Given start -> research -> script (short-term memory on), and start -> thumbnail (on too)
    spec = workflow(
        [
            node("start", "input"),
            node("research", "agent", agent("Research {{ inputs.topic }} for a video")),
            node("script", "agent", agent("Write the narration.", memory=True)),
            node("thumbnail", "agent", agent("Describe a thumbnail for {{ inputs.topic }}", memory=True)),
            node("result", "output", {"value": "{{ steps.script.output }}"}),
        ],
        [
            edge("start", "research"),
            edge("research", "script"),
            edge("start", "thumbnail"),
            edge("script", "result"),
            edge("thumbnail", "result"),
        ],
        {"topic": {"type": "string"}},
    )
    workflow_id = api.create_workflow(spec)

    # When it runs
    response = await api.start(workflow_id, {"topic": "tide pools"})
    run = await api.wait(response.json()["id"])
    assert run["status"] == "succeeded", run

    # Then the scriptwriter was given the researcher's exchange (its prompt and answer)
    (script_log,) = memory_logs(api, run["id"], "script")
    assert (script_log["data"]["messages"], script_log["data"]["steps"]) == (2, ["research"])
    script = steps_by_node(run)["script"][-1]["output"]
    assert "(I was shown 2 earlier messages of this run.)" in script
    # and the thumbnail agent, on a parallel branch, was given nothing
    (thumbnail_log,) = memory_logs(api, run["id"], "thumbnail")
    assert thumbnail_log["data"]["messages"] == 0
    assert "earlier message" not in steps_by_node(run)["thumbnail"][-1]["output"]

    # and every agent step's transcript is on its row, not in its output, events or API read
    with psycopg.connect(api.admin_url) as conn:
        rows = dict(
            conn.execute(
                "select node_id, transcript from public.run_steps where run_id = %s", (run["id"],)
            ).fetchall()
        )
    assert rows["research"][0]["parts"][0]["content"] == "Research tide pools for a video"
    assert [m["kind"] for m in rows["script"]] == ["request", "response"]
    assert rows["start"] is None
    assert rows["result"] is None
    assert all("transcript" not in step for step in run["steps"])
    assert not any("transcript" in data for _, _, data in api.events(run["id"]))


async def test_an_agent_without_short_term_memory_is_not_given_the_conversation(
    api: Api, worker: WorkerProcess
) -> None:
    # Given research -> script, short-term memory off (the default)
    spec = workflow(
        [
            node("start", "input"),
            node("research", "agent", agent("Research {{ inputs.topic }}")),
            node("script", "agent", agent("Write the narration.")),
            node("result", "output", {"value": "{{ steps.script.output }}"}),
        ],
        [edge("start", "research"), edge("research", "script"), edge("script", "result")],
        {"topic": {"type": "string"}},
    )
    response = await api.start(api.create_workflow(spec), {"topic": "tide pools"})
    assert response.status_code == 202, response.text
    run = await api.wait(response.json()["id"])

    # Then it ran on its own prompt alone
    assert run["status"] == "succeeded", run
    assert memory_logs(api, run["id"], "script") == []
    assert "earlier message" not in steps_by_node(run)["script"][-1]["output"]
