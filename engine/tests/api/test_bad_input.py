"""Bad input gets a clear 4xx naming what was wrong, never a 500 (issue 14, points 4-6).

A NUL character anywhere (Postgres text cannot hold it) is refused with 422 naming the
field; JSON nested past the limit, and a body that is not UTF-8, are refused with 400
saying so. Each case below answered 500 before the request guard (`api/guard.py`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.api.auth_local import create_auth_app
from orrery.api.payload import MAX_JSON_DEPTH
from orrery.settings import Settings
from tests.workflows.helpers import Api, document, edge, node, pipeline, sign_up

NUL = "\u0000"
MEMORY = "/api/v1/memory"


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


@pytest.fixture
async def auth(auth_settings: Settings) -> AsyncIterator[AsyncTestClient[Any]]:
    """The local Supabase Auth stand-in: its own app and process (`orrery auth`)."""
    async with AsyncTestClient(app=create_auth_app(auth_settings)) as client:
        yield client


@dataclass
class World:
    """What a case needs: Ada's API, and where to arrange what the API cannot."""

    api: Api
    admin_url: str
    auth: AsyncTestClient[Any] | None = None

    async def workflow(self) -> str:
        return str((await self.api.create())["id"])

    async def collection(self) -> str:
        response = await self.api.post(f"{MEMORY}/collections", {"name": "Notes"})
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def waiting_approval(self) -> str:
        """A run whose `review` step waits for a decision, arranged in the database (a worker
        a test before left running may also take the run: it parks at the same approval)."""
        spec = document(
            [
                node("start", "input"),
                node("review", "approval", x=280, message="Publish?"),
                node("end", "output"),
            ],
            [edge("start", "review"), edge("review", "end", "approved")],
        )
        workflow = await self.api.create("Review", spec)
        run = await self.api.post(f"/api/v1/workflows/{workflow['id']}/runs", {"inputs": {}})
        assert run.status_code == 202, run.text
        run_id = str(run.json()["id"])
        # One transaction that locks the run's row first, as a worker's commit does: a worker
        # writing the same step meanwhile waits for it (or it for the worker), never deadlocks.
        with psycopg.connect(self.admin_url) as conn, conn.transaction():
            conn.execute("update public.runs set status = 'waiting' where id = %s", (run_id,))
            conn.execute(
                "insert into public.run_steps (owner_id, run_id, node_id, status, output) "
                "values (%s, %s, 'review', 'waiting', '{}') "
                "on conflict (run_id, scope, node_id, attempt) do update set status = 'waiting'",
                (self.api.user.id, run_id),
            )
        return run_id


Send = Callable[[World], Awaitable[httpx.Response]]


def _post(path: str | Callable[[World], Awaitable[str]], body: dict[str, Any]) -> Send:
    async def send(world: World) -> httpx.Response:
        where = path if isinstance(path, str) else await path(world)
        if where.startswith("/auth/v1"):
            assert world.auth is not None
            return await world.auth.post(where, json=body)
        return await world.api.post(where, body)

    return send


async def _runs_of(world: World) -> str:
    return f"/api/v1/workflows/{await world.workflow()}/runs"


async def _decision_of(world: World) -> str:
    return f"/api/v1/runs/{await world.waiting_approval()}/steps/review/decision"


async def _documents_of(world: World) -> str:
    return f"{MEMORY}/collections/{await world.collection()}/documents"


async def _search_of(world: World) -> str:
    return f"{MEMORY}/collections/{await world.collection()}/search"


async def _rename(world: World) -> httpx.Response:
    return await world.api.put(f"/api/v1/workflows/{await world.workflow()}", {"name": f"Dra{NUL}ft"})


async def _search_workflows(world: World) -> httpx.Response:
    return await world.api.client.get("/api/v1/workflows?q=ab%00c", headers=world.api.user.headers)


def _labelled(label: str) -> dict[str, Any]:
    spec = pipeline()
    spec["nodes"][1]["label"] = label
    return spec


