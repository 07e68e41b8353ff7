"""Wait for a run to end, for a caller that wants its outputs in the same answer.

`POST /workflows/{id}/runs?wait=true` (and a webhook answering with the run's
outputs) holds the request open until the run ends or a deadline passes. The
run's live events say when: the hub is subscribed to before the run's row is
read, so a terminal event committed in between is not missed. Postgres stays
the truth: the row is read again after a terminal event, and every
`recheck_s` seconds anyway, so a wait ends on time even when Redis is down.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import Any

from orrery.events.hub import RunEventHub
from orrery.events.subscription import OVERFLOW, Subscription
from orrery.events.types import TERMINAL_RUN_EVENTS
from orrery.runs.errors import RunNotFound
from orrery.runs.models import RunRead, run_from_row
from orrery.store import runs
from orrery.store.database import Database

TERMINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})
RECHECK_S = 2.0
"""Read the run's row at least this often while waiting (Redis may be down or trimmed)."""


async def wait_for_end(
    db: Database,
    hub: RunEventHub,
    claims: Mapping[str, Any],
    run_id: str,
    timeout_s: float,
    *,
    recheck_s: float = RECHECK_S,
) -> RunRead | None:
    """The run (with its outputs or error) once it has ended, or None if it has not within
    `timeout_s` seconds. Read as the user of `claims` (RLS); `RunNotFound` if it is not theirs."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(timeout_s, 0.0)
    subscription = await hub.subscribe(run_id)
    try:
        while True:
            run = await _read(db, claims, run_id)
            if run.status in TERMINAL_STATUSES:
                return run
            left = deadline - loop.time()
            if left <= 0:
                return None
            await _until_terminal_event(subscription, min(left, recheck_s))
    finally:
        hub.unsubscribe(subscription)


async def _read(db: Database, claims: Mapping[str, Any], run_id: str) -> RunRead:
    async with db.as_user(claims) as conn:
        row = await runs.fetch_run(conn, run_id)
    if row is None:
        raise RunNotFound(f"run {run_id} not found")
    return run_from_row(row)


async def _until_terminal_event(subscription: Subscription, timeout_s: float) -> None:
    """Return when a terminal event (or an overflow: look at the row) arrives, or after `timeout_s`."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(timeout_s):
            while True:
                for entry in await subscription.entries():
                    if entry is OVERFLOW or entry.type in TERMINAL_RUN_EVENTS:
                        return
