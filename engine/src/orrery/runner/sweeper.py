"""Finds runs nobody is executing and hands them to a worker again.

A run can be left behind by a lost message (Redis restarted before a worker
took it), a worker killed mid-run (its lease lapses), or an approval whose
deadline passed while nobody looked. Every worker process sweeps
periodically; an advisory lock lets one sweep at a time.

Sweeping is the one thing done across users, so it has a connection and a
login role of its own, `orrery_sweeper` (`SWEEPER_DATABASE_URL`), held by
workers only. That role reads just the run columns below, sees only
unfinished runs and waiting steps (RLS), and may update nothing but
`runs.updated_at`: a leak of it reveals which runs are pending, never their
content (supabase/migrations/20261206300000_least_privilege_roles.sql).
"""

from __future__ import annotations

import asyncio
import logging

from orrery.queue.dispatcher import RunDispatcher
from orrery.runner.retention import retain_once
from orrery.settings import RunnerSettings
from orrery.store.database import Database
from orrery.store.sweeping import claim_rows, every

log = logging.getLogger(__name__)

_SWEEP_LOCK = 0x5357_4545_50  # "SWEEP"
RETENTION_EVERY_S = 60.0
"""How often a worker makes `run_events` partitions ahead and, when a retention is set, empties
and compacts old runs' history (runner/retention.py)."""

_FIND_ABANDONED = """
with abandoned as (
  select r.id, r.owner_id, r.interactive, (r.status = 'queued' and r.lease_expires_at is null) as unheld
    from public.runs r
   where r.status in ('queued', 'running')
     and (r.lease_expires_at is null or r.lease_expires_at < now())
     and r.updated_at < now() - make_interval(secs => %(stale)s)
  union
  select r.id, r.owner_id, r.interactive, false from public.runs r
    join public.run_steps s on s.run_id = r.id
   where r.status = 'waiting' and s.status = 'waiting' and s.superseded_at is null
     and s.waiting_until < now()
     and (r.lease_expires_at is null or r.lease_expires_at < now())
     and r.updated_at < now() - make_interval(secs => 1)
  limit 200
)
update public.runs r set updated_at = now()
  from abandoned a where r.id = a.id
returning r.id, r.owner_id,
  a.unheld and %(busy_at)s > 0 and (
    select count(*) from public.runs o
     where o.owner_id = a.owner_id and o.status in ('queued', 'running') and o.id < a.id
       and o.interactive = a.interactive
  ) >= %(busy_at)s as busy
"""


async def sweep_once(db: Database, dispatcher: RunDispatcher, settings: RunnerSettings) -> int:
    """Re-enqueue abandoned runs; returns how many. `db` is the sweeper's own connection.

    A queued run nobody holds (new, or queued again), whose owner has `busy_owner_runs` runs
    of its kind (batch, or interactive: runs.service) queued or running from before it (ids
    are time-ordered), goes back to the busy lane, as its
    start sent it: a user's backlog waiting longer than `stale_after_s` would otherwise be re-sent
    into the runs queue, onto the threads every worker keeps for other users. A run a lost worker
    left, or one whose approval deadline passed, goes to the runs queue: it was started already."""
    rows = await claim_rows(
        db,
        _SWEEP_LOCK,
        _FIND_ABANDONED,
        {"stale": settings.stale_after_s, "busy_at": settings.busy_owner_runs},
    )
    for row in rows:
        await dispatcher.execute(str(row["id"]), str(row["owner_id"]), busy=bool(row["busy"]))
    if rows:
        log.info("sweeper re-enqueued %d run(s)", len(rows))
    return len(rows)


async def sweep_forever(db: Database, dispatcher: RunDispatcher, settings: RunnerSettings) -> None:
    """Re-enqueue abandoned runs every `sweep_interval_s`, and every `RETENTION_EVERY_S` keep
    `run_events`' partitions ahead and retire old runs' history (runner/retention.py), each
    round on its own."""
    await asyncio.gather(
        every(settings.sweep_interval_s, "sweep", lambda: sweep_once(db, dispatcher, settings)),
        every(RETENTION_EVERY_S, "retention", lambda: retain_once(db, settings)),
    )