NUL_CASES: dict[str, tuple[Send, str]] = {
    "workflow name": (_post("/api/v1/workflows", {"name": f"A{NUL}", "spec": pipeline()}), "name"),
    "workflow description": (
        _post("/api/v1/workflows", {"name": "A", "description": f"x{NUL}", "spec": pipeline()}),
        "description",
    ),
    "node label": (
        _post("/api/v1/workflows", {"name": "A", "spec": _labelled(f"Dr{NUL}aft")}),
        "spec.nodes[1].label",
    ),
    "renamed workflow": (_rename, "name"),
    "workflow search": (_search_workflows, "q"),
    "run input": (_post(_runs_of, {"inputs": {"topic": f"st{NUL}ars"}}), "inputs.topic"),
    "decision comment": (_post(_decision_of, {"approved": True, "comment": f"ok{NUL}"}), "comment"),
    "credential label": (
        _post("/api/v1/credentials", {"provider": "openai", "label": f"W{NUL}", "api_key": "sk-x"}),
        "label",
    ),
    "collection name": (_post(f"{MEMORY}/collections", {"name": f"N{NUL}"}), "name"),
    "collection description": (
        _post(f"{MEMORY}/collections", {"name": "N", "description": f"d{NUL}"}),
        "description",
    ),
    "document text": (_post(_documents_of, {"source": "text", "text": f"Hello{NUL} world"}), "text"),
    "document title": (
        _post(_documents_of, {"source": "text", "text": "Hello", "title": f"T{NUL}"}),
        "title",
    ),
    "file name": (
        _post(_documents_of, {"source": "file", "text": "Hello", "filename": f"a{NUL}.txt"}),
        "filename",
    ),
    "metadata value": (
        _post(_documents_of, {"source": "text", "text": "Hello", "metadata": {"topic": f"m{NUL}"}}),
        "metadata.topic",
    ),
    "metadata filter": (
        _post(_search_of, {"query": "hello", "metadata": {"topic": f"m{NUL}"}}),
        "metadata.topic",
    ),
    "signup email": (
        _post("/auth/v1/signup", {"email": f"ada{NUL}@example.com", "password": "pw-123456"}),
        "email",
    ),
    "signup data": (
        _post(
            "/auth/v1/signup", {"email": "ada@example.com", "password": "pw-123456", "data": {"n": f"A{NUL}"}}
        ),
        "data.n",
    ),
}


@pytest.mark.parametrize("case", NUL_CASES, ids=list(NUL_CASES))
async def test_a_nul_character_is_refused_naming_the_field(
    api: Api, auth: AsyncTestClient[Any], admin_url: str, case: str
) -> None:
    # Given a request with a NUL in one text field
    send, field = NUL_CASES[case]

    # When Ada sends it
    response = await send(World(api, admin_url, auth))

    # Then it is refused as unprocessable, naming the field, in the route's error shape
    assert response.status_code == 422, response.text
    body = response.json()
    if response.request.url.path.startswith("/auth/v1"):  # Supabase Auth's shape, for supabase-js
        assert body["error_code"] == "validation_failed"
        assert f"`{field}`" in body["msg"]
    else:
        assert [(e["field"], e["code"]) for e in body["errors"]] == [(field, "nul_character")]
        assert "NUL" in body["detail"]


async def test_a_nul_in_a_path_segment_is_refused(api: Api, admin_url: str) -> None:
    # Given a run waiting for a decision
    run_id = await World(api, admin_url).waiting_approval()

    # When a decision names a step with a NUL in its id
    response = await api.post(f"/api/v1/runs/{run_id}/steps/rev%00iew/decision", {"approved": True})

    # Then the path parameter is named
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["node_id"]


async def test_an_escaped_backslash_before_u0000_is_plain_text(api: Api) -> None:
    # Given a description that is the six characters \u0000 (JSON: "\\u0000"), not a NUL
    text = "write \\u0000 for NUL"

    # When it is saved
    response = await api.post(
        "/api/v1/workflows", {"name": "Escapes", "description": text, "spec": pipeline()}
    )

    # Then it is kept as written
    assert response.status_code == 201, response.text
    assert response.json()["description"] == text


def _nested(levels: int) -> Any:
    value: Any = "leaf"
    for _ in range(levels):
        value = [value]
    return value


