"""The editor's workbench: test one node, pin node outputs, fork a run from a step.
Thin: parse, call `runs.Workbench`, return. Errors are mapped in `api/errors.py`."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_202_ACCEPTED,
    HTTP_204_NO_CONTENT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from orrery.api.errors import INVALID_BODY_STATUS
from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY, scoped
from orrery.auth import Principal
from orrery.runs import (
    ForkRequest,
    NodeTestRequest,
    PinRead,
    PinWrite,
    RunService,
    RunStarted,
    Workbench,
    started,
)

_WORKFLOW_NOT_FOUND = {404: "No such workflow or version (or not yours)."}


class WorkbenchController(Controller):
    path = "/api/v1"
    tags = ["workbench"]
    security = BEARER_SECURITY
    opt = {INVALID_BODY_STATUS: HTTP_422_UNPROCESSABLE_ENTITY}

    @post(
        "/workflows/{workflow_id:uuid}/test-runs",
        status_code=HTTP_202_ACCEPTED,
        summary="Test one node: a run of kind `test` that executes only that node",
        description=(
            "Its upstream steps are not executed: each starts with the output given in `outputs`, "
            "else the node's pin, else its newest output in any run of the workflow."
        ),
        responses=documented(
            400,
            401,
            404,
            413,
            descriptions={
                **_WORKFLOW_NOT_FOUND,
                422: "Not a top-level node, an upstream node has no output to use (see `errors`), "
                "the inputs do not match, or the version cannot run.",
            },
        ),
        opt=scoped("runs:write"),
    )
    async def test_node(
        self,
        workflow_id: FromPath[UUID],
        data: JSONBody[NodeTestRequest],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> RunStarted:
        return started(await Workbench(run_service).test_node(principal.claims, str(workflow_id), data))

    @post(
        "/runs/{run_id:uuid}/fork",
        status_code=HTTP_202_ACCEPTED,
        summary="Fork a finished run from a step: re-run it and everything downstream as a new run",
        responses=documented(
            400,
            401,
            404,
            409,
            413,
            descriptions={
                404: "No such run or version (or not yours).",
                409: "The run has not ended yet.",
                422: "Not a top-level node of the run's version, or `outputs` names unknown nodes.",
            },
        ),
        opt=scoped("runs:write"),
    )
    async def fork(
        self,
        run_id: FromPath[UUID],
        data: JSONBody[ForkRequest],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> RunStarted:
        return started(await Workbench(run_service).fork(principal.claims, str(run_id), data))

    @get(
        "/workflows/{workflow_id:uuid}/pins",
        summary="The outputs pinned on the workflow's nodes (used by test runs only)",
        responses=documented(400, 401, 404, descriptions=_WORKFLOW_NOT_FOUND),
        opt=scoped(),
    )
    async def list_pins(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> list[PinRead]:
        return await Workbench(run_service).pins(principal.claims, str(workflow_id))

    @put(
        "/workflows/{workflow_id:uuid}/pins/{node_id:str}",
        status_code=HTTP_200_OK,
        summary="Pin an output on a node",
        responses=documented(400, 401, 404, 413, descriptions=_WORKFLOW_NOT_FOUND),
        opt=scoped("workflows:write"),
    )
    async def put_pin(
        self,
        workflow_id: FromPath[UUID],
        node_id: FromPath[str],
        data: JSONBody[PinWrite],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> PinRead:
        return await Workbench(run_service).pin(principal.claims, str(workflow_id), node_id, data.output)

    @delete(
        "/workflows/{workflow_id:uuid}/pins/{node_id:str}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Unpin a node's output",
        responses=documented(400, 401, 404, descriptions=_WORKFLOW_NOT_FOUND),
        opt=scoped("workflows:write"),
    )
    async def delete_pin(
        self,
        workflow_id: FromPath[UUID],
        node_id: FromPath[str],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> None:
        await Workbench(run_service).unpin(principal.claims, str(workflow_id), node_id)
