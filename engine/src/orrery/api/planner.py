"""The planner: a draft workflow from a description, and a proposed change to a saved one.
Thin: parse, call the planner service, return. Nothing here saves: the editor opens the
draft (or the proposal) as an unsaved change. Errors are mapped in `api/errors.py`.
"""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_422_UNPROCESSABLE_ENTITY

from orrery.api.errors import INVALID_BODY_STATUS
from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY, scoped
from orrery.auth import Principal
from orrery.planner import PlannerService
from orrery.planner.models import PlanRequest, PlanResult, RefineRequest, RefineResult

MAX_BODY_BYTES = 16 * 1024

_PLAN = {
    422: "The description is empty or over 2,000 characters, the credential is not usable, "
    "or the draft still had problems after the repair rounds (listed in `errors`).",
    502: "The provider's model failed to plan (a refused key, a rate limit, an answer that never fit).",
}


class PlannerController(Controller):
    path = "/api/v1/workflows"
    tags = ["planner"]
    security = BEARER_SECURITY
    opt = {INVALID_BODY_STATUS: HTTP_422_UNPROCESSABLE_ENTITY}

    @post(
        "/plan",
        status_code=HTTP_200_OK,
        summary="Draft a workflow from a description (not saved)",
        description="The demo planner (offline) unless `credential_id` names a saved key, whose "
        "provider's model plans. The draft is valid: it went through the validator and repair.",
        request_max_body_size=MAX_BODY_BYTES,
        responses=documented(400, 401, 413, 502, descriptions=_PLAN),
        opt=scoped("workflows:write"),
    )
    async def plan(
        self,
        data: JSONBody[PlanRequest],
        principal: NamedDependency[Principal],
        planner_service: NamedDependency[PlannerService],
    ) -> PlanResult:
        return await planner_service.plan(principal.claims, data)

    @post(
        "/{workflow_id:uuid}/refine",
        status_code=HTTP_200_OK,
        summary="Propose a change to a workflow from an instruction (not saved)",
        description="The proposed document and what it changes; accept it by saving it with "
        "`based_on_version`.",
        request_max_body_size=MAX_BODY_BYTES,
        responses=documented(
            400,
            401,
            404,
            413,
            descriptions={
                404: "No such workflow (or not yours).",
                422: "The instruction is empty or over 1,000 characters, or the proposal still "
                "had problems after the repair rounds.",
            },
        ),
        opt=scoped("workflows:write"),
    )
    async def refine(
        self,
        workflow_id: FromPath[UUID],
        data: JSONBody[RefineRequest],
        principal: NamedDependency[Principal],
        planner_service: NamedDependency[PlannerService],
    ) -> RefineResult:
        return await planner_service.refine(principal.claims, str(workflow_id), data)
