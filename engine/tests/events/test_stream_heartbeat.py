"""A run goes quiet (a long model call, an approval waiting): its watcher's stream sends a
heartbeat comment whenever nothing was sent for the heartbeat interval, so proxies keep the
connection open, and the next event still arrives live (events/stream.py, events/subscription.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from redis.asyncio import Redis

from orrery.events import durable, sse
from orrery.events import types as ev
from orrery.events.hub import RunEventHub
from orrery.events.live import LivePublisher
from orrery.events.stream import RunEventStream
from orrery.settings import Settings
from orrery.store.database import Database
from tests.events.watch import parse, running_run

HEARTBEAT_S = 0.4


async def test_a_quiet_run_gets_heartbeats_and_then_its_next_event(
    db: Database, settings: Settings, admin_url: str
) -> None:
    # Given someone watching a run that has started
    user, run_id = running_run(admin_url)
    claims = {"sub": user, "role": "authenticated", "aud": "authenticated"}
    redis = Redis.from_url(settings.redis.url)
    hub = RunEventHub(redis, block_ms=200)
    stream = RunEventStream(db, hub, heartbeat_s=HEARTBEAT_S)
    publisher = LivePublisher(redis)

    async def commit(event: ev.RunEvent) -> None:
        async with db.as_user(claims) as conn:
            stored = await durable.append(conn, run_id, [event])
        await publisher.publish(run_id, stored)

    await commit(ev.RunStarted(run_id=run_id, at=datetime.now(UTC)))
    items = await stream.open(claims, run_id, 0)
    assert items is not None
    assert parse([await anext(items)])[0] == [1]

    # When nothing happens for longer than two heartbeat intervals
    quiet = [await asyncio.wait_for(anext(items), timeout=10) for _ in range(2)]

    # Then the stream sent a heartbeat for each
    assert quiet == [sse.HEARTBEAT, sse.HEARTBEAT]

    # And when the run goes on, its events arrive (heartbeats may come between), and the stream
    # ends with the run
    await commit(ev.StepLog(run_id=run_id, at=datetime.now(UTC), node_id="n", message="back"))
    await commit(ev.RunSucceeded(run_id=run_id, at=datetime.now(UTC)))
    rest = [chunk async for chunk in items]
    assert parse(rest)[0] == [2, 3]
    assert all(chunk == sse.HEARTBEAT or b"id: " in chunk for chunk in rest)
    assert hub.subscriber_count == 0
    await hub.close()
    await redis.aclose()
