"""Webhooks of a workflow (list, create, read, change, delete, recent calls, test a mapping),
and the public URL they are called at. Thin: parse, call the service, return.

`POST /api/v1/hooks/{token}` is the one route besides `/healthz` that takes no bearer token:
the token in its path is the credential (api/security.py lists it as public).
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY
from orrery.api.strict import require_booleans
from orrery.auth import Principal
from orrery.triggers.models import (
    HookAnswer,
    HookTest,
    HookTestResult,
    WebhookCallRead,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
    WebhookUpdate,
)
from orrery.triggers.webhooks import Call, WebhookService

MAX_HOOK_BODY = 10 * 1024 * 1024
"""The most any webhook may take (each has its own, smaller, limit)."""

_NOT_FOUND = {404: "No such webhook (or not yours)."}
_BAD = {422: "A value is not acceptable (see `errors`): a mapping template, a signing setting."}


class WebhooksController(Controller):
    path = "/api/v1"
    tags = ["triggers"]
    security = BEARER_SECURITY

    @get(
        "/workflows/{workflow_id:uuid}/webhooks",
        summary="A workflow's webhooks",
        responses=documented(400, 401, 404, descriptions={404: "No such workflow (or not yours)."}),
    )
    async def list_webhooks(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        webhook_service: NamedDependency[WebhookService],
    ) -> list[WebhookRead]:
        return await webhook_service.of_workflow(principal.claims, str(workflow_id))

    @post(
        "/workflows/{workflow_id:uuid}/webhooks",
        status_code=HTTP_201_CREATED,
        summary="Create a webhook: its URL (with its secret token) is in this answer only",
        responses=documented(
            400, 401, 404, 413, descriptions={404: "No such workflow (or not yours).", **_BAD}
        ),
    )
    async def create_webhook(
        self,
        request: Request[Any, Any, Any],
        workflow_id: FromPath[UUID],
        data: JSONBody[WebhookCreate],
        principal: NamedDependency[Principal],
        webhook_service: NamedDependency[WebhookService],
    ) -> WebhookCreated:
        await require_booleans(request, WebhookCreate)
        return await webhook_service.create(principal.claims, str(workflow_id), data)

    @get(
        "/webhooks/{webhook_id:uuid}",
        summary="A webhook",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
    )
    async def get_webhook(
        self,
        webhook_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        webhook_service: NamedDependency[WebhookService],
    ) -> WebhookRead:
        return await webhook_service.get(principal.claims, str(webhook_id))

    @patch(
        "/webhooks/{webhook_id:uuid}",
        summary="Change a webhook (only the fields sent)",
        responses=documented(400, 401, 404, 413, descriptions={**_NOT_FOUND, **_BAD}),
    )
    async def update_webhook(
        self,
        request: Request[Any, Any, Any],
        webhook_id: FromPath[UUID],
        data: JSONBody[WebhookUpdate],
        principal: NamedDependency[Principal],
        webhook_service: NamedDependency[WebhookService],
    ) -> WebhookRead:
        await require_booleans(request, WebhookUpdate)
        return await webhook_service.update(principal.claims, str(webhook_id), data)

    @delete(
        "/webhooks/{webhook_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a webhook (its URL answers 404 from now on; its runs stay)",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
    )
    async def delete_webhook(
        self,
        webhook_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        webhook_service: NamedDependency[WebhookService],
    ) -> None:
        await webhook_service.delete(principal.claims, str(webhook_id))

    @get(
        "/webhooks/{webhook_id:uuid}/calls",
        summary="A webhook's recent calls, newest first (time, status, run, error)",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
    )
    async def list_webhook_calls(
        self,
        webhook_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        webhook_service: NamedDependency[WebhookService],
    ) -> list[WebhookCallRead]:
        return await webhook_service.calls(principal.claims, str(webhook_id))

    @post(
        "/webhooks/{webhook_id:uuid}/test",
        status_code=HTTP_200_OK,
        summary="What the mapping makes of a sample call (starts nothing)",
        responses=documented(400, 401, 404, 413, descriptions=_NOT_FOUND),
    )
    async def test_webhook(
        self,
        request: Request[Any, Any, Any],
        webhook_id: FromPath[UUID],
        data: JSONBody[HookTest],
        principal: NamedDependency[Principal],
        webhook_service: NamedDependency[WebhookService],
    ) -> HookTestResult:
        await require_booleans(request, HookTest)
        return await webhook_service.test(principal.claims, str(webhook_id), data)


HookToken = Annotated[
    str, PathParameter(min_length=1, max_length=200, description="The webhook URL's token.")
]


@post(
    "/api/v1/hooks/{token:str}",
    tags=["triggers"],
    status_code=HTTP_202_ACCEPTED,
    summary="Call a webhook: starts its workflow's run (no bearer token: the URL is the secret)",
    request_max_body_size=MAX_HOOK_BODY,
    responses={
        200: ResponseSpec(
            HookAnswer, description="`wait` mode: the run ended in time; its outputs or error."
        ),
        **documented(
            400,
            401,
            404,
            413,
            429,
            descriptions={
                400: "The body is not what its Content-Type says (JSON that does not decode).",
                401: "The webhook wants a signature: missing, wrong, or its timestamp is too far off.",
                404: "No enabled webhook has this URL (unknown, disabled or deleted).",
                413: "The body is over the webhook's size limit.",
                422: "The mapping could not make the run's inputs, or the workflow cannot run.",
                429: "Over the webhook's calls per minute; retry after `Retry-After`.",
            },
        ),
    },
)
async def call_hook(
    token: HookToken, request: Request[Any, Any, Any], webhook_service: NamedDependency[WebhookService]
) -> Response[HookAnswer]:
    call = Call(
        token=token,
        body=await request.body(),
        query={k: v for k, v in request.query_params.items()},
        headers={k.lower(): v for k, v in request.headers.items()},
        content_type=request.headers.get("content-type", ""),
    )
    status, answer = await webhook_service.call(call)
    return Response(answer, status_code=status)
