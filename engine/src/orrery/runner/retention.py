"""Retention of old runs' history: the sweeper drops whole months of `run_events` whose runs all
finished more than `ORRERY_RUN_EVENTS_RETENTION_DAYS` ago, and compacts the events and step
details of the other runs that finished that long ago, in bounded batches.

`run_events` grows by several rows per step of every run, forever, and is the first table to
weigh on Postgres at scale. What a compacted run keeps and loses is decided in one place, the
SQL function `orrery_private.compact_run_history` (supabase/migrations/
20261209300000_run_history_retention.sql): the run row, its steps' outputs, errors, usage and
timings, and the events stating outcomes stay; the events in between and the steps' recorded
inputs and transcripts go. Finished runs only. The sweeper's role sees no finished run, so it
is given that function, not grants on the tables.

`run_events` is partitioned by month of run start (supabase/migrations/
20261214500000_run_events_partitions.sql): each round first makes sure the partitions of this
month and the next `MONTHS_AHEAD` exist (with or without a retention: an insert for a month
without its partition lands in the default partition, which works but must be moved out later),
then drops the months that have wholly aged out: a drop is one catalog change where compaction
deletes row by row. A month holding an unfinished or recently finished run stays whole; its old
runs are compacted as before. Both are SQL functions the sweeper may call, as compaction is.

A round compacts at most `max_batches` batches of `retention_batch` runs (a transaction each),
so a backlog (retention switched on over years of runs) drains over several rounds instead of
holding locks for long.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from orrery.settings import RunnerSettings
from orrery.store.database import Database

log = logging.getLogger(__name__)

MAX_BATCHES = 5
"""Batches per sweep round."""
MONTHS_AHEAD = 2
"""Months of `run_events` partitions made ahead of time."""


async def retain_once(db: Database, settings: RunnerSettings) -> tuple[list[str], int]:
    """One retention round: partitions made ahead, old months dropped, old runs compacted.
    Returns the partitions dropped and how many runs were compacted. `db` is the sweeper's."""
    await prepare_partitions(db)
    dropped = await drop_old_partitions(db, settings)
    return dropped, await compact_once(db, settings)


async def prepare_partitions(db: Database, months_ahead: int = MONTHS_AHEAD) -> int:
    """Make `run_events`' partitions for this month and the next `months_ahead`; how many were new."""
    async with db.as_login_role() as conn:
        cur = await conn.execute(
            "select orrery_private.prepare_run_event_partitions(%s) as made", (months_ahead,)
        )
        row = await cur.fetchone()
    made = int(row["made"]) if row else 0
    if made:
        log.info("retention: made %d run_events partition(s) ahead of time", made)
    return made


async def drop_old_partitions(db: Database, settings: RunnerSettings) -> list[str]:
    """Drop the months of `run_events` whose runs all finished over the retention ago; their names."""
    days = settings.run_events_retention_days
    if days is None:
        return []
    async with db.as_login_role() as conn:
        cur = await conn.execute(
            "select orrery_private.drop_old_run_event_partitions(%s) as dropped", (timedelta(days=days),)
        )
        row = await cur.fetchone()
    dropped = list(row["dropped"]) if row and row["dropped"] else []
    if dropped:
        log.info(
            "retention: dropped %s (every run in them finished over %g days ago)", ", ".join(dropped), days
        )
    return dropped


async def compact_once(db: Database, settings: RunnerSettings, max_batches: int = MAX_BATCHES) -> int:
    """Compact old finished runs' history; returns how many runs. `db` is the sweeper's own."""
    days = settings.run_events_retention_days
    if days is None:
        return 0
    total = 0
    for _ in range(max_batches):
        async with db.as_login_role() as conn:
            cur = await conn.execute(
                "select orrery_private.compact_run_history(%s, %s) as compacted",
                (timedelta(days=days), settings.retention_batch),
            )
            row = await cur.fetchone()
        compacted = int(row["compacted"]) if row else 0
        total += compacted
        if compacted < settings.retention_batch:
            break
    if total:
        log.info("retention: compacted the history of %d run(s) finished over %g days ago", total, days)
    return total
