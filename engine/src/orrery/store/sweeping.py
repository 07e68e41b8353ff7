"""Cross-user background work, found on the sweeper's own login (`orrery_sweeper`): one
worker at a time per kind of work (a transaction-scoped advisory lock), and a loop that
outlives a database or a queue that is down for a while."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from orrery.store.database import Database

log = logging.getLogger(__name__)


async def claim_rows(db: Database, lock: int, sql: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows `sql` returns (it touches what it finds, so the next round does not find it
    again at once), or none while another worker holds `lock`. `db` is the sweeper's."""
    async with db.as_login_role() as conn:
        cur = await conn.execute("select pg_try_advisory_xact_lock(%s) as locked", (lock,))
        locked = await cur.fetchone()
        if not locked or not locked["locked"]:
            return []
        cur = await conn.execute(sql, params)
        return list(await cur.fetchall())


async def every(interval_s: float, what: str, work: Callable[[], Awaitable[object]]) -> None:
    """Run `work` every `interval_s` until cancelled; a failure (Postgres or Redis down) is
    logged and the next round tries again."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            await work()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("%s failed: %s", what, exc)
