"""Retention of old runs' history: the sweeper compacts the events and step details of runs
that finished more than `ORRERY_RUN_EVENTS_RETENTION_DAYS` ago, in bounded batches.

`run_events` grows by several rows per step of every run, forever, and is the first table to
weigh on Postgres at scale. What a compacted run keeps and loses is decided in one place, the
SQL function `orrery_private.compact_run_history` (supabase/migrations/
20261209300000_run_history_retention.sql): the run row, its steps' outputs, errors, usage and
timings, and the events stating outcomes stay; the events in between and the steps' recorded
inputs and transcripts go. Finished runs only. The sweeper's role sees no finished run, so it
is given that function, not grants on the tables.

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
