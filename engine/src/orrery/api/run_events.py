"""GET /api/v1/runs/{id}/events: the run's events as Server-Sent Events (ARCHITECTURE §5)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import ServerSentEvent, ServerSentEventMessage
from litestar.status_codes import HTTP_204_NO_CONTENT

from orrery.api.security import BEARER_SECURITY
from orrery.auth import Principal
from orrery.events.stream import Item, RunEventStream, parse_after

STREAM_HEADERS = {
    "Cache-Control": "no-cache, no-transform",
    "X-Accel-Buffering": "no",
    "Connection": "keep-alive",
}


async def _messages(items: AsyncIterator[Item]) -> AsyncIterator[ServerSentEventMessage]:
    async for item in items:
        if item.type is None:
            yield ServerSentEventMessage(comment="heartbeat")
        else:
            yield ServerSentEventMessage(data=item.data, event=item.type, id=item.seq)


@get(
    "/api/v1/runs/{run_id:uuid}/events",
    tags=["runs"],
    summary="The run's events (SSE): history after Last-Event-ID, then live, until the run ends",
    security=BEARER_SECURITY,
)
async def run_events(
    run_id: FromPath[UUID],
    request: Request[Any, Any, Any],
    principal: NamedDependency[Principal],
    event_stream: NamedDependency[RunEventStream],
    after: FromQuery[str | None] = None,
) -> Response[Any]:
    start = parse_after(request.headers.get("last-event-id"), after)
    items = await event_stream.open(principal.claims, str(run_id), start)
    if items is None:
        return Response(content=None, status_code=HTTP_204_NO_CONTENT)
    return ServerSentEvent(_messages(items), headers=STREAM_HEADERS)
