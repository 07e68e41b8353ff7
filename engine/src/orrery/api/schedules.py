"""Schedules of a workflow: list, create, read, change (pause, resume), delete, and a cron
preview. Thin: parse, call the service, return."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY
from orrery.api.strict import require_booleans
from orrery.auth import Principal
from orrery.triggers.models import CronFires, CronPreview, ScheduleCreate, ScheduleRead, ScheduleUpdate
from orrery.triggers.schedules import ScheduleService

_NOT_FOUND = {404: "No such schedule (or not yours)."}
_BAD = {422: "A value is not acceptable (see `errors`): the cron, the time zone, or the inputs."}


class SchedulesController(Controller):
    path = "/api/v1"
    tags = ["triggers"]
    security = BEARER_SECURITY

    @get(
        "/workflows/{workflow_id:uuid}/schedules",
        summary="A workflow's schedules, with their next fires",
        responses=documented(400, 401, 404, descriptions={404: "No such workflow (or not yours)."}),
    )
    async def list_schedules(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        schedule_service: NamedDependency[ScheduleService],
    ) -> list[ScheduleRead]:
        return await schedule_service.of_workflow(principal.claims, str(workflow_id))

    @post(
        "/workflows/{workflow_id:uuid}/schedules",
        status_code=HTTP_201_CREATED,
        summary="Run a workflow on a schedule (cron, in a time zone)",
        responses=documented(
            400, 401, 404, 413, descriptions={404: "No such workflow (or not yours).", **_BAD}
        ),
    )
    async def create_schedule(
        self,
        request: Request[Any, Any, Any],
        workflow_id: FromPath[UUID],
        data: JSONBody[ScheduleCreate],
        principal: NamedDependency[Principal],
        schedule_service: NamedDependency[ScheduleService],
    ) -> ScheduleRead:
        await require_booleans(request, ScheduleCreate)
        return await schedule_service.create(principal.claims, str(workflow_id), data)

    @post(
        "/schedules/preview",
        status_code=HTTP_200_OK,
        summary="The next fires of a cron expression in a time zone",
        responses=documented(400, 401, 413, descriptions=_BAD),
    )
    async def preview_schedule(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[CronPreview],
        schedule_service: NamedDependency[ScheduleService],
    ) -> CronFires:
        await require_booleans(request, CronPreview)
        return schedule_service.preview(data.cron, data.timezone)

    @get(
        "/schedules/{schedule_id:uuid}",
        summary="A schedule",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
    )
    async def get_schedule(
        self,
        schedule_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        schedule_service: NamedDependency[ScheduleService],
    ) -> ScheduleRead:
        return await schedule_service.get(principal.claims, str(schedule_id))

    @patch(
        "/schedules/{schedule_id:uuid}",
        summary="Change a schedule (only the fields sent); `paused` pauses or resumes it",
        responses=documented(400, 401, 404, 413, descriptions={**_NOT_FOUND, **_BAD}),
    )
    async def update_schedule(
        self,
        request: Request[Any, Any, Any],
        schedule_id: FromPath[UUID],
        data: JSONBody[ScheduleUpdate],
        principal: NamedDependency[Principal],
        schedule_service: NamedDependency[ScheduleService],
    ) -> ScheduleRead:
        await require_booleans(request, ScheduleUpdate)
        return await schedule_service.update(principal.claims, str(schedule_id), data)

    @delete(
        "/schedules/{schedule_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a schedule (its runs stay)",
        responses=documented(400, 401, 404, descriptions=_NOT_FOUND),
    )
    async def delete_schedule(
        self,
        schedule_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        schedule_service: NamedDependency[ScheduleService],
    ) -> None:
        await schedule_service.delete(principal.claims, str(schedule_id))
