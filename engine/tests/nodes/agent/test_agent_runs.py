"""Agent nodes in real runs: the HTTP API, a real worker process, Postgres and Valkey.

The demo model runs every starter template end to end with no key. A saved
OpenAI-compatible key is decrypted only in the worker, used, and found nowhere else:
not in run events, step or run rows, API responses, nor worker or API logs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from orrery.workflows.templates import load_templates
from tests.agents import shapes
from tests.nodes.agent.fake_provider import FakeProvider, fake_provider
from tests.runner.conftest import Api, WorkerProcess, steps_by_node

pytestmark = pytest.mark.slow

PLANTED_KEY = "sk-live-PLANTED-9f8e7d6c5b4a39281706ZZQ"
SCHEMA = {
    "type": "object",
    "properties": {"headline": {"type": "string"}, "score": {"type": "integer", "minimum": 1, "maximum": 5}},
    "required": ["headline", "score"],
}


def spec(agent_config: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": "orrery.workflow/v1",
        "inputs": {"topic": {"type": "string"}},
        "nodes": [
            {"id": "start", "type": "input", "position": {"x": 0, "y": 0}, "config": {}},
            {
                "id": "writer",
                "type": "agent",
                "position": {"x": 200, "y": 0},
                "config": {"prompt": "Write a headline about {{ inputs.topic }}", "max_attempts": 3,
                           "retry_initial_delay_s": 0.2, **agent_config},
            },
            {"id": "result", "type": "output", "position": {"x": 400, "y": 0},
             "config": {"name": "story", "value": "{{ steps.writer.output }}"}},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "writer", "source_handle": None},
            {"id": "e2", "source": "writer", "target": "result", "source_handle": None},
        ],
    }  # fmt: skip


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    with fake_provider() as server:
        yield server


async def test_a_demo_agent_runs_with_streaming_tokens_and_cost(api: Api, worker: WorkerProcess) -> None:
    # Given a workflow with a demo agent and an output schema
    workflow_id = api.create_workflow(spec({"output_schema": SCHEMA}))

    # When it runs
    response = await api.start(workflow_id, {"topic": "tidal pools"})
    run = await api.wait(response.json()["id"])

    # Then it succeeds with a valid structured output, tokens on the step and the run
    assert run["status"] == "succeeded", run
    story = run["outputs"]["story"]
    assert set(story) == {"headline", "score"}
    assert 1 <= story["score"] <= 5
    writer = steps_by_node(run)["writer"][-1]
    assert writer["tokens_in"] > 0
    assert writer["tokens_out"] > 0
    assert writer["model"] == "demo:demo"
    events = api.events(run["id"])
    assert any(t == "step.log" and d["message"].startswith("Demo model") for _, t, d in events)


@pytest.mark.parametrize("template", load_templates(), ids=lambda t: t.slug)
async def test_every_starter_template_runs_to_completion_on_the_demo_model(
    template: Any, api: Api, worker: WorkerProcess
) -> None:
    # Given a starter template as a user's workflow, with sample inputs
    workflow_id = api.create_workflow(template.spec, name=template.name)
    inputs = {
        name: declared.get("default", f"A sample {name.replace('_', ' ')} about coral reefs and their fish")
        for name, declared in template.spec["inputs"].items()
    }

    # When it runs, and a reviewer approves every approval step
    response = await api.start(workflow_id, inputs)
    assert response.status_code == 202, response.text
    run_id = response.json()["id"]
    for _ in range(10):
        run = await api.wait(run_id, {"succeeded", "failed", "cancelled", "waiting"}, timeout=60)
        if run["status"] != "waiting":
            break
        for step in run["steps"]:
            if step["status"] == "waiting" and step["superseded_at"] is None:
                decided = await api.post(
                    f"/api/v1/runs/{run_id}/steps/{step['node_id']}/decision", {"approved": True}
                )
                assert decided.status_code == 200, decided.text
        await api.wait(run_id, {"running", "succeeded", "failed", "queued"}, timeout=30)

    # Then it succeeds, every agent on the demo model
    assert run["status"] == "succeeded", run
    assert run["outputs"]
    agents = [s for s in run["steps"] if s["model"] == "demo:demo"]
    assert agents
    assert all(s["tokens_out"] > 0 for s in agents)


async def test_a_saved_key_is_used_in_the_worker_and_leaks_nowhere(
    api: Api, worker: WorkerProcess, provider: FakeProvider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []

    # Given the user saved an OpenAI-compatible key through the API
    created = await api.post(
        "/api/v1/credentials",
        {
            "provider": "openai_compatible",
            "label": "Local vLLM",
            "api_key": PLANTED_KEY,
            "base_url": provider.base_url,
        },
    )
    assert created.status_code == 201, created.text
    credential = created.json()
    seen.append(created.text)
    assert credential["key_hint"] == PLANTED_KEY[-4:]

    # and an agent using it with an output schema; the provider is rate-limited once, then answers
    provider.queue(
        shapes.openai_429("1"),
        shapes.openai_tool_call("final_result", '{"headline": "Pools at low tide", "score": 4}',
                                prompt_tokens=1000, completion_tokens=200),
    )  # fmt: skip
    workflow_id = api.create_workflow(
        spec({"provider": "openai_compatible", "model": "qwen2.5", "credential_id": credential["id"],
              "output_schema": SCHEMA})
    )  # fmt: skip

    # When it runs
    started = await api.start(workflow_id, {"topic": "tide pools"})
    run = await api.wait(started.json()["id"], timeout=60)
    seen.append(json.dumps(run))

    # Then the 429 was retried after Retry-After, and the run produced the structured output
    assert run["status"] == "succeeded", run
    assert run["outputs"]["story"] == {"headline": "Pools at low tide", "score": 4}
    attempts = steps_by_node(run)["writer"]
    assert [a["status"] for a in attempts] == ["failed", "succeeded"]
    assert attempts[0]["error"]["code"] == "model_rate_limited"
    retrying = [d for _, t, d in api.events(run["id"]) if t == "step.retrying"]
    assert retrying[0]["delay_s"] >= 1.0
    assert (attempts[-1]["tokens_in"], attempts[-1]["tokens_out"]) == (1000, 200)
    # and the worker really sent the key, to the provider only
    headers = {k.lower(): v for k, v in provider.requests[-1]["headers"].items()}
    assert headers["authorization"] == f"Bearer {PLANTED_KEY}"

    # When the provider then refuses the key
    provider.queue(shapes.openai_401(PLANTED_KEY))
    failed_start = await api.start(workflow_id, {"topic": "tide pools"})
    failed = await api.wait(failed_start.json()["id"], timeout=60)
    seen.append(json.dumps(failed))

    # Then the step failed once, not retried, with a message naming the key and provider
    assert failed["status"] == "failed"
    (attempt,) = steps_by_node(failed)["writer"]
    assert attempt["error"]["code"] == "model_auth_failed"
    assert "refused the API key “Local vLLM” (HTTP 401)" in attempt["error"]["message"]

    # And the planted key is in no event, row, response or log
    listed = await api.client.get("/api/v1/credentials", headers=api.headers)
    seen.append(listed.text)
    with psycopg.connect(api.admin_url) as conn:
        for table in ("run_events", "run_steps", "runs", "credentials", "workflow_versions"):
            rows = conn.execute(f"select to_jsonb(t)::text from public.{table} t").fetchall()  # type: ignore[arg-type]
            seen += [r[0] for r in rows]
        stored = conn.execute("select ciphertext from public.credentials").fetchone()
    assert stored is not None
    assert PLANTED_KEY.encode() not in bytes(stored[0])
    seen.append(worker.output())
    seen.append(caplog.text)
    everything = "\n".join(seen)
    assert PLANTED_KEY not in everything
    assert PLANTED_KEY[:20] not in everything
    assert PLANTED_KEY[-12:] not in everything


async def test_a_step_held_by_a_full_rate_limit_records_the_wait_as_events_of_its_own(
    api: Api, worker: WorkerProcess, provider: FakeProvider, valkey: Any
) -> None:
    from redis.asyncio import Redis

    # Given a saved key its owner limited to 1 request a minute, a request already made with it
    # 40 s ago (by another worker: the limit is shared in Valkey), and an agent using it (40 s, so
    # the step still finds the minute full when a loaded CI machine takes 10 s or more to start it)
    created = await api.post(
        "/api/v1/credentials",
        {"provider": "openai_compatible", "label": "Local vLLM", "api_key": PLANTED_KEY,
         "base_url": provider.base_url},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    key_id = created.json()["id"]
    limited = await api.client.patch(
        f"/api/v1/credentials/{key_id}/limits", json={"requests_per_minute": 1}, headers=api.headers
    )
    assert limited.status_code == 200, limited.text
    redis = Redis.from_url(valkey.url)
    try:
        seconds, micros = await redis.time()
        now_ms = seconds * 1000 + micros // 1000
        await redis.zadd(f"orrery:limits:credential:{key_id}:requests", {"another-worker": now_ms - 40_000})
    finally:
        await redis.aclose()
    provider.queue(shapes.openai_text(["Pools at low tide"]))
    workflow_id = api.create_workflow(
        spec({"provider": "openai_compatible", "model": "qwen2.5", "credential_id": key_id})
    )

    # When it runs
    started = await api.start(workflow_id, {"topic": "tide pools"})
    run = await api.wait(started.json()["id"], timeout=60)

    # Then the step was held for the rate limit, went ahead, and succeeded: events in that order
    assert run["status"] == "succeeded", run
    events = [(t, d) for _, t, d in api.events(run["id"]) if d.get("node_id") == "writer"]
    kinds = [t for t, _ in events if t in ("step.started", "step.held", "step.resumed", "step.succeeded")]
    assert kinds == ["step.started", "step.held", "step.resumed", "step.succeeded"]
    held = next(d for t, d in events if t == "step.held")
    assert (held["reason"], held["limit"]) == ("rate_limit", "requests")
    assert held["provider"] == "openai_compatible"
    assert held["allowance"] == "1 requests per 60 s"
    assert 0 < held["retry_after_s"] <= 20
    assert held["until"] > held["at"]
    # and the step's log still says it in words
    assert any(t == "step.log" and d["message"].startswith("Waiting for rate limit") for t, d in events)
    # and the run's snapshot carries the hold and its end (a page opened later applies them)
    snapshot = (await api.client.get(f"/api/v1/runs/{run['id']}", headers=api.headers)).json()
    assert [(h["type"], h["node_id"]) for h in snapshot["holds"]] == [
        ("step.held", "writer"),
        ("step.resumed", "writer"),
    ]
