"""Schedules fire exactly once per fire, however many schedulers run, across restarts and downtime."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from orrery.settings import Settings
from orrery.store.database import Database
from orrery.triggers.models import ScheduleCreate, ScheduleUpdate
from orrery.triggers.schedules import ScheduleService
from tests.runner.conftest import User, make_user
from tests.runner.test_scheduling import edge, node, workflow
from tests.triggers.conftest import SchedulerParts

SIMPLE = workflow(
    [node("start", "input"), node("result", "output", {"name": "topic", "value": "{{ inputs.topic }}"})],
    [edge("start", "result")],
    inputs={"topic": {"type": "string"}},
)


def store_workflow(admin_url: str, user: User, spec: dict[str, Any] = SIMPLE) -> str:
    workflow_id = str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into public.workflows (id, owner_id, name) values (%s, %s, 'Scheduled')",
            (workflow_id, user.id),
        )
        conn.execute(
            "insert into public.workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, 1, %s, %s, %s)",
            (workflow_id, user.id, Jsonb(spec), user.id),
        )
    return workflow_id


# The session's shared worker (if an earlier test in this process started it) is paused: these
# tests are about which runs a fire records, and a run it executed and failed would count
# towards pausing the schedule (`max_consecutive_failures`) in the middle of a test.
pytestmark = pytest.mark.usefixtures("no_worker_running")


def scheduled_runs(admin_url: str, schedule_id: str) -> list[tuple[datetime, dict[str, Any], str]]:
    with psycopg.connect(admin_url) as conn:
        return conn.execute(
            "select trigger_fire_at, inputs, trigger_kind from public.runs where trigger_id = %s "
            "order by trigger_fire_at",
            (schedule_id,),
        ).fetchall()


@pytest.fixture
def owner(admin_url: str, settings: Settings) -> User:
    return make_user(admin_url, settings.auth.jwt_secret)


async def test_two_schedulers_over_several_minutes_and_a_restart_start_one_run_per_fire(
    parts: SchedulerParts, db: Database, settings: Settings, owner: User, admin_url: str
) -> None:
    # Given a schedule firing every minute, created at 08:59:30
    workflow_id = store_workflow(admin_url, owner)
    service = ScheduleService(db, settings.triggers, parts.clock)
    schedule = await service.create(
        owner.claims, workflow_id, ScheduleCreate(cron="* * * * *", inputs={"topic": "tides"})
    )
    assert schedule.next_fire_at == datetime(2099, 12, 7, 9, 0, tzinfo=UTC)

    # When two worker processes' schedulers tick together every 10 seconds for five minutes,
    # and one of them restarts halfway (a new scheduler, same database)
    first, second = parts.scheduler(), parts.scheduler()
    for step in range(30):
        parts.clock.advance(seconds=10)
        if step == 15:
            second = parts.scheduler()
        await asyncio.gather(first.tick(), second.tick(), first.tick())

    # Then each minute from 09:00 to 09:04 has exactly one run, with the schedule's inputs
    runs = scheduled_runs(admin_url, str(schedule.id))
    state = await service.get(owner.claims, str(schedule.id))
    assert [r[0] for r in runs] == [datetime(2099, 12, 7, 9, m, tzinfo=UTC) for m in range(5)], state
    assert {r[2] for r in runs} == {"schedule"}
    assert all(r[1] == {"topic": "tides"} for r in runs)
    # And the next fire is shown, three ahead
    again = await service.get(owner.claims, str(schedule.id))
    assert again.next_fires == [datetime(2099, 12, 7, 9, m, tzinfo=UTC) for m in (5, 6, 7)]


async def test_after_downtime_skip_starts_nothing_and_run_once_starts_one_run(
    parts: SchedulerParts, db: Database, settings: Settings, owner: User, admin_url: str
) -> None:
    # Given two hourly schedules, one skipping missed fires, one running once for them
    workflow_id = store_workflow(admin_url, owner)
    service = ScheduleService(db, settings.triggers, parts.clock)
    inputs = {"topic": "t"}
    skip = await service.create(owner.claims, workflow_id, ScheduleCreate(cron="0 * * * *", inputs=inputs))
    once = await service.create(
        owner.claims, workflow_id, ScheduleCreate(cron="0 * * * *", inputs=inputs, missed="run_once")
    )

    # When every scheduler was down from 08:59:30 until 11:30
    parts.clock.at = datetime(2099, 12, 7, 11, 30, tzinfo=UTC)
    await parts.scheduler().tick()

    # Then the skipping one started nothing, the other one run (for the 11:00 fire)
    assert scheduled_runs(admin_url, str(skip.id)) == []
    assert [r[0] for r in scheduled_runs(admin_url, str(once.id))] == [datetime(2099, 12, 7, 11, tzinfo=UTC)]
    # And both go on at 12:00
    for schedule in (skip, once):
        assert (await service.get(owner.claims, str(schedule.id))).next_fire_at == datetime(
            2099, 12, 7, 12, tzinfo=UTC
        )


async def test_a_paused_schedule_does_not_fire_and_resumes_from_now(
    parts: SchedulerParts, db: Database, settings: Settings, owner: User, admin_url: str
) -> None:
    # Given a schedule every minute, paused at once
    workflow_id = store_workflow(admin_url, owner)
    service = ScheduleService(db, settings.triggers, parts.clock)
    schedule = await service.create(
        owner.claims, workflow_id, ScheduleCreate(cron="* * * * *", inputs={"topic": "t"})
    )
    await service.update(owner.claims, str(schedule.id), ScheduleUpdate(paused=True))

    # When three minutes pass, then it is resumed and one more minute passes
    parts.clock.advance(minutes=3)
    await parts.scheduler().tick()
    resumed = await service.update(owner.claims, str(schedule.id), ScheduleUpdate(paused=False))
    parts.clock.advance(minutes=1)
    await parts.scheduler().tick()

    # Then only the fire after the resume ran
    assert resumed.next_fire_at == datetime(2099, 12, 7, 9, 3, tzinfo=UTC)
    assert [r[0] for r in scheduled_runs(admin_url, str(schedule.id))] == [
        datetime(2099, 12, 7, 9, 3, tzinfo=UTC)
    ]


async def test_a_schedule_whose_runs_cannot_start_pauses_itself_and_notifies_its_owner(
    parts: SchedulerParts, db: Database, settings: Settings, owner: User, admin_url: str
) -> None:
    # Given a schedule every minute (limit: two failures in a row) whose workflow is deleted
    workflow_id = store_workflow(admin_url, owner)
    service = ScheduleService(db, settings.triggers, parts.clock)
    schedule = await service.create(
        owner.claims,
        workflow_id,
        ScheduleCreate(cron="* * * * *", name="Nightly", inputs={"topic": "t"}, max_consecutive_failures=2),
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:  # its current version turns invalid
        conn.execute(
            "update public.workflow_versions set spec = %s where workflow_id = %s",
            (Jsonb(workflow([node("a", "nope")], [])), workflow_id),
        )

    # When it comes due twice
    for _ in range(2):
        parts.clock.advance(minutes=1)
        await parts.scheduler().tick()

    # Then it is paused, says when, and its owner has a notification saying why
    paused = await service.get(owner.claims, str(schedule.id))
    assert paused.paused
    assert paused.disabled_at is not None
    assert paused.consecutive_failures == 2
    with psycopg.connect(admin_url) as conn:
        notes = conn.execute(
            "select kind, title, owner_id::text from public.notifications where schedule_id = %s",
            (str(schedule.id),),
        ).fetchall()
    assert [(n[0], n[2]) for n in notes] == [("schedule_disabled", owner.id)]
    assert "Nightly" in notes[0][1]


async def test_one_users_many_due_schedules_do_not_hold_up_another_users_fire(
    parts: SchedulerParts, db: Database, settings: Settings, owner: User, admin_url: str
) -> None:
    # Given a user with 250 schedules missed since 08:58 (they run once for it), all due first,
    busy = make_user(admin_url, settings.auth.jwt_secret)
    busy_workflow = store_workflow(admin_url, busy)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into public.schedules (owner_id, workflow_id, cron, inputs, missed, next_fire_at) "
            "select %s, %s, '* * * * *', %s, 'run_once', %s from generate_series(1, 250)",
            (busy.id, busy_workflow, Jsonb({"topic": "many"}), datetime(2099, 12, 7, 8, 58, tzinfo=UTC)),
        )
    # and another user's one schedule, due at 09:00 (`skip`: a fire found late is not run)
    service = ScheduleService(db, settings.triggers, parts.clock)
    mine = await service.create(
        owner.claims,
        store_workflow(admin_url, owner),
        ScheduleCreate(cron="* * * * *", inputs={"topic": "one"}),
    )

    # When one scheduler round comes at 09:00:05
    parts.clock.at = datetime(2099, 12, 7, 9, 0, 5, tzinfo=UTC)
    await parts.scheduler().tick()

    # Then that round fired every due schedule, the other user's among the first
    with psycopg.connect(admin_url) as conn:
        order = [
            str(r[0])
            for r in conn.execute(
                "select owner_id from public.runs where owner_id in (%s, %s) order by created_at, id",
                (busy.id, owner.id),
            ).fetchall()
        ]
        conn.execute("delete from public.runs where owner_id = %s", (busy.id,))  # nobody need run them
        conn.commit()
    # (what the round fired is read from the runs: it also fires other tests' schedules left due)
    assert order.count(busy.id) == 250
    assert owner.id in order[:10], f"the other user's run came {order.index(owner.id) + 1}th"
    assert [r[0] for r in scheduled_runs(admin_url, str(mine.id))] == [datetime(2099, 12, 7, 9, tzinfo=UTC)]
