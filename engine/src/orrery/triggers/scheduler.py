"""Fires due schedules: exactly one run per fire, however many worker processes run a scheduler.

Each worker process runs this loop beside its sweeper (worker/runtime.py): the schedules are
the same kind of cross-user maintenance, and a worker already holds both logins it needs, so no
new process or role is deployed. One round:

1. Discovery, as `orrery_sweeper`: `id, owner_id` of unpaused schedules whose `next_fire_at` has
   come (that role sees nothing else of a schedule: not its workflow, cron or inputs), a page
   at a time, owners taking turns; owners are fired side by side (`tick`).
2. The claim, per schedule, in ONE transaction as its owner (`orrery_worker`, signed claims, RLS):
   `select ... for update skip locked` where it is still due (another scheduler holding it: skip;
   one that already fired it: no longer due), move `next_fire_at` past now, and insert the run
   for the fire (unique per schedule and fire time, `runs_schedule_fire_key`: a second insert for
   a fire cannot happen even if the claim were bypassed). Commit, then hand the run to a worker.

Missed fires (the schedulers were down): `run_once` starts one run, for the latest fire missed;
`skip` starts none unless that latest fire is within `schedule_misfire_grace_s` (the normal,
slightly late, fire). Either way the next fire is the first after now.

The clock is injected (`clock`): tests move time across minute boundaries without sleeping.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from orrery.errors import InvalidInput, NotFound
from orrery.events.transitions import now as utc_now
from orrery.runs import RunService, Started, Trigger
from orrery.runs.errors import FireTaken
from orrery.settings import TriggerSettings
from orrery.store import notifications
from orrery.store import schedules as store
from orrery.store.claims import owner_claims
from orrery.store.database import Database
from orrery.triggers import cron
from orrery.triggers.errors import InvalidTrigger

log = logging.getLogger(__name__)

DUE_PAGE = 100
"""Due schedules read at a time; a round reads pages until none is left."""
OWNERS_AT_ONCE = 8
"""Owners whose due schedules a scheduler fires side by side."""


@dataclass
class Fired:
    """What one claim did: the fire it was for (None: skipped as missed) and the run started."""

    schedule_id: str
    fire_at: datetime | None
    run_id: str | None = None
    error: str | None = None


@dataclass
class Scheduler:
    discovery: Database
    """The sweeper's login (`orrery_sweeper`): finds due schedules across users."""
    db: Database
    """The worker's login: claims each as its owner."""
    runs: RunService
    settings: TriggerSettings
    clock: Callable[[], datetime] = field(default=utc_now)

    async def tick(self) -> list[Fired]:
        """One round: every schedule due by the clock's now, claimed and fired (or found taken).
        Due schedules are read a page at a time, owners taking turns in each page, and fired
        owners side by side (at most `OWNERS_AT_ONCE`, each owner's one after another): a user
        with thousands of schedules due at 09:00 does not make another's 09:00 fire late (or
        skipped, as missed) behind theirs."""
        now = self.clock()
        fired: list[Fired] = []
        tried: set[str] = set()
        room = asyncio.Semaphore(OWNERS_AT_ONCE)

        async def owners_turn(owner_id: str, schedule_ids: list[str]) -> None:
            async with room:
                for schedule_id in schedule_ids:
                    outcome = await self._fire_logged(schedule_id, owner_id, now)
                    if outcome is not None:
                        fired.append(outcome)

        while True:
            async with self.discovery.as_login_role() as conn:
                due = await store.due(conn, now, limit=DUE_PAGE, skip=tried)
            by_owner: dict[str, list[str]] = {}
            for row in due:
                by_owner.setdefault(str(row["owner_id"]), []).append(str(row["id"]))
                tried.add(str(row["id"]))
            await asyncio.gather(*(owners_turn(owner, ids) for owner, ids in by_owner.items()))
            if len(due) < DUE_PAGE:
                return fired

    async def _fire_logged(self, schedule_id: str, owner_id: str, now: datetime) -> Fired | None:
        try:
            return await self.fire(schedule_id, owner_id, now)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # one schedule's trouble (a bad row, a lost connection) is logged
            log.warning("schedule %s: fire failed: %s", schedule_id, exc)
            return None

    async def fire(self, schedule_id: str, owner_id: str, now: datetime) -> Fired | None:
        """Claim the schedule's due fire as its owner and start its run, in one transaction;
        None when another scheduler has it or had it."""
        started: Started | None = None
        async with self.db.as_user(owner_claims(owner_id)) as conn:
            row = await store.claim(conn, schedule_id, now)
            if row is None:
                return None
            try:
                parsed = cron.parse(row["cron"], row["timezone"])
            except InvalidTrigger as exc:  # stored before a parser change: pause it, say why
                await store.update(conn, schedule_id, {"paused": True, "next_fire_at": None})
                return Fired(schedule_id, None, error=str(exc))
            latest = max(parsed.latest_by(now), row["next_fire_at"])
            late = now - latest > timedelta(seconds=self.settings.schedule_misfire_grace_s)
            fire_at = None if late and row["missed"] == "skip" else latest
            await store.advance(conn, schedule_id, parsed.next_after(now), fire_at)
            outcome = Fired(schedule_id, fire_at)
            if fire_at is None:
                log.info("schedule %s: missed fires up to %s skipped", schedule_id, latest.isoformat())
                return outcome
            trigger = Trigger(kind="schedule", id=schedule_id, fire_at=fire_at)
            try:
                async with conn.transaction():  # a savepoint: a refused start keeps the claim
                    started = await self.runs.record(
                        conn, str(row["workflow_id"]), row["inputs"], trigger=trigger
                    )
            except FireTaken:
                return Fired(schedule_id, fire_at, error="this fire already has its run")
            except (InvalidInput, NotFound) as exc:
                outcome.error = str(exc)
                await self._failed_to_start(conn, schedule_id, owner_id, str(exc))
                return outcome
            outcome.run_id = str(started.run.id)
        await self.runs.announce(started)
        return outcome

    async def _failed_to_start(self, conn: Any, schedule_id: str, owner_id: str, reason: str) -> None:
        """A fire whose run cannot start (the workflow has problems, was deleted...) is a failure
        in a row like a run that fails; at the limit the schedule pauses and says so."""
        log.info("schedule %s: its run could not start: %s", schedule_id, reason)
        counted = await store.count_failure(conn, schedule_id)
        if counted is not None and counted["disabled_now"]:
            name = counted["name"] or "untitled"
            await notifications.insert(
                conn,
                owner_id=owner_id,
                kind="schedule_disabled",
                title=f"Schedule {name} paused after {counted['consecutive_failures']} failures in a row: "
                f"{reason}",
                schedule_id=schedule_id,
            )


async def schedule_forever(scheduler: Scheduler, interval_s: float) -> None:
    while True:
        await asyncio.sleep(interval_s)
        try:
            await scheduler.tick()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # Postgres down: try again next round
            log.warning("scheduler round failed: %s", exc)
