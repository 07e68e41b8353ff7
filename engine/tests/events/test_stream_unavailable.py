"""The database is busy or down just as a page's stream begins: the stream ends cleanly, saying
where to resume, and the page's reconnection picks the run up from there. (It used to raise after
the response had started, and the server dropped the connection mid-body: "incomplete chunked
read", seen when 20 pages opened at once on a loaded machine.)"""

from __future__ import annotations

import asyncio
import dataclasses
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


async def test_a_stream_whose_database_is_unavailable_ends_with_where_to_resume(
    settings: Settings, admin_url: str
) -> None:
    # Given an engine whose database pool is a single connection, and a run that has started
    user, run_id = running_run(admin_url)
    claims = {"sub": user, "role": "authenticated", "aud": "authenticated"}
    db = Database(dataclasses.replace(settings.database, pool_min=1, pool_max=1, connect_timeout=0.5))
    await db.open()
    redis = Redis.from_url(settings.redis.url)
    hub = RunEventHub(redis, block_ms=200)
    stream = RunEventStream(db, hub)
    publisher = LivePublisher(redis)

    async def commit(event: ev.RunEvent) -> None:
        async with db.as_user(claims) as conn:
            stored = await durable.append(conn, run_id, [event])
        await publisher.publish(run_id, stored)

    try:
        await commit(ev.RunStarted(run_id=run_id, at=datetime.now(UTC)))

        # When a page opens the run's stream while every connection is taken (a burst of pages)
        items = await stream.open(claims, run_id, 0)
        assert items is not None
        async with db.as_user(claims):
            chunks = [chunk async for chunk in items]

        # Then its stream ended cleanly: an EventSource retry hint and where to resume, no event
        assert parse(chunks) == ([], ["the database is unavailable; resume after 0"])
        assert chunks[-1].startswith(sse.RETRY_SOON)
        assert hub.subscriber_count == 0

        # And when the page reconnects once a connection is free, it gets the run from the start
        # to its end
        again = await stream.open(claims, run_id, 0)
        assert again is not None
        first = await asyncio.wait_for(anext(again), timeout=10)
        await commit(ev.RunSucceeded(run_id=run_id, at=datetime.now(UTC)))
        rest = [chunk async for chunk in again]
        assert parse([first, *rest])[0] == [1, 2]
    finally:
        await hub.close()
        await redis.aclose()
        await db.close()