DEEP_CASES: dict[str, tuple[str | Callable[[World], Awaitable[str]], str]] = {
    "workflows": ("/api/v1/workflows", '{"name": "Deep", "spec": %s}'),
    "validate": ("/api/v1/workflows/validate", '{"spec": %s}'),
    "runs": (_runs_of, '{"inputs": {"topic": %s}}'),
    "decisions": (_decision_of, '{"approved": true, "output": %s}'),
    "signup": ("/auth/v1/signup", '{"email": "ada@example.com", "password": "pw-123456", "data": %s}'),
}


@pytest.mark.parametrize("case", DEEP_CASES, ids=list(DEEP_CASES))
async def test_json_nested_a_thousand_levels_deep_is_refused_saying_so(
    api: Api, auth: AsyncTestClient[Any], admin_url: str, case: str
) -> None:
    # Given a body nesting 1,000 arrays
    path, template = DEEP_CASES[case]
    where = path if isinstance(path, str) else await path(World(api, admin_url))
    body = (template % ("[" * 1000 + '"leaf"' + "]" * 1000)).encode()

    # When it is sent
    headers = {"content-type": "application/json"}
    client = auth if where.startswith("/auth/v1") else api.client
    if not where.startswith("/auth/v1"):
        headers |= api.user.headers
    response = await client.post(where, content=body, headers=headers)

    # Then it is a bad request that states the limit
    assert response.status_code == 400, response.text
    text = response.json().get("detail") or response.json()["msg"]
    assert str(MAX_JSON_DEPTH) in text or where.startswith("/auth/v1")


async def test_json_up_to_the_limit_and_brackets_in_strings_still_pass(api: Api) -> None:
    # Given a run input nested to the limit (body, inputs, topic: 3 levels above it)
    workflow = await World(api, "").workflow()
    deep = _nested(MAX_JSON_DEPTH - 3)
    # and a description full of brackets, which are text, not nesting
    brackets = "[" * 500 + "{" * 500

    # When both are sent
    run = await api.post(f"/api/v1/workflows/{workflow}/runs", {"inputs": {"topic": json.dumps(deep)}})
    nested = await api.client.post(
        "/api/v1/workflows/validate",
        content=json.dumps({"spec": {"schema": "orrery.workflow/v1", "inputs": {}, "nodes": deep}}).encode(),
        headers={**api.user.headers, "content-type": "application/json"},
    )
    described = await api.post(
        "/api/v1/workflows", {"name": "B", "description": brackets, "spec": pipeline()}
    )

    # Then none is refused as too deep
    assert run.status_code == 202, run.text
    assert nested.status_code == 200, nested.text
    assert described.status_code == 201, described.text


async def test_an_agent_with_a_nested_output_schema_is_still_saved(api: Api) -> None:
    # Given an agent whose output JSON Schema nests 20 objects (the deepest realistic document)
    schema: dict[str, Any] = {"type": "string"}
    for level in range(20):
        schema = {"type": "object", "properties": {f"level{level}": schema}}
    spec = document(
        [
            node("start", "input"),
            node("writer", "agent", x=280, model="demo", prompt="Write", output_schema=schema),
            node("end", "output", x=560, value="{{ steps.writer.output }}"),
        ],
        [edge("start", "writer"), edge("writer", "end")],
    )

    # When it is saved
    response = await api.post("/api/v1/workflows", {"name": "Deep schema", "spec": spec})

    # Then it is saved (not refused as too deep)
    assert response.status_code == 201, response.text


UTF8_CASES = {
    "workflows": "/api/v1/workflows",
    "validate": "/api/v1/workflows/validate",
    "collections": f"{MEMORY}/collections",
    "credentials": "/api/v1/credentials",
}


@pytest.mark.parametrize("case", UTF8_CASES, ids=list(UTF8_CASES))
async def test_a_body_that_is_not_utf8_is_a_bad_request(api: Api, case: str) -> None:
    # Given a JSON body with a byte that is not UTF-8 (Latin-1 "é")
    body = b'{"name": "Caf\xe9", "spec": {}}'

    # When it is sent
    response = await api.client.post(
        UTF8_CASES[case], content=body, headers={**api.user.headers, "content-type": "application/json"}
    )

    # Then it is a bad request that says which byte
    assert response.status_code == 400, response.text
    assert response.json()["detail"] == "The request body is not valid UTF-8 (byte 13)."
