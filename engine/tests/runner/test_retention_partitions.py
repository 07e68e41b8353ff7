"""Retention by partition: a month of `run_events` is emptied as a whole once every run started in
it has finished longer ago than the retention; a month holding an unfinished or recently finished
run stays, and the months ahead are made before they are needed. Neither ever holds up the runs
being written meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest
from psycopg.types.json import Jsonb

from orrery.runner.retention import MONTHS_AHEAD, retain_once
from orrery.settings import Settings
from orrery.store.database import Database
from tests.runner.conftest import seed_workflow

# The runs seeded here look abandoned (running, untouched for months): the shared worker's sweeper,
# paused, does not send them to be run meanwhile.
pytestmark = pytest.mark.usefixtures("no_worker_running")


def _month(months_from_now: int) -> date:
    today = datetime.now(UTC).date().replace(day=1)
    index = today.year * 12 + today.month - 1 + months_from_now
    return date(index // 12, index % 12 + 1, 1)


def _partition(month: date) -> str:
    return f"orrery_partitions.run_events_{month:%Y_%m}"


@pytest.fixture
def past_months(admin_url: str) -> Iterator[dict[int, date]]:
    """Partitions for four, three and two months ago, as if the runs of those months had been
    made since run_events was partitioned; removed again after the test."""
    months = {ago: _month(-ago) for ago in (4, 3, 2)}
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for month in months.values():
            conn.execute("select orrery_private.create_run_events_partition(%s)", (month,))
    yield months
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for month in months.values():
            conn.execute(f"drop table if exists {_partition(month)}")  # type: ignore[arg-type]


class Seeder:
    """Runs of one workflow, created in a given month, with their events, as the admin."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.user, self.workflow = seed_workflow(admin_url)

    def run(self, created_in: date, *, finished_days_ago: float | None) -> str:
        """A run whose id was made in the month `created_in` (a time-ordered id, as runs get),
        with a step and three events; finished that many days ago (None: still running)."""
        created = datetime(created_in.year, created_in.month, 2, tzinfo=UTC)
        status = "running" if finished_days_ago is None else "succeeded"
        finished = (
            None if finished_days_ago is None else datetime.now(UTC) - timedelta(days=finished_days_ago)
        )
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            row = conn.execute(
                "select overlay(orrery_private.run_id_floor(%s)::text placing "
                "substr(orrery_private.time_ordered_uuid()::text, 14) from 14)::uuid::text",
                (created,),
            ).fetchone()
            assert row is not None
            run_id = str(row[0])
            conn.execute(
                "insert into runs (id, owner_id, workflow_id, workflow_version, status, created_at, "
                "started_at, finished_at) values (%s, %s, %s, 1, %s, %s, %s, %s)",
                (run_id, self.user, self.workflow, status, created, created, finished),
            )
            conn.execute(
                "insert into run_steps (owner_id, run_id, node_id, status, output, started_at, finished_at) "
                "values (%s, %s, 'writer', 'succeeded', %s, %s, %s)",
                (self.user, run_id, Jsonb("the text"), created, finished or created),
            )
            for kind in ("run.started", "step.started", "step.succeeded"):
                conn.execute(
                    "insert into run_events (owner_id, run_id, type, data) values (%s, %s, %s, %s)",
                    (self.user, run_id, kind, Jsonb({"type": kind})),
                )
        return run_id


def _events(admin_url: str, run_id: str) -> int:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute("select count(*) from run_events where run_id = %s", (run_id,)).fetchone()
    assert row is not None
    return int(row[0])


def _exists(admin_url: str, partition: str) -> bool:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute("select to_regclass(%s) is not null", (partition,)).fetchone()
    assert row is not None
    return bool(row[0])


def _rows(admin_url: str, partition: str) -> int:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(f"select count(*) from {partition}").fetchone()  # type: ignore[arg-type]
    assert row is not None
    return int(row[0])


def _run_and_step(admin_url: str, run_id: str) -> tuple[object, ...] | None:
    with psycopg.connect(admin_url) as conn:
        return conn.execute(
            "select r.status, s.output from runs r join run_steps s on s.run_id = r.id where r.id = %s",
            (run_id,),
        ).fetchone()


