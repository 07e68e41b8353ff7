"""The contract is exact where schemathesis found it was not (issue 14, point 14): request
schemas are closed when the server refuses unknown fields, every error is documented as
the one `ErrorBody`, `Last-Event-ID` has its pattern, and OPTIONS lists every method."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.api.contracts import openapi_document
from orrery.settings import Settings
from tests.workflows.helpers import Api, sign_up

REF = "#/components/schemas/"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_document()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    ]


def _body_schema(operation: dict[str, Any]) -> str | None:
    ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    found = ref.get("$ref", "")
    return found.removeprefix(REF) if found else None


def test_every_request_body_is_closed_to_unknown_fields(document: dict[str, Any]) -> None:
    # Given the request bodies the contract names
    schemas = document["components"]["schemas"]
    bodies = {name for _, _, op in _operations(document) if (name := _body_schema(op))}
    assert bodies >= {"WorkflowCreate", "RunCreate", "Decision", "CredentialCreate", "MemorySearch"}

    # Then each says what the server does with a field it does not know: refuse it
    assert {name: schemas[name].get("additionalProperties") for name in bodies} == dict.fromkeys(
        bodies, False
    )
    # and so do the workflow document's parts
    for part in ("Workflow", "Node", "Edge", "Position", "InputSpec"):
        assert schemas[part]["additionalProperties"] is False, part


def test_every_error_answer_is_documented_as_the_one_error_body(document: dict[str, Any]) -> None:
    # Given every operation's documented answers
    for method, path, operation in _operations(document):
        codes = set(operation["responses"])

        # Then a failure and a dependency being down are always among them
        assert {"422", "500", "503"} <= codes, (method, path)
        # and a protected operation documents its 401
        if operation.get("security"):
            assert "401" in codes, (method, path)
        # and every error is an ErrorBody (the health check's 503 is its own report)
        for code, answer in operation["responses"].items():
            if code[0] in "45" and (method, path, code) != ("GET", "/healthz", "503"):
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": REF + "ErrorBody"}, (method, path, code)


def test_last_event_id_is_declared_as_an_event_number(document: dict[str, Any]) -> None:
    # Given the event stream's parameters
    operation = document["paths"]["/api/v1/runs/{run_id}/events"]["get"]
    parameters = {(p["in"], p["name"]): p["schema"] for p in operation["parameters"]}

    # Then Last-Event-ID and `after` are event numbers, not any string
    for key in (("header", "Last-Event-ID"), ("query", "after")):
        assert parameters[key]["pattern"] == r"^[0-9]{1,18}$", key


def test_the_event_stream_is_documented_as_server_sent_events(document: dict[str, Any]) -> None:
    # Given the event stream's success answer (the web's typed client reads its media type)
    answer = document["paths"]["/api/v1/runs/{run_id}/events"]["get"]["responses"]["200"]

    # Then it is an SSE text stream, not a JSON document of any shape
    assert answer["content"] == {"text/event-stream": {"schema": {"type": "string"}}}


def test_health_names_the_values_it_can_answer(document: dict[str, Any]) -> None:
    # Given the health answer (200 and 503 carry the same body)
    health = document["components"]["schemas"]["Health"]["properties"]

    # Then each field lists its values, so the web can tell `degraded` from a typo
    assert health["status"]["enum"] == ["ok", "degraded"]
    assert health["db"]["enum"] == health["redis"]["enum"] == ["up", "down"]


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


async def test_options_and_405_list_every_method_of_the_path(api: Api) -> None:
    # Given a workflow (its path has GET, PUT and DELETE)
    workflow = await api.create()
    path = f"/api/v1/workflows/{workflow['id']}"

    # When a client asks what it may do there, or does what it may not
    options = await api.client.options(path, headers=api.user.headers)
    refused = await api.client.patch(path, headers=api.user.headers)

    # Then both answers list every method of the path
    assert options.status_code == 204
    assert refused.status_code == 405
    for answer in (options, refused):
        assert set(answer.headers["allow"].split(", ")) == {"GET", "PUT", "DELETE", "OPTIONS"}


async def test_an_unknown_field_is_refused_as_the_contract_says(api: Api) -> None:
    # When Ada sends a field no request declares
    response = await api.post("/api/v1/memory/collections", {"name": "Notes", "colour": "blue"})

    # Then it is refused, naming it
    assert response.status_code == 400, response.text
    assert "colour" in response.text
