"""GET /api/v1/runs/{id}/events: the run's events as Server-Sent Events (ARCHITECTURE §5)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY, scoped
from orrery.auth import Principal
from orrery.events.stream import RunEventStream, parse_after

STREAM_HEADERS = {
    "Cache-Control": "no-cache, no-transform",
    "X-Accel-Buffering": "no",
    "Connection": "keep-alive",
}
EVENT_SEQ = r"^[0-9]{1,18}$"
"""An event's `id`: its `seq`, a non-negative integer."""
LastEventId = Annotated[
    str | None,
    HeaderParameter(
        name="Last-Event-ID",
        pattern=EVENT_SEQ,
        description="Resume after this event (the `id` of the last one received); the browser sends it.",
    ),
]
After = Annotated[
    str | None,
    QueryParameter(pattern=EVENT_SEQ, description="As `Last-Event-ID`, for clients that cannot set headers."),
]


@get(
    "/api/v1/runs/{run_id:uuid}/events",
    tags=["runs"],
    summary="The run's events (SSE): history after Last-Event-ID, then live, until the run ends",
    security=BEARER_SECURITY,
    responses={
        HTTP_200_OK: ResponseSpec(
            str,
            media_type="text/event-stream",
            description="Server-Sent Events: `id: <seq>` (none on `step.delta`, nor on a pure "
            "step's live-only `step.started`), `event: <type>`, "
            "`data: <the event as JSON>` (the run events' JSON Schema, contracts/run-events.schema.json); "
            "a `:` comment heartbeat every 15 s. Ends after the run's terminal event.",
            generate_examples=False,
        ),
        HTTP_204_NO_CONTENT: ResponseSpec(None, description="The run has ended and no event follows."),
        **documented(
            400,
            401,
            404,
            descriptions={
                400: "`Last-Event-ID` (or `after`) is not an event of this run.",
                404: "No such run (or not yours).",
            },
        ),
    },
    opt=scoped("runs:read"),
)
async def run_events(
    run_id: FromPath[UUID],
    principal: NamedDependency[Principal],
    event_stream: NamedDependency[RunEventStream],
    last_event_id: LastEventId = None,
    after: After = None,
) -> Response[Any]:
    start = parse_after(last_event_id, after)
    items = await event_stream.open(principal.claims, str(run_id), start)
    if items is None:
        return Response(content=None, status_code=HTTP_204_NO_CONTENT)
    # The stream is SSE bytes already (events.sse): each chunk goes out as one write.
    return Stream(items, media_type="text/event-stream", headers=STREAM_HEADERS)