async def test_a_month_whose_runs_all_finished_long_ago_is_emptied_whole_and_busier_months_stay(
    admin_url: str, settings: Settings, sweeper_db: Database, past_months: dict[int, date]
) -> None:
    # Given a 20-day retention; four months ago, runs that all finished long ago; three months
    # ago, one that finished long ago and one still running (an approval nobody answered); two
    # months ago, one that finished long ago and one that finished yesterday; and a run of today
    runner = replace(settings.runner, run_events_retention_days=20)
    seed = Seeder(admin_url)
    gone = [seed.run(past_months[4], finished_days_ago=100), seed.run(past_months[4], finished_days_ago=90)]
    held_by_running = seed.run(past_months[3], finished_days_ago=80)
    running = seed.run(past_months[3], finished_days_ago=None)
    held_by_recent = seed.run(past_months[2], finished_days_ago=50)
    recent = seed.run(past_months[2], finished_days_ago=1)
    today = seed.run(_month(0), finished_days_ago=None)

    # When the sweeper's retention round runs
    dropped, _ = await retain_once(sweeper_db, runner)

    # Then the month of old runs is emptied, while those runs and their steps stay
    assert dropped == [f"run_events_{past_months[4]:%Y_%m}"]
    assert _rows(admin_url, _partition(past_months[4])) == 0
    assert [_events(admin_url, r) for r in gone] == [0, 0]
    assert _run_and_step(admin_url, gone[0]) == ("succeeded", "the text")
    # And the months holding a running or a recently finished run stay: their old runs are compacted
    # row by row as before (the outcome events stay), their other runs keep every event
    assert _exists(admin_url, _partition(past_months[3]))
    assert _exists(admin_url, _partition(past_months[2]))
    assert [_events(admin_url, r) for r in (held_by_running, held_by_recent)] == [2, 2]
    assert [_events(admin_url, r) for r in (running, recent, today)] == [3, 3, 3]

    # When the running run finishes (long enough ago) and the sweeper comes round again
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "update runs set status = 'failed', finished_at = now() - interval '25 days' where id = %s",
            (running,),
        )
    dropped, _ = await retain_once(sweeper_db, runner)

    # Then its month goes too (the month emptied before is not named again); the month with
    # yesterday's run, and this month, stay
    assert dropped == [f"run_events_{past_months[3]:%Y_%m}"]
    assert [_events(admin_url, r) for r in (held_by_running, running)] == [0, 0]
    assert [_events(admin_url, r) for r in (held_by_recent, recent, today)] == [2, 3, 3]
    assert _exists(admin_url, _partition(_month(0)))


async def test_without_a_retention_no_month_is_dropped_and_the_months_ahead_are_made(
    admin_url: str, settings: Settings, sweeper_db: Database, past_months: dict[int, date]
) -> None:
    # Given no retention, a run that finished a year ago, and the next month's partition missing
    seed = Seeder(admin_url)
    old = seed.run(past_months[4], finished_days_ago=365)
    next_month = _partition(_month(1))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"drop table {next_month}")  # type: ignore[arg-type]

    # When the sweeper's retention round runs
    dropped, compacted = await retain_once(
        sweeper_db, replace(settings.runner, run_events_retention_days=None)
    )

    # Then nothing is dropped or compacted, and this month and the next ones have their partitions again
    assert (dropped, compacted) == ([], 0)
    assert _events(admin_url, old) == 3
    assert all(_exists(admin_url, _partition(_month(n))) for n in range(MONTHS_AHEAD + 1))


def test_the_sweeper_cannot_empty_recent_months_nor_read_a_partition(role_urls: dict[str, str]) -> None:
    # Given the sweeper's login
    with psycopg.connect(role_urls["orrery_sweeper"], autocommit=True) as conn:
        # When it asks to empty the months whose runs finished an hour ago
        # Then the database refuses: retention is for old history only
        with pytest.raises(psycopg.errors.RaiseException):
            conn.execute("select orrery_private.empty_old_run_event_partitions(interval '1 hour')")
        # And it cannot read events through a partition either
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"select count(*) from {_partition(_month(0))}")  # type: ignore[arg-type]


