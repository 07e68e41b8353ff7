"""Runs: start, read, list, cancel, decide an approval, retry. Thin: parse, call the service, return."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from orrery.api.security import BEARER_SECURITY
from orrery.auth import Principal
from orrery.runs import Decision, RetryRequest, RunCreate, RunPage, RunRead, RunService
from orrery.spec import Workflow

RunStatusFilter = Literal["queued", "running", "waiting", "succeeded", "failed", "cancelled"]


class RunsController(Controller):
    path = "/api/v1"
    tags = ["runs"]
    security = BEARER_SECURITY

    @post("/workflows/{workflow_id:uuid}/runs", status_code=HTTP_202_ACCEPTED, summary="Start a run")
    async def start(
        self,
        workflow_id: FromPath[UUID],
        data: JSONBody[RunCreate],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
        request: Request,  # type: ignore[type-arg]
    ) -> Response[RunRead]:
        key = request.headers.get("idempotency-key")
        run, created = await run_service.start(
            principal.claims, str(workflow_id), data.inputs, version=data.version, idempotency_key=key
        )
        return Response(run, status_code=HTTP_202_ACCEPTED if created else HTTP_200_OK)

    @get("/runs", summary="List runs, newest first")
    async def list_runs(
        self,
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
        workflow_id: FromQuery[UUID | None] = None,
        status: FromQuery[RunStatusFilter | None] = None,
        cursor: FromQuery[str | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 25,
    ) -> RunPage:
        return await run_service.list(
            principal.claims,
            workflow_id=str(workflow_id) if workflow_id else None,
            status=status,
            cursor=cursor,
            limit=limit,
        )

    @get("/runs/{run_id:uuid}", summary="A run with every step attempt")
    async def get_run(
        self,
        run_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> RunRead:
        return await run_service.get(principal.claims, str(run_id))

    @get("/runs/{run_id:uuid}/spec", summary="The workflow version the run pinned")
    async def get_run_spec(
        self,
        run_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> Workflow:
        return await run_service.spec_of(principal.claims, str(run_id))

    @post("/runs/{run_id:uuid}/cancel", status_code=HTTP_200_OK, summary="Cancel a run")
    async def cancel(
        self,
        run_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> RunRead:
        return await run_service.cancel(principal.claims, str(run_id))

    @post(
        "/runs/{run_id:uuid}/steps/{node_id:str}/decision",
        status_code=HTTP_200_OK,
        summary="Approve or reject a waiting approval step",
    )
    async def decide(
        self,
        run_id: FromPath[UUID],
        node_id: FromPath[str],
        data: JSONBody[Decision],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> RunRead:
        return await run_service.decide(principal.claims, str(run_id), node_id, data)

    @post(
        "/runs/{run_id:uuid}/retry",
        status_code=HTTP_202_ACCEPTED,
        summary="Retry from a failed or named step",
    )
    async def retry(
        self,
        run_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
        data: JSONBody[RetryRequest | None] = None,
    ) -> RunRead:
        return await run_service.retry(principal.claims, str(run_id), data.from_node if data else None)
