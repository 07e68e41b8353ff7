"""A run goes quiet (a long model call, an approval waiting): its watcher's stream sends a
heartbeat comment whenever nothing was sent for the heartbeat interval, so proxies keep the
connection open, and the next event still arrives live (events/stream.py, events/subscription.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from orrery.events import sse
from orrery.events import types as ev
from orrery.settings import Settings
from orrery.store.database import Database
from tests.events.watch import parse, watched_run

HEARTBEAT_S = 0.4


async def test_a_quiet_run_gets_heartbeats_and_then_its_next_event(
    db: Database, settings: Settings, admin_url: str
) -> None:
    # Given someone watching a run that has started
    async with watched_run(db, settings.redis.url, admin_url, heartbeat_s=HEARTBEAT_S) as run:
        at = datetime.now(UTC)
        await run.commit(ev.RunStarted(run_id=run.run_id, at=at))
        items = await run.stream.open(run.claims, run.run_id, 0)
        assert items is not None
        assert parse([await anext(items)])[0] == [1]

        # When nothing happens for longer than two heartbeat intervals
        quiet = [await asyncio.wait_for(anext(items), timeout=10) for _ in range(2)]

        # Then the stream sent a heartbeat for each
        assert quiet == [sse.HEARTBEAT, sse.HEARTBEAT]

        # And when the run goes on, its events arrive (heartbeats may come between), and the
        # stream ends with the run
        await run.commit(ev.StepLog(run_id=run.run_id, at=at, node_id="n", message="back"))
        await run.commit(ev.RunSucceeded(run_id=run.run_id, at=at))
        rest = [chunk async for chunk in items]
        assert parse(rest)[0] == [2, 3]
        assert all(chunk == sse.HEARTBEAT or b"id: " in chunk for chunk in rest)
        assert run.hub.subscriber_count == 0
