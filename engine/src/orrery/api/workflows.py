"""Workflows, their versions, validation, import/export, and the starter templates.
Thin: parse, call the service, return.

Three HTTP mappings live here rather than in `api/errors.py` because only these
routes need them so far (candidates to move there): a stale `based_on_version` is 409
with the `current_version` in the body; a spec over 1 MiB is 413; and a body that does
not decode (not JSON, no `spec`, an unknown field, a bad query parameter), which
Litestar answers 400, is 422 here, like an invalid document.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, MediaType, Request, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_201_CREATED,
    HTTP_204_NO_CONTENT,
    HTTP_400_BAD_REQUEST,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from orrery.api.security import BEARER_SECURITY
from orrery.auth import Principal
from orrery.spec import MAX_DOCUMENT_BYTES, DocumentTooLarge
from orrery.workflows import StaleVersion, WorkflowService
from orrery.workflows.models import (
    ErrorBody,
    StaleVersionBody,
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


def _error(status_code: int, detail: str, **extra: Any) -> Response[dict[str, Any]]:
    return Response(
        {"status_code": status_code, "detail": detail, **extra},
        status_code=status_code,
        media_type=MediaType.JSON,
    )


def _stale_version(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    assert isinstance(exc, StaleVersion)
    return _error(HTTP_409_CONFLICT, str(exc), current_version=exc.current_version)


def _too_large(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    return _error(HTTP_413_REQUEST_ENTITY_TOO_LARGE, str(exc))


def _client_error(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """Litestar's 400 for a body that is not JSON or does not decode becomes 422; others keep theirs."""
    assert isinstance(exc, ClientException)
    status_code = (
        HTTP_422_UNPROCESSABLE_ENTITY if exc.status_code == HTTP_400_BAD_REQUEST else exc.status_code
    )
    extra = {"errors": exc.extra} if isinstance(exc, ValidationException) and exc.extra else {}
    return _error(status_code, exc.detail, **extra)


EXCEPTION_HANDLERS = {
    StaleVersion: _stale_version,
    DocumentTooLarge: _too_large,
    ClientException: _client_error,
}
_TOO_LARGE = ResponseSpec(
    ErrorBody, description="The workflow document is over 1 MiB.", generate_examples=False
)
_INVALID = ResponseSpec(
    ErrorBody,
    description="The body is not JSON of this shape, or its spec is no workflow document: see `errors`.",
    generate_examples=False,
)
_NOT_FOUND = ResponseSpec(ErrorBody, description="No such workflow (or not yours).", generate_examples=False)


class WorkflowsController(Controller):
    path = "/api/v1/workflows"
    tags = ["workflows"]
    security = BEARER_SECURITY
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get("/", summary="List workflows, most recently edited first")
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
        responses={413: _TOO_LARGE, 422: _INVALID},
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
        responses={413: _TOO_LARGE},
    )
    async def validate(
        self, data: JSONBody[ValidateRequest], workflow_service: NamedDependency[WorkflowService]
    ) -> ValidationResult:
        return workflow_service.validate(data.spec)

    @post(
        "/import",
        status_code=HTTP_201_CREATED,
        summary="Import an exported workflow (fresh node and edge ids)",
        request_max_body_size=MAX_BODY_BYTES,
        responses={413: _TOO_LARGE, 422: _INVALID},
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
        responses={404: _NOT_FOUND},
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
        responses={
            409: ResponseSpec(StaleVersionBody, description="`based_on_version` is not the current version."),
            404: _NOT_FOUND,
            413: _TOO_LARGE,
            422: _INVALID,
        },
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
        responses={404: _NOT_FOUND},
    )
    async def delete_workflow(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        workflow_service: NamedDependency[WorkflowService],
    ) -> None:
        await workflow_service.delete(principal.claims, str(workflow_id))

    @get("/{workflow_id:uuid}/versions", summary="Version history, newest first", responses={404: _NOT_FOUND})
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
        responses={404: _NOT_FOUND},
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
        "/{workflow_id:uuid}/export", summary="A self-contained export document", responses={404: _NOT_FOUND}
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
        responses={404: _NOT_FOUND},
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

    @get("/", summary="Starter templates")
    async def list_templates(
        self, workflow_service: NamedDependency[WorkflowService]
    ) -> list[TemplateSummary]:
        return workflow_service.templates()

    @get("/{slug:str}", summary="A starter template with its spec", responses={404: _NOT_FOUND})
    async def get_template(
        self, slug: FromPath[str], workflow_service: NamedDependency[WorkflowService]
    ) -> TemplateRead:
        return workflow_service.template(slug)
