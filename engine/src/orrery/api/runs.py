"""Runs: start, read, list, cancel, decide an approval, retry. Thin: parse, call the service, return."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY, scoped
from orrery.auth import Principal
from orrery.runs import (
    MANUAL,
    Decision,
    RetryRequest,
    RunCreate,
    RunKind,
    RunPage,
    RunRead,
    RunService,
    RunStarted,
    Trigger,
    started,
)
from orrery.spec import Workflow

RunStatusFilter = Literal["queued", "running", "waiting", "succeeded", "failed", "cancelled"]
TriggerFilter = Literal["manual", "api", "webhook", "schedule"]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=255,
        description=(
            "Send the same key again with the same body (e.g. a retried request) and get the run it "
            "started: 200. A key belongs to its workflow; reused with a different body: 422."
        ),
    ),
]
Prefer = Annotated[
    str | None,
    HeaderParameter(
        name="Prefer",
        max_length=1000,
        description=(
            "`wait=N` (RFC 7240): hold the request up to N seconds (capped by the engine's "
            "`ORRERY_RUN_WAIT_MAX_S`) for the run to end; answered `Preference-Applied: wait=N`."
        ),
    ),
]
Wait = Annotated[
    bool,
    QueryParameter(
        description=(
            "Hold the request until the run ends (at most the engine's `ORRERY_RUN_WAIT_MAX_S`): "
            "200 with the run and its outputs; 202 with its `events_url` if it has not ended by then."
        )
    ),
]
_PREFER_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*\"?([0-9]{1,9})\"?", re.IGNORECASE)

StepScope = Annotated[
    str | None,
    QueryParameter(
        name="scope",
        max_length=1000,
        description="For a step inside a map or loop: its iteration (`scenes[3]`), as its `scope` says.",
    ),
]

_RUN_NOT_FOUND = {404: "No such run (or not yours)."}
_STEP_CONFLICT = {409: "The run or step is not in a state that allows this (the detail says which)."}


class RunsController(Controller):
    path = "/api/v1"
    tags = ["runs"]
    security = BEARER_SECURITY

    @post(
        "/workflows/{workflow_id:uuid}/runs",
        status_code=HTTP_202_ACCEPTED,
        summary="Start a run (optionally waiting for its outputs)",
        responses={
            200: ResponseSpec(
                RunStarted,
                description=(
                    "The run ended while the request waited (`wait=true` or `Prefer: wait=N`): its "
                    "outputs or error; or the run an earlier request with this Idempotency-Key started."
                ),
            ),
            **documented(
                400,
                401,
                403,
                404,
                409,
                413,
                descriptions={
                    403: "The API key lacks the `runs:write` scope.",
                    404: "No such workflow or version (or not yours).",
                    409: "A run with this Idempotency-Key is being created; retry.",
                    422: (
                        "The inputs do not match the workflow's (see `errors`), the version cannot run, "
                        "or the Idempotency-Key was used with a different body."
                    ),
                },
            ),
        },
        opt=scoped("runs:write"),
    )
    async def start(
        self,
        workflow_id: FromPath[UUID],
        data: JSONBody[RunCreate],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
        key: IdempotencyKey = None,
        wait: Wait = False,
        prefer: Prefer = None,
    ) -> Response[RunStarted]:
        run, created = await run_service.start(
            principal.claims,
            str(workflow_id),
            data.inputs,
            version=data.version,
            idempotency_key=key,
            trigger=Trigger(kind="api") if principal.api_key_id else MANUAL,
        )
        seconds = requested_wait(wait, prefer, run_service.settings.run_wait_max_s)
        if seconds is None:
            return Response(started(run), status_code=HTTP_202_ACCEPTED if created else HTTP_200_OK)
        ended = await run_service.await_end(principal.claims, str(run.id), seconds)
        headers = {"Preference-Applied": f"wait={seconds:g}"} if prefer and not wait else {}
        if ended is None:
            return Response(started(run), status_code=HTTP_202_ACCEPTED, headers=headers)
        return Response(started(ended), status_code=HTTP_200_OK, headers=headers)

    @get("/runs", summary="List runs, newest first", responses=documented(400, 401), opt=scoped("runs:read"))
    async def list_runs(
        self,
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
        workflow_id: FromQuery[UUID | None] = None,
        status: FromQuery[RunStatusFilter | None] = None,
        cursor: FromQuery[str | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 25,
        parent_run_id: Annotated[
            UUID | None,
            QueryParameter(description="Only the child runs this run's sub-workflow steps started."),
        ] = None,
        trigger: Annotated[
            TriggerFilter | None, QueryParameter(description="Only the runs this kind of trigger started.")
        ] = None,
        trigger_id: Annotated[
            UUID | None, QueryParameter(description="Only the runs this webhook or schedule started.")
        ] = None,
        kind: Annotated[
            RunKind | None, QueryParameter(description="Only normal runs, node tests or forks.")
        ] = None,
        forked_from: Annotated[UUID | None, QueryParameter(description="Only this run's forks.")] = None,
    ) -> RunPage:
        return await run_service.list(
            principal.claims,
            workflow_id=str(workflow_id) if workflow_id else None,
            status=status,
            cursor=cursor,
            limit=limit,
            parent_run_id=str(parent_run_id) if parent_run_id else None,
            trigger_kind=trigger,
            trigger_id=str(trigger_id) if trigger_id else None,
            kind=kind,
            forked_from_run_id=str(forked_from) if forked_from else None,
        )

    @get(
        "/runs/{run_id:uuid}",
        summary="A run with every step attempt",
        responses=documented(400, 401, 404, descriptions=_RUN_NOT_FOUND),
        opt=scoped("runs:read"),
    )
    async def get_run(
        self,
        run_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> RunRead:
        return await run_service.get(principal.claims, str(run_id))

    @get(
        "/runs/{run_id:uuid}/spec",
        summary="The workflow version the run pinned",
        responses=documented(400, 401, 404, descriptions=_RUN_NOT_FOUND),
        opt=scoped("runs:read"),
    )
    async def get_run_spec(
        self,
        run_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
    ) -> Workflow:
        return await run_service.spec_of(principal.claims, str(run_id))

    @post(
        "/runs/{run_id:uuid}/cancel",
        status_code=HTTP_200_OK,
        summary="Cancel a run",
        responses=documented(
            400, 401, 404, 409, descriptions={**_RUN_NOT_FOUND, 409: "The run has already ended."}
        ),
        opt=scoped("runs:write"),
    )
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
        responses=documented(400, 401, 404, 409, 413, descriptions={**_RUN_NOT_FOUND, **_STEP_CONFLICT}),
        opt=scoped("runs:write"),
    )
    async def decide(
        self,
        run_id: FromPath[UUID],
        node_id: FromPath[str],
        data: JSONBody[Decision],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
        step_scope: StepScope = None,
    ) -> RunRead:
        return await run_service.decide(principal.claims, str(run_id), node_id, data, step_scope or "")

    @post(
        "/runs/{run_id:uuid}/retry",
        status_code=HTTP_202_ACCEPTED,
        summary="Retry from a failed or named step",
        responses=documented(400, 401, 404, 409, 413, descriptions={**_RUN_NOT_FOUND, **_STEP_CONFLICT}),
        opt=scoped("runs:write"),
    )
    async def retry(
        self,
        run_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        run_service: NamedDependency[RunService],
        data: JSONBody[RetryRequest | None] = None,
    ) -> RunRead:
        if data is None:
            return await run_service.retry(principal.claims, str(run_id), None)
        return await run_service.retry(principal.claims, str(run_id), data.from_node, data.items)


def requested_wait(wait: bool, prefer: str | None, cap_s: float) -> float | None:
    """How long to hold a start request for the run's end: `wait=true` is the cap, `Prefer: wait=N`
    is N seconds up to the cap; None when the caller asked for no wait (or the cap is 0)."""
    asked: float | None = cap_s if wait else None
    match = _PREFER_WAIT.search(prefer or "")
    if asked is None and match is not None:
        asked = float(match.group(1))
    if asked is None or cap_s <= 0:
        return None
    return min(asked, cap_s)
