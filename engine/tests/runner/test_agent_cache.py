"""The agent response cache in real runs: a worker answers a repeated request from Valkey,
and the step says so (a real worker, the demo model, Postgres and Valkey)."""

from __future__ import annotations

import pytest

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.test_scheduling import edge, node, workflow

pytestmark = pytest.mark.slow


async def test_a_second_run_of_the_same_request_is_answered_from_the_cache(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a workflow whose agent has the response cache on
    spec = workflow(
        [
            node("start", "input"),
            node(
                "writer",
                "agent",
                {
                    "provider": "demo",
                    "model": "demo",
                    "prompt": "A tagline about {{ inputs.topic }}",
                    "cache": {"enabled": True, "ttl_seconds": 600},
                },
            ),
            node("result", "output", {"value": "{{ steps.writer.output }}"}),
        ],
        [edge("start", "writer"), edge("writer", "result")],
        {"topic": {"type": "string"}},
    )
    workflow_id = api.create_workflow(spec)

    # When it runs twice with the same input
    started = await api.start(workflow_id, {"topic": "sourdough"})
    assert started.status_code == 202, started.text
    first = await api.wait(started.json()["id"])
    second = await api.wait((await api.start(workflow_id, {"topic": "sourdough"})).json()["id"])

    # Then the first asked the model and the second got the same answer from the cache, marked so
    assert (first["status"], second["status"]) == ("succeeded", "succeeded")
    (asked,) = steps_by_node(first)["writer"]
    (cached,) = steps_by_node(second)["writer"]
    assert (asked["cached"], cached["cached"]) == (False, True)
    assert cached["output"] == asked["output"]
    assert (cached["tokens_in"], cached["cost_usd"], cached["cost_unknown"]) == (0, 0.0, False)
    logs = [d["message"] for _, kind, d in api.events(second["id"]) if kind == "step.log"]
    assert any(message.startswith("Cached:") for message in logs)
