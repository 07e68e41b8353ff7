"""Retention of old runs' history: the sweeper empties whole months of `run_events` whose runs all
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
then empties the months that have wholly aged out: a truncate of the month's partition, where
compaction deletes row by row (the partition stays attached, empty: dropping it would lock `runs`,
supabase/migrations/20261215300000_run_events_retention_locks.sql). A month holding an unfinished
or recently finished run stays whole; its old runs are compacted as before. Both are SQL functions
the sweeper may call, as compaction is. The three parts of a round are independent: one that fails
(a lock not granted in time, the database restarting) is logged and the others still run.

A round compacts at most `max_batches` batches of `retention_batch` runs (a transaction each),
so a backlog (retention switched on over years of runs) drains over several rounds instead of
holding locks for long.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from datetime import timedelta
from typing import TypeVar

import psycopg

from orrery.settings import RunnerSettings
from orrery.store.database import Database

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_BATCHES = 5
"""Batches per sweep round."""
MONTHS_AHEAD = 2
"""Months of `run_events` partitions made ahead of time."""


async def retain_once(db: Database, settings: RunnerSettings) -> tuple[list[str], int]:
    """One retention round: partitions made ahead, old months emptied, old runs compacted.
    Returns the partitions emptied and how many runs were compacted. `db` is the sweeper's."""
    await _logged(prepare_partitions(db), "making run_events partitions ahead", 0)
    emptied = await _logged(empty_old_partitions(db, settings), "emptying old run_events months", [])
    return emptied, await _logged(compact_once(db, settings), "compacting old runs", 0)


async def _logged(part: Awaitable[T], what: str, otherwise: T) -> T:
    """`part`'s result, or `otherwise` when it failed (logged): a round's parts do not depend on
    one another, and the next round tries again."""
    try:
        return await part
    except psycopg.Error as exc:
        log.warning("retention: %s failed, tried again next round: %s", what, exc)
        return otherwise


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


async def empty_old_partitions(db: Database, settings: RunnerSettings) -> list[str]:
    """Empty the months of `run_events` whose runs all finished over the retention ago; the names
    of those emptied now (one already empty is not named again)."""
    days = settings.run_events_retention_days
    if days is None:
        return []
    async with db.as_login_role() as conn:
        cur = await conn.execute(
            "select orrery_private.empty_old_run_event_partitions(%s) as emptied", (timedelta(days=days),)
        )
        row = await cur.fetchone()
    emptied = list(row["emptied"]) if row and row["emptied"] else []
    if emptied:
        log.info(
            "retention: emptied %s (every run in them finished over %g days ago)", ", ".join(emptied), days
        )
    return emptied


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
