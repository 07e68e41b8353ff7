"""A secret used by a run leaves no trace: its value is resolved only by the worker, sent where
the workflow sends it, and found nowhere afterwards: not in any table (every text, JSON and
array column of every schema), not in any event (durable or live), not in the engine's or the
worker's logs, not in any API answer about the run (a real worker, Postgres and Valkey)."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import psycopg
import pytest
import redis

from tests.runner.conftest import Api, WorkerProcess
from tests.runner.containers import inside
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import LocalServer

_TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb", "ARRAY", "name", "bytea")


def every_column_holding(admin_url: str, needle: str) -> list[str]:
    """Every (schema.table.column) whose value contains `needle`: a pg_dump-like scan of all
    text, JSON, array and binary columns outside the system catalogs."""
    found = []
    with psycopg.connect(admin_url) as conn:
        columns = conn.execute(
            "select c.table_schema, c.table_name, c.column_name, c.data_type "
            "from information_schema.columns c join information_schema.tables t "
            "on t.table_schema = c.table_schema and t.table_name = c.table_name "
            "where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')"
        ).fetchall()
        for schema, table, column, data_type in columns:
            if data_type not in _TEXT_TYPES:
                continue
            as_text = f"encode(\"{column}\", 'escape')" if data_type == "bytea" else f'"{column}"::text'
            hit = conn.execute(
                f'select 1 from "{schema}"."{table}" where strpos({as_text}, %s) > 0 limit 1',  # type: ignore[arg-type]
                (needle,),
            ).fetchone()
            if hit:
                found.append(f"{schema}.{table}.{column}")
    return found


def every_redis_value_holding(url: str, needle: str) -> list[str]:
    client = redis.Redis.from_url(url)
    found = []
    for key in client.scan_iter(count=1000):
        kind = client.type(key).decode()
        if kind == "stream":
            blob = repr(client.xrange(key))
        elif kind == "string":
            blob = repr(client.get(key))
        elif kind == "list":
            blob = repr(client.lrange(key, 0, -1))
        elif kind == "hash":
            blob = repr(client.hgetall(key))
        elif kind == "zset":
            blob = repr(client.zrange(key, 0, -1))
        else:
            continue
        if needle in blob:
            found.append(key.decode())
    return found


def leaky() -> dict[str, Any]:
    """An http node sends the secret (header, query, body) to a server that echoes the query
    and body back; a transform writes it out outright; a memory write stores it; the output
    repeats them."""
    return workflow(
        [
            node("start", "input"),
            node(
                "call",
                "http",
                {
                    "method": "POST",
                    "url": "{{ inputs.base }}/echo?token={{ secrets.API_TOKEN }}",
                    "headers": {"Authorization": "Bearer {{ secrets.API_TOKEN }}"},
                    "body": '{"key": "{{ secrets.API_TOKEN }}"}',
                },
            ),
            node("blurt", "transform", {"template": "The token is {{ secrets.API_TOKEN }}."}),
            node(
                "remember",
                "memory_write",
                {
                    "collection": "Tokens",
                    "content": "Remember {{ secrets.API_TOKEN }}: {{ steps.blurt.output }}",
                    "title": "Token {{ secrets.API_TOKEN }}",
                },
            ),
            node(
                "result",
                "output",
                {"name": "echoed", "value": "{{ steps.call.output }} / {{ steps.blurt.output }}"},
            ),
        ],
        [edge("start", "call"), edge("call", "blurt"), edge("blurt", "remember"), edge("remember", "result")],
        {"base": {"type": "string"}},
    )


async def test_a_planted_secret_is_found_nowhere_after_a_run_that_used_it(
    api: Api,
    worker: WorkerProcess,
    web: LocalServer,
    admin_url: str,
    env: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    # Given a secret, and a workflow that sends it out and tries every way to echo it back
    planted = f"PLANTED-{secrets.token_hex(16)}"
    stored = await api.client.put("/api/v1/secrets/API_TOKEN", json={"value": planted}, headers=api.headers)
    assert stored.status_code == 201, stored.text
    created = await api.post("/api/v1/workflows", {"name": "Leaky", "spec": leaky()})
    assert created.status_code == 201, created.text
    workflow_id = created.json()["id"]

    # When it runs
    started = await api.client.post(
        f"/api/v1/workflows/{workflow_id}/runs?wait=true",
        json={"inputs": {"base": web.url("").rstrip("/")}},
        headers=api.headers,
    )
    assert started.status_code == 200, started.text
    run_id = started.json()["id"]

    # Then the server it called got the real value, in the header, the query and the body
    request = next(r for r in web.requests if r["path"] == "/echo")
    assert request["headers"]["Authorization"] == f"Bearer {planted}"
    assert request["query"]["token"] == planted
    assert planted in request["body"]
    # and the run succeeded with the value masked where it came back
    run = started.json()
    assert run["status"] == "succeeded", run
    assert "[secret API_TOKEN]" in run["outputs"]["echoed"]
    # and every API answer about the run and its workflow is free of it
    answers = [started]
    for path in (
        f"/api/v1/runs/{run_id}",
        f"/api/v1/runs/{run_id}/spec",
        f"/api/v1/runs/{run_id}/events",
        f"/api/v1/runs?workflow_id={workflow_id}",
        f"/api/v1/workflows/{workflow_id}",
        f"/api/v1/workflows/{workflow_id}/export",
        f"/api/v1/workflows/{workflow_id}/versions",
        "/api/v1/secrets",
    ):
        response = await api.client.get(path, headers=api.headers)
        assert response.status_code == 200, (path, response.text)
        answers.append(response)
    assert [a.url.path for a in answers if planted in a.text] == []
    # and no table, no event, no live stream, no log line holds it
    assert every_column_holding(admin_url, planted) == []
    assert every_redis_value_holding(env["REDIS_URL"], planted) == []
    assert planted not in worker.output()
    assert planted not in caplog.text
    # (while the scan does find what is there: the masked output)
    assert "public.runs.outputs" in every_column_holding(admin_url, "[secret API_TOKEN]")


async def test_a_missing_secret_fails_the_step_naming_it(api: Api, worker: WorkerProcess) -> None:
    # Given a workflow reading a secret the user never stored
    spec = workflow(
        [
            node("start", "input"),
            node("blurt", "transform", {"template": "{{ secrets.NOPE_TOKEN }}"}),
            node("result", "output"),
        ],
        [edge("start", "blurt"), edge("blurt", "result")],
    )

    # When it runs
    response = await api.start(api.create_workflow(spec))
    run = await api.wait(response.json()["id"])

    # Then the step fails with a stable code, naming the secret
    assert run["status"] == "failed"
    step = next(s for s in run["steps"] if s["node_id"] == "blurt")
    assert step["error"]["code"] == "secret_missing"
    assert "`NOPE_TOKEN`" in step["error"]["message"]


async def test_a_secret_in_a_maps_items_is_not_kept_in_its_iterations(
    api: Api, worker: WorkerProcess, admin_url: str
) -> None:
    # Given a map whose items carry a secret, and a body that repeats its item
    planted = f"PLANTED-{secrets.token_hex(16)}"
    await api.client.put("/api/v1/secrets/ITEM_TOKEN", json={"value": planted}, headers=api.headers)
    spec = workflow(
        [
            node("start", "input"),
            node("each", "map", {"items": "{{ ['a:' ~ secrets.ITEM_TOKEN, 'b'] }}"}),
            inside("each", "say", "transform", {"template": "item {{ map.item }}"}),
            node("result", "output", {"value": "{{ steps.each.output }}"}),
        ],
        [edge("start", "each"), edge("each", "result")],
    )

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then each item ran, the secret masked in its item, and no table holds the value
    assert run["status"] == "succeeded", run
    assert run["outputs"]["result"]["results"] == ["item a:[secret ITEM_TOKEN]", "item b"]
    assert every_column_holding(admin_url, planted) == []
