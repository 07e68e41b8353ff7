"""The OpenAPI document lists every workflow endpoint with request and response schemas
from the msgspec types, so the web's generated client is typed."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings

REF = "#/components/schemas/"

ENDPOINTS = {
    ("get", "/api/v1/node-types"): (None, None),
    ("get", "/api/v1/workflows"): (None, "WorkflowPage"),
    ("post", "/api/v1/workflows"): ("WorkflowCreate", "WorkflowRead"),
    ("post", "/api/v1/workflows/validate"): ("ValidateRequest", "ValidationResult"),
    ("post", "/api/v1/workflows/import"): ("WorkflowImport", "WorkflowRead"),
    ("get", "/api/v1/workflows/{workflow_id}"): (None, "WorkflowRead"),
    ("put", "/api/v1/workflows/{workflow_id}"): ("WorkflowUpdate", "WorkflowRead"),
    ("delete", "/api/v1/workflows/{workflow_id}"): (None, None),
    ("get", "/api/v1/workflows/{workflow_id}/versions"): (None, None),
    ("get", "/api/v1/workflows/{workflow_id}/versions/{version}"): (None, "VersionRead"),
    ("get", "/api/v1/workflows/{workflow_id}/export"): (None, "WorkflowExport"),
    ("post", "/api/v1/workflows/{workflow_id}/duplicate"): (None, "WorkflowRead"),
    ("get", "/api/v1/templates"): (None, None),
    ("get", "/api/v1/templates/{slug}"): (None, "TemplateRead"),
}


def _ref(content: dict[str, Any]) -> str | None:
    schema = content["application/json"]["schema"]
    ref = schema.get("$ref")
    return ref.removeprefix(REF) if ref else None


async def test_every_workflow_endpoint_is_documented_with_its_schemas(settings: Settings) -> None:
    # When the OpenAPI document is fetched
    async with AsyncTestClient(app=create_app(settings)) as client:
        document = (await client.get("/schema/openapi.json")).json()
    paths, schemas = document["paths"], document["components"]["schemas"]

    # Then each endpoint is there, behind bearer auth, with its request and response components
    for (method, path), (request, response) in ENDPOINTS.items():
        operation = paths[path][method]
        assert operation["security"] == [{"BearerToken": []}], path
        if request:
            assert _ref(operation["requestBody"]["content"]) == request, path
        if response:
            ok = next(code for code in operation["responses"] if code.startswith("2"))
            assert _ref(operation["responses"][ok]["content"]) == response, path
    list_items = paths["/api/v1/workflows/{workflow_id}/versions"]["get"]["responses"]["200"]["content"]
    assert list_items["application/json"]["schema"]["items"]["$ref"] == REF + "VersionSummary"
    node_types = paths["/api/v1/node-types"]["get"]["responses"]["200"]["content"]
    assert node_types["application/json"]["schema"]["items"]["$ref"] == REF + "NodeTypeRead"
    assert paths["/api/v1/workflows/{workflow_id}"]["delete"]["responses"].keys() >= {"204"}

    # And every schema they name exists; the spec in requests and responses is the `Workflow` document
    referenced = {r for pair in ENDPOINTS.values() for r in pair if r}
    assert referenced <= schemas.keys()
    assert schemas["WorkflowRead"]["properties"]["spec"]["$ref"] == REF + "Workflow"
    assert schemas["WorkflowCreate"]["properties"]["spec"]["allOf"] == [{"$ref": REF + "Workflow"}]
    # (validation takes any object: its answer lists what makes it no `Workflow`)
    assert schemas["ValidateRequest"]["properties"]["spec"]["type"] == "object"
    assert {"nodes", "edges", "inputs", "schema"} <= schemas["Workflow"]["properties"].keys()
    assert schemas["Problem"]["properties"]["code"]["enum"]
    stale = paths["/api/v1/workflows/{workflow_id}"]["put"]["responses"]["409"]["content"]
    assert _ref(stale) == "ErrorBody"
    assert "current_version" in schemas["ErrorBody"]["properties"]