def test_a_run_retried_while_its_month_is_being_emptied_keeps_its_new_events(
    admin_url: str, role_urls: dict[str, str], past_months: dict[int, date]
) -> None:
    # Given a month whose only run finished long ago, and a user retrying that run right now:
    # the run is queued again and its first new event written, not yet committed
    seed = Seeder(admin_url)
    retried = seed.run(past_months[4], finished_days_ago=100)
    retry = psycopg.connect(admin_url)
    retry.execute("update runs set status = 'queued', finished_at = null where id = %s", (retried,))
    retry.execute("insert into run_events (run_id, type) values (%s, 'run.queued')", (retried,))
    outcome: dict[str, object] = {}

    def drop() -> None:
        with psycopg.connect(role_urls["orrery_sweeper"], autocommit=True) as conn:
            outcome["pid"] = conn.info.backend_pid
            row = conn.execute(
                "select orrery_private.empty_old_run_event_partitions(interval '20 days')"
            ).fetchone()
            outcome["dropped"] = row[0] if row else None

    # When the sweeper's retention runs meanwhile, and the retry commits while it waits (or after
    # it gave up waiting for the month's partition: that month waits for the next round)
    sweeper = threading.Thread(target=drop)
    sweeper.start()
    with psycopg.connect(admin_url, autocommit=True) as watch:
        while sweeper.is_alive():
            waiting = watch.execute(
                "select count(*) from pg_stat_activity where pid = %s and wait_event_type = 'Lock'",
                (outcome.get("pid", 0),),
            ).fetchone()
            if waiting and waiting[0]:
                break
            time.sleep(0.01)
    retry.commit()
    retry.close()
    sweeper.join()

    # Then its month stays (emptier ones may go), with the run's old events and its new one
    assert isinstance(outcome["dropped"], list)
    assert f"run_events_{past_months[4]:%Y_%m}" not in outcome["dropped"]
    assert _exists(admin_url, _partition(past_months[4]))
    assert _events(admin_url, retried) == 4


async def test_emptying_an_old_month_does_not_wait_for_the_runs_being_written(
    admin_url: str, settings: Settings, sweeper_db: Database, past_months: dict[int, date]
) -> None:
    # Given a month whose runs all finished long ago, and a worker renewing today's run's lease:
    # the run's row updated, the transaction still open
    runner = replace(settings.runner, run_events_retention_days=20)
    seed = Seeder(admin_url)
    old = seed.run(past_months[4], finished_days_ago=100)
    today = seed.run(_month(0), finished_days_ago=None)
    renewing = psycopg.connect(admin_url)
    try:
        renewing.execute("update runs set updated_at = now() where id = %s", (today,))

        # When the sweeper's retention round runs meanwhile
        dropped, _ = await retain_once(sweeper_db, runner)

        # Then the old month is emptied without waiting for it (dropping the partition needed an
        # exclusive lock on runs: it waited for every transaction on runs, and made every new one
        # wait behind it)
        assert dropped == [f"run_events_{past_months[4]:%Y_%m}"]
        assert _events(admin_url, old) == 0
        renewing.commit()
    finally:
        renewing.close()
    assert _events(admin_url, today) == 3


async def test_a_month_made_while_its_events_are_being_written_is_made_next_round(
    admin_url: str, settings: Settings, sweeper_db: Database
) -> None:
    # Given next month's and the month after's partitions missing, a run of next month (its events
    # land in the default partition), and one more of its events being written right now
    nearest, later = _partition(_month(1)), _partition(_month(2))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"drop table {nearest}")  # type: ignore[arg-type]
        conn.execute(f"drop table {later}")  # type: ignore[arg-type]
    seed = Seeder(admin_url)
    ahead = seed.run(_month(1), finished_days_ago=None)
    writing = psycopg.connect(admin_url)
    try:
        writing.execute("insert into run_events (run_id, type) values (%s, 'step.started')", (ahead,))

        # When the sweeper's round comes while that insert is open
        dropped, compacted = await retain_once(
            sweeper_db, replace(settings.runner, run_events_retention_days=None)
        )

        # Then the round ends normally (the partitions wait; nothing failed, nothing half made)
        assert (dropped, compacted) == ([], 0)
        assert not _exists(admin_url, nearest)
        writing.commit()
    finally:
        writing.close()

    # When the next round comes
    await retain_once(sweeper_db, replace(settings.runner, run_events_retention_days=None))

    # Then both months are made, and the run's four events, the last one included, moved into its own
    assert _exists(admin_url, nearest)
    assert _exists(admin_url, later)
    assert _rows(admin_url, nearest) == 4
    assert _events(admin_url, ahead) == 4
