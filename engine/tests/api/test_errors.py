"""One error body shape for every error the engine answers (issue 13), the request id that
ties a report to the log, and the general guard: a value the database refuses is a 4xx,
anything unexpected a 500 logged once, never a trace to the client (issue 14)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from litestar import get
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.api.security import BEARER_SECURITY
from orrery.settings import load_settings
from tests.memory.conftest import Pages
from tests.workflows.helpers import Api, document, node, pipeline, sign_up

SHAPE = {"status_code", "detail", "errors", "request_id"}
ITEM = {"field", "message", "code", "node_id", "edge_id"}


@get("/api/v1/test-failure", security=BEARER_SECURITY, include_in_schema=False)
async def failing_handler() -> None:
    """A handler with a bug: it raises what no error handler expects."""
    raise RuntimeError("boom: postgresql://engine:hunter2@db/orrery")


@pytest.fixture
async def api(env: dict[str, str], admin_url: str) -> AsyncIterator[Api]:
    # Private addresses allowed: the test's web page is on 127.0.0.1.
    settings = load_settings({**env, "ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS": "1"})
    app = create_app(settings)
    app.register(failing_handler)
    async with AsyncTestClient(app=app) as client:
        yield Api(client, sign_up(admin_url, settings))


@pytest.fixture
def pages() -> Iterator[Pages]:
    server = Pages()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def assert_one_shape(response: httpx.Response, status_code: int) -> dict[str, Any]:
    assert response.status_code == status_code, response.text
    body: dict[str, Any] = response.json()
    assert SHAPE <= body.keys() <= SHAPE | {"current_version"}, body
    assert body["status_code"] == status_code
    assert body["request_id"] == response.headers["x-request-id"]
    for item in body["errors"]:
        assert "message" in item, item
        assert item.keys() <= ITEM, item
    return body


async def test_every_kind_of_error_answers_the_same_shape(api: Api) -> None:
    # Given a workflow, and requests that go wrong in each way the engine knows
    workflow = await api.create()
    broken = document([node("start", "input"), node("draft", template="{{ steps.nowhere }}")], [])
    saved = (await api.post("/api/v1/workflows", {"name": "Drafted", "spec": pipeline()})).json()
    await api.put(f"/api/v1/workflows/{saved['id']}", {"spec": pipeline("v2"), "based_on_version": 1})

    # When Ada sends them
    undecodable = await api.post("/api/v1/memory/collections", {"name": ""})
    bad_inputs = await api.post(f"/api/v1/workflows/{workflow['id']}/runs", {"inputs": {"topic": 3}})
    draft = (await api.post("/api/v1/workflows", {"name": "Broken", "spec": broken})).json()
    bad_document = await api.post(f"/api/v1/workflows/{draft['id']}/runs", {"inputs": {}})
    stale = await api.put(f"/api/v1/workflows/{saved['id']}", {"spec": pipeline("v3"), "based_on_version": 1})
    unknown_route = await api.get("/api/v1/nowhere")
    wrong_method = await api.client.patch("/api/v1/workflows", headers=api.user.headers)
    anonymous = await api.client.get("/api/v1/workflows")
    too_large = await api.post("/api/v1/workflows/validate", {"spec": {"x": "y" * (2 * 1024 * 1024)}})

    # Then every answer is an ErrorBody, with the request id of its header
    # a body that does not decode names the field (Litestar's `key` is our `field`)
    body = assert_one_shape(undecodable, 400)
    assert [e["field"] for e in body["errors"]] == ["name"]
    # run inputs name theirs
    body = assert_one_shape(bad_inputs, 422)
    assert [e["field"] for e in body["errors"]] == ["inputs.topic"]
    # a document's problems carry their code, node and path
    body = assert_one_shape(bad_document, 422)
    assert ("unknown_reference", "draft", "config.template") in {
        (e["code"], e.get("node_id"), e.get("field")) for e in body["errors"]
    }
    # a stale save says which version is current
    assert assert_one_shape(stale, 409)["current_version"] == 2
    assert_one_shape(unknown_route, 404)
    assert_one_shape(wrong_method, 405)
    assert set(wrong_method.headers["allow"].split(", ")) == {"GET", "POST", "OPTIONS"}
    assert_one_shape(anonymous, 401)
    assert_one_shape(too_large, 413)


async def test_an_unexpected_failure_is_a_500_with_a_request_id_logged_once(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a handler that fails in a way nobody planned for
    caplog.set_level(logging.INFO)

    # When Ada calls it
    response = await api.get("/api/v1/test-failure")

    # Then she gets a 500 with the request id, and nothing of the failure itself
    body = assert_one_shape(response, 500)
    rid = body["request_id"]
    assert rid in body["detail"]
    for secret in ("boom", "hunter2", "Traceback"):
        assert secret not in response.text
    # and the log has the failure exactly once, with its trace, under that id
    mentions = [r for r in caplog.records if rid in r.getMessage()]
    assert len(mentions) == 1, [r.getMessage() for r in mentions]
    assert mentions[0].exc_info is not None
    assert mentions[0].levelno == logging.ERROR
    assert sum(1 for r in caplog.records if r.exc_info is not None) == 1


async def test_a_value_the_database_refuses_is_a_4xx_not_a_500(api: Api, pages: Pages) -> None:
    # Given a web page whose text holds NUL bytes (the request itself has none)
    collection = (await api.post("/api/v1/memory/collections", {"name": "Pages"})).json()["id"]
    pages.routes["/nul"] = (200, "text/plain; charset=utf-8", b"Ceramics\x00 from Lisbon.")

    # When Ada adds it to memory by URL
    response = await api.post(
        f"/api/v1/memory/collections/{collection}/documents", {"source": "url", "url": pages.url("/nul")}
    )

    # Then the database's refusal is a 422 that says what it could not store, not a 500
    body = assert_one_shape(response, 422)
    assert "NUL" in body["detail"]


async def test_every_response_carries_a_request_id(api: Api) -> None:
    # When Ada makes two ordinary requests
    first = await api.get("/api/v1/workflows")
    second = await api.client.get("/healthz")

    # Then each has its own id
    assert (first.status_code, second.status_code) == (200, 200)
    ids = {first.headers["x-request-id"], second.headers["x-request-id"]}
    assert len(ids) == 2
    assert all(len(i) == 16 for i in ids)


async def test_a_bad_parameter_is_named_as_the_client_sends_it(api: Api) -> None:
    # Given a workflow
    workflow = await api.create()

    # When Ada sends a limit that is no number, and an Idempotency-Key over 255 characters
    bad_limit = await api.client.get("/api/v1/runs?limit=many", headers=api.user.headers)
    long_key = await api.client.post(
        f"/api/v1/workflows/{workflow['id']}/runs",
        json={"inputs": {"topic": "stars"}},
        headers={**api.user.headers, "Idempotency-Key": "k" * 256},
    )

    # Then each answer names the parameter as she wrote it, in the detail and in `errors`
    for response, name in ((bad_limit, "limit"), (long_key, "Idempotency-Key")):
        body = assert_one_shape(response, 400)
        assert [e["field"] for e in body["errors"]] == [name]
        assert f"`{name}`" in body["detail"]
