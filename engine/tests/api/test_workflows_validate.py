"""POST /api/v1/workflows/validate: 200 with every problem, valid or not; 413 over 1 MiB;
422 only for a body that is not JSON or has no spec. (The spec package's own tests cover
each code in depth; these check the HTTP shape and a few codes end to end.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from orrery.spec import MAX_DOCUMENT_BYTES
from tests.workflows.helpers import Api, document, edge, node, pipeline, sign_up

VALIDATE = "/api/v1/workflows/validate"


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


async def test_a_valid_document_is_valid(api: Api) -> None:
    response = await api.post(VALIDATE, {"spec": pipeline()})
    assert response.status_code == 200
    assert response.json() == {"valid": True, "errors": []}


FAILING: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "cycle",
        document(
            [node("start", "input"), node("a", template="x"), node("b", template="y"), node("end", "output")],
            [edge("start", "a"), edge("a", "b"), edge("b", "a"), edge("b", "end")],
        ),
        {"code": "cycle", "node_id": "a"},
    ),
    (
        "dangling_edge",
        document(
            [node("start", "input"), node("end", "output")], [edge("start", "end"), edge("start", "ghost")]
        ),
        {"code": "dangling_edge", "edge_id": "start-ghost", "path": "target"},
    ),
    (
        "unknown_node_type",
        document(
            [node("start", "input"), node("magic", "teleport"), node("end", "output")],
            [edge("start", "magic"), edge("magic", "end")],
        ),
        {"code": "unknown_node_type", "node_id": "magic", "path": "type"},
    ),
    (
        "invalid_config",
        document(
            [node("start", "input"), node("t", mode="sideways"), node("end", "output")],
            [edge("start", "t"), edge("t", "end")],
        ),
        {"code": "invalid_config", "node_id": "t"},
    ),
    (
        "unknown_reference",
        pipeline(template="{{ inputs.nope }}"),
        {"code": "unknown_reference", "node_id": "draft", "path": "config.template"},
    ),
    ("missing_output_node", document([node("start", "input")], []), {"code": "missing_output_node"}),
    ("invalid_document", {"schema": "orrery.workflow/v2"}, {"code": "invalid_document", "path": "schema"}),
    (
        "not an object",
        {"schema": "orrery.workflow/v1", "nodes": {}},
        {"code": "invalid_document", "path": "nodes"},
    ),
]


@pytest.mark.parametrize(("spec", "expected"), [f[1:] for f in FAILING], ids=[f[0] for f in FAILING])
async def test_a_failing_document_is_200_with_its_located_problems(
    api: Api, spec: dict[str, Any], expected: dict[str, Any]
) -> None:
    # When a failing document is validated
    response = await api.post(VALIDATE, {"spec": spec})

    # Then the answer is 200, not valid, and the problem is there with its code and location
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert any(expected.items() <= problem.items() for problem in body["errors"]), body["errors"]
    assert all(problem["message"] for problem in body["errors"])


async def test_every_problem_is_reported_at_once(api: Api) -> None:
    spec = document(
        [node("a", template="{{ steps.zzz.output }}"), node("a", template="x")],
        [edge("a", "ghost")],
    )
    codes = [p["code"] for p in (await api.post(VALIDATE, {"spec": spec})).json()["errors"]]
    assert {
        "duplicate_node_id",
        "dangling_edge",
        "missing_input_node",
        "missing_output_node",
        "unknown_reference",
    } <= set(codes)


async def test_a_document_over_1_mib_is_413(api: Api) -> None:
    # Given a document just over the limit (a long input description)
    spec = pipeline()
    spec["inputs"]["topic"]["description"] = "x" * MAX_DOCUMENT_BYTES

    # When it is validated (or saved), then 413, before any problem is looked for
    assert (await api.post(VALIDATE, {"spec": spec})).status_code == 413
    assert (await api.post("/api/v1/workflows", {"name": "Big", "spec": spec})).status_code == 413


async def test_a_document_just_under_1_mib_is_fine_even_pretty_printed(api: Api) -> None:
    # Given a document of nearly 1 MiB, sent with indentation that takes the body over 1 MiB
    spec = pipeline()
    spec["inputs"]["topic"]["description"] = "x" * (MAX_DOCUMENT_BYTES - 1000)
    body = msgspec.json.format(msgspec.json.encode({"spec": spec}), indent=8)
    assert len(body) > MAX_DOCUMENT_BYTES

    # When it is validated, then the document itself is measured
    response = await api.client.post(
        VALIDATE, content=body, headers={**api.user.headers, "content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["valid"] is True


async def test_a_huge_body_is_refused_before_it_is_parsed(api: Api) -> None:
    body = b'{"spec": {"schema": "' + b"x" * (3 * MAX_DOCUMENT_BYTES) + b'"}}'
    response = await api.client.post(
        VALIDATE, content=body, headers={**api.user.headers, "content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["status_code"] == 413


@pytest.mark.parametrize(
    "body",
    [b"not json", b"{}", b'{"spec": "a string"}', b'{"spec": {}, "extra": 1}', b"[]"],
    ids=["not json", "no spec", "spec not an object", "unknown field", "an array"],
)
async def test_a_body_that_is_not_a_validate_request_is_422(api: Api, body: bytes) -> None:
    response = await api.client.post(
        VALIDATE, content=body, headers={**api.user.headers, "content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["status_code"] == 422


async def test_validate_needs_a_signed_in_user(settings: Settings) -> None:
    async with AsyncTestClient(app=create_app(settings)) as client:
        assert (await client.post(VALIDATE, json={"spec": pipeline()})).status_code == 401
