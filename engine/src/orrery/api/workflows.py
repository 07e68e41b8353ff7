"""Workflows, their versions, validation, import/export, and the starter templates.
Thin: parse, call the service, return. Errors are mapped in `api/errors.py`; these
routes answer 422 (not Litestar's 400) for a body or parameter that does not decode,
as for a document that is not valid (`INVALID_BODY_STATUS`).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_201_CREATED,
    HTTP_204_NO_CONTENT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from orrery.api.errors import INVALID_BODY_STATUS
from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY, scoped
from orrery.auth import Principal
from orrery.spec import MAX_DOCUMENT_BYTES
from orrery.workflows import WorkflowService
from orrery.workflows.models import (
    TemplateRead,
    TemplateSummary,
    ValidateRequest,
    ValidationResult,
    VersionRead,
    VersionSummary,
    WorkflowCreate,
    WorkflowExport,
    WorkflowImport,
    WorkflowPage,
    WorkflowRead,
    WorkflowUpdate,
)

MAX_BODY_BYTES = MAX_DOCUMENT_BYTES + 64 * 1024
"""A request carrying a spec: the document's limit plus room for the name, description and
JSON around it. The document itself is measured again, compactly, when it is decoded."""

_NOT_FOUND = {404: "No such workflow (or not yours)."}
_WITH_SPEC = {
    413: "The body, or the workflow document in it, is over 1 MiB.",
    422: "The body is not JSON of this shape, or its spec is no workflow document (see `errors`), "
    "or a value holds a NUL character.",
}


class WorkflowsController(Controller):
    path = "/api/v1/workflows"
    tags = ["workflows"]
    security = BEARER_SECURITY
    opt = {INVALID_BODY_STATUS: HTTP_422_UNPROCESSABLE_ENTITY}

    @get(
        "/",
        summary="List workflows, most recently edited first",
        responses=documented(400, 401),
        opt=scoped(),
    )
    async def list_workflows(
        self,
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
        q: Annotated[str | None, QueryParameter(description="Name contains (case-insensitive)")] = None,
        cursor: FromQuery[str | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 25,
    ) -> WorkflowPage:
        return await workflow_service.list_workflows(principal.claims, search=q, cursor=cursor, limit=limit)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a workflow from a spec or a template",
        description="A spec that decodes is saved even with validation problems (a draft); "
        "they come back in `problems`, and a workflow with problems cannot run.",
        request_max_body_size=MAX_BODY_BYTES,
        responses=documented(400, 401, 413, descriptions=_WITH_SPEC),
        opt=scoped("workflows:write"),
    )
    async def create(
        self,
        data: JSONBody[WorkflowCreate],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> WorkflowRead:
        return await workflow_service.create(principal.claims, data)

    @post(
        "/validate",
        status_code=HTTP_200_OK,
        summary="Validate a workflow document",
        description="200 with every problem, valid or not; 413 over 1 MiB.",
        request_max_body_size=MAX_BODY_BYTES,
        responses=documented(400, 401, 413, descriptions=_WITH_SPEC),
        opt=scoped("workflows:write"),
    )
    async def validate(
        self,
        data: JSONBody[ValidateRequest],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> ValidationResult:
        workflow_id = str(data.workflow_id) if data.workflow_id else None
        return await workflow_service.validate(principal.claims, data.spec, workflow_id=workflow_id)

    @post(
        "/import",
        status_code=HTTP_201_CREATED,
        summary="Import an exported workflow (fresh node and edge ids)",
        request_max_body_size=MAX_BODY_BYTES,
        responses=documented(400, 401, 413, descriptions=_WITH_SPEC),
        opt=scoped("workflows:write"),
    )
    async def import_workflow(
        self,
        data: JSONBody[WorkflowImport],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> WorkflowRead:
        return await workflow_service.import_(principal.claims, data)

    @get(
        "/{workflow_id:uuid}",
        summary="A workflow with its current spec and its problems",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
        opt=scoped(),
    )
    async def get_workflow(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> WorkflowRead:
        return await workflow_service.get(principal.claims, str(workflow_id))

    @put(
        "/{workflow_id:uuid}",
        summary="Rename and/or save a new spec (a changed spec makes a new version)",
        request_max_body_size=MAX_BODY_BYTES,
        responses=documented(
            400,
            401,
            404,
            409,
            413,
            descriptions={
                **_NOT_FOUND,
                **_WITH_SPEC,
                409: "`based_on_version` is not the current version: `current_version` says which is.",
            },
        ),
        opt=scoped("workflows:write"),
    )
    async def update(
        self,
        workflow_id: FromPath[UUID],
        data: JSONBody[WorkflowUpdate],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> WorkflowRead:
        return await workflow_service.update(principal.claims, str(workflow_id), data)

    @delete(
        "/{workflow_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a workflow and its runs",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
        opt=scoped("workflows:write"),
    )
    async def delete_workflow(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> None:
        await workflow_service.delete(principal.claims, str(workflow_id))

    @get(
        "/{workflow_id:uuid}/versions",
        summary="Version history, newest first",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
        opt=scoped(),
    )
    async def versions(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> list[VersionSummary]:
        return await workflow_service.versions(principal.claims, str(workflow_id))

    @get(
        "/{workflow_id:uuid}/versions/{version:int}",
        summary="One version's spec",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
        opt=scoped(),
    )
    async def version(
        self,
        workflow_id: FromPath[UUID],
        version: FromPath[int],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> VersionRead:
        return await workflow_service.version(principal.claims, str(workflow_id), version)

    @get(
        "/{workflow_id:uuid}/export",
        summary="A self-contained export document",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
        opt=scoped(),
    )
    async def export(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> WorkflowExport:
        return await workflow_service.export(principal.claims, str(workflow_id))

    @post(
        "/{workflow_id:uuid}/duplicate",
        status_code=HTTP_201_CREATED,
        summary="Copy a workflow",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
        opt=scoped("workflows:write"),
    )
    async def duplicate(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> WorkflowRead:
        return await workflow_service.duplicate(principal.claims, str(workflow_id))


class TemplatesController(Controller):
    path = "/api/v1/templates"
    tags = ["workflows"]
    security = BEARER_SECURITY

    @get("/", summary="Starter templates", responses=documented(401), opt=scoped())
    async def list_templates(
        self, workflow_service: NamedDependency[WorkflowService]
    ) -> list[TemplateSummary]:
        return workflow_service.templates()

    @get(
        "/{slug:str}",
        summary="A starter template with its spec",
        responses=documented(400, 401, 404, descriptions={404: "No such template."}),
        opt=scoped(),
    )
    async def get_template(
        self, slug: FromPath[str], workflow_service: NamedDependency[WorkflowService]
    ) -> TemplateRead:
        return workflow_service.template(slug)
