"""What users do with schedules: create, list, read, change (pause, resume), delete, preview.

Each action is one transaction as the user (RLS is the access control: another user's schedule
is not there, 404). The next fire is computed here, from the engine's clock, whenever the cron,
the time zone or the pause changes; the scheduler (`triggers.scheduler`) moves it on after
each fire.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec

from orrery.events.transitions import now as utc_now
from orrery.runs.errors import WorkflowNotFound
from orrery.settings import TriggerSettings
from orrery.spec import SpecError, decode_workflow
from orrery.spec.inputs import InvalidInputs, resolve_inputs
from orrery.store import runs, workflows
from orrery.store import schedules as store
from orrery.store.database import Connection, Database
from orrery.triggers import cron
from orrery.triggers.errors import InvalidTrigger, ScheduleNotFound
from orrery.triggers.models import CronFires, ScheduleCreate, ScheduleRead, ScheduleUpdate

PREVIEW = 3
"""How many next fires a schedule shows."""


@dataclass
class ScheduleService:
    db: Database
    settings: TriggerSettings
    clock: Callable[[], datetime] = field(default=utc_now)

    async def create(self, claims: Mapping[str, Any], workflow_id: str, data: ScheduleCreate) -> ScheduleRead:
        parsed = cron.parse(data.cron, data.timezone)
        fields: dict[str, Any] = {
            "workflow_id": workflow_id,
            "name": data.name.strip(),
            "cron": parsed.expression,
            "timezone": data.timezone,
            "inputs": data.inputs,
            "paused": data.paused,
            "missed": data.missed,
            "max_consecutive_failures": data.max_consecutive_failures or self.settings.schedule_max_failures,
            "next_fire_at": None if data.paused else parsed.next_after(self.clock()),
        }
        async with self.db.as_user(claims) as conn:
            await _check_inputs(conn, workflow_id, data.inputs)
            row = await store.insert(conn, fields)
        return self._read(row)

    async def of_workflow(self, claims: Mapping[str, Any], workflow_id: str) -> list[ScheduleRead]:
        async with self.db.as_user(claims) as conn:
            if not await workflows.exists(conn, workflow_id):
                raise WorkflowNotFound(f"workflow {workflow_id} not found")
            rows = await store.list_for_workflow(conn, workflow_id)
        return [self._read(row) for row in rows]

    async def get(self, claims: Mapping[str, Any], schedule_id: str) -> ScheduleRead:
        async with self.db.as_user(claims) as conn:
            row = await store.fetch(conn, schedule_id)
        if row is None:
            raise ScheduleNotFound(f"schedule {schedule_id} not found")
        return self._read(row)

    async def update(self, claims: Mapping[str, Any], schedule_id: str, data: ScheduleUpdate) -> ScheduleRead:
        changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
        async with self.db.as_user(claims) as conn:
            row = await store.fetch(conn, schedule_id, for_update=True)
            if row is None:
                raise ScheduleNotFound(f"schedule {schedule_id} not found")
            merged = {**row, **changes}
            parsed = cron.parse(merged["cron"], merged["timezone"])
            changes["cron"] = parsed.expression
            if "inputs" in changes:
                await _check_inputs(conn, str(row["workflow_id"]), changes["inputs"])
            if "name" in changes:
                changes["name"] = changes["name"].strip()
            if merged["paused"]:
                changes["next_fire_at"] = None
            elif row["paused"] or {"cron", "timezone"} & set(changes) or row["next_fire_at"] is None:
                changes["next_fire_at"] = parsed.next_after(self.clock())
            if row["paused"] and not merged["paused"]:  # resumed: a pause for failures is over
                changes |= {"disabled_at": None, "consecutive_failures": 0}
            updated = await store.update(conn, schedule_id, changes)
        assert updated is not None
        return self._read(updated)

    async def delete(self, claims: Mapping[str, Any], schedule_id: str) -> None:
        async with self.db.as_user(claims) as conn:
            if not await store.delete(conn, schedule_id):
                raise ScheduleNotFound(f"schedule {schedule_id} not found")

    def preview(self, expression: str, timezone: str) -> CronFires:
        parsed = cron.parse(expression, timezone)
        return CronFires(next_fires=parsed.next_fires(self.clock(), PREVIEW))

    def _read(self, row: Mapping[str, Any]) -> ScheduleRead:
        fires: list[datetime] = []
        if row["next_fire_at"] is not None and not row["paused"]:
            parsed = cron.parse(row["cron"], row["timezone"])
            fires = [row["next_fire_at"], *parsed.next_fires(row["next_fire_at"], PREVIEW - 1)]
        return msgspec.convert(
            {**row, "next_fires": fires}, ScheduleRead, from_attributes=False, strict=False
        )


async def _check_inputs(conn: Connection, workflow_id: str, inputs: Mapping[str, Any]) -> None:
    """The workflow is the user's, and these inputs fit its current version's inputs."""
    found = await runs.fetch_version_to_run(conn, workflow_id, None)
    if found is None:
        raise WorkflowNotFound(f"workflow {workflow_id} not found")
    try:
        doc = decode_workflow(found["spec"])
    except SpecError:
        return  # the version cannot run yet: each fire says why (and counts as a failure)
    try:
        resolve_inputs(doc, inputs)
    except InvalidInputs as exc:
        raise InvalidTrigger(
            "the schedule's inputs do not match the workflow's inputs",
            [{"field": f"inputs.{e.name}", "message": e.message} for e in exc.errors],
        ) from exc
