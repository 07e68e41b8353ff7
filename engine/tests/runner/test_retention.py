"""Old runs' history is compacted by the sweeper, in bounded batches; recent and unfinished runs,
and what every run's page shows (the run, its steps' outputs, its outcome), are kept."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from orrery.runner.retention import compact_once
from orrery.settings import Settings
from orrery.store.database import Database

EVENTS = [
    "run.started",
    "step.queued",
    "step.started",
    "step.log",
    "step.log",
    "step.succeeded",
    "run.succeeded",
]
KEPT = ["run.started", "step.succeeded", "run.succeeded"]


def _seed(admin_url: str, *, finished_days_ago: float | None) -> str:
    """A run with a step and its events; finished that many days ago (None: still running)."""
    user, workflow_id, run_id = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    status = "running" if finished_days_ago is None else "succeeded"
    age = f"{finished_days_ago or 40} days"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("insert into auth.users (id, email) values (%s, %s)", (user, f"{user}@example.com"))
        conn.execute("insert into workflows (id, owner_id, name) values (%s, %s, 'w')", (workflow_id, user))
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, 1, %s, %s, %s)",
            (workflow_id, user, Jsonb({"schema": "orrery.workflow/v1"}), user),
        )
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version, status, outputs, started_at, "
            "finished_at) values (%s, %s, %s, 1, %s, %s, now() - %s::interval, "
            "case when %s = 'running' then null else now() - %s::interval end)",
            (run_id, user, workflow_id, status, Jsonb({"answer": 42}), age, status, age),
        )
        conn.execute(
            "insert into run_steps (owner_id, run_id, node_id, status, input, output, transcript, "
            "started_at, finished_at) values (%s, %s, 'writer', 'succeeded', %s, %s, %s, now(), now())",
            (
                user,
                run_id,
                Jsonb({"steps": {"big": "x" * 1000}}),
                Jsonb("the text"),
                Jsonb([{"role": "user"}]),
            ),
        )
        for kind in EVENTS if status != "running" else EVENTS[:-1]:
            conn.execute(
                "insert into run_events (owner_id, run_id, type, data) values (%s, %s, %s, %s)",
                (user, run_id, kind, Jsonb({"type": kind})),
            )
    return run_id


def _history(admin_url: str, run_id: str) -> dict[str, Any]:
    with psycopg.connect(admin_url) as conn:
        events = [
            r[0]
            for r in conn.execute(
                "select type from run_events where run_id = %s order by seq", (run_id,)
            ).fetchall()
        ]
        step = conn.execute(
            "select input, output, transcript, status from run_steps where run_id = %s", (run_id,)
        ).fetchone()
        run = conn.execute("select status, outputs from runs where id = %s", (run_id,)).fetchone()
    assert step is not None
    assert run is not None
    return {"events": events, "step": step, "run": run}


async def test_old_finished_runs_lose_their_in_between_history_and_keep_their_outcome(
    admin_url: str, settings: Settings, sweeper_db: Database
) -> None:
    # Given a 30-day retention, two runs that finished 40 and 35 days ago, one that finished
    # yesterday, and one started 40 days ago that is still running
    runner = replace(settings.runner, run_events_retention_days=30, retention_batch=1)
    oldest = _seed(admin_url, finished_days_ago=40)
    old = _seed(admin_url, finished_days_ago=35)
    recent = _seed(admin_url, finished_days_ago=1)
    running = _seed(admin_url, finished_days_ago=None)

    # When the sweeper compacts one batch of one run
    first = await compact_once(sweeper_db, runner, max_batches=1)

    # Then only the oldest run was compacted: its in-between events and its step's recorded input
    # and transcript are gone; the run, its outputs, its step's output and its outcome events stay
    assert first == 1
    compacted = _history(admin_url, oldest)
    assert compacted["events"] == KEPT
    assert compacted["step"] == (None, "the text", None, "succeeded")
    assert compacted["run"] == ("succeeded", {"answer": 42})
    assert _history(admin_url, old)["events"] == EVENTS

    # And the next rounds compact the other old run, and never the recent or the running one
    assert await compact_once(sweeper_db, runner) == 1
    assert await compact_once(sweeper_db, runner) == 0
    assert _history(admin_url, old)["events"] == KEPT
    assert _history(admin_url, recent)["events"] == EVENTS
    assert _history(admin_url, recent)["step"][0] is not None
    assert _history(admin_url, running)["events"] == EVENTS[:-1]


async def test_a_pure_steps_recorded_input_inside_its_success_event_goes_too(
    admin_url: str, settings: Settings, sweeper_db: Database
) -> None:
    # Given a run that finished 40 days ago whose transform step stored its start folded into its
    # success event (the step's input, a copy of the run's inputs, rides on step.succeeded)
    runner = replace(settings.runner, run_events_retention_days=30)
    run_id = _seed(admin_url, finished_days_ago=40)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into run_events (run_id, type, data) values (%s, 'step.succeeded', %s)",
            (run_id, Jsonb({"node_id": "shape", "input": {"secret": "the user's text"}, "output": "ok"})),
        )

    # When the sweeper compacts it
    assert await compact_once(sweeper_db, runner) >= 1

    # Then the success event keeps its outcome and loses the recorded input
    with psycopg.connect(admin_url) as conn:
        rows = conn.execute(
            "select data from run_events where run_id = %s and type = 'step.succeeded' and data ? 'node_id'",
            (run_id,),
        ).fetchall()
    assert [r[0] for r in rows] == [{"node_id": "shape", "output": "ok"}]


async def test_without_a_retention_setting_nothing_is_compacted(
    admin_url: str, settings: Settings, sweeper_db: Database
) -> None:
    # Given no retention configured and a run that finished a year ago
    run_id = _seed(admin_url, finished_days_ago=365)
    # When the sweeper runs
    compacted = await compact_once(sweeper_db, replace(settings.runner, run_events_retention_days=None))
    # Then its history is whole
    assert compacted == 0
    assert _history(admin_url, run_id)["events"] == EVENTS


def test_the_sweeper_cannot_compact_recent_history(role_urls: dict[str, str]) -> None:
    # Given the sweeper's login
    # When it asks to compact runs that finished a minute ago
    # Then the database refuses: retention is for old history only
    with psycopg.connect(role_urls["orrery_sweeper"]) as conn, pytest.raises(psycopg.errors.RaiseException):
        conn.execute("select orrery_private.compact_run_history(interval '1 minute', 10)")
