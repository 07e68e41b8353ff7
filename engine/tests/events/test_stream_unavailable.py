"""The database is busy or down just as a page's stream begins: the stream ends cleanly, saying
where to resume, and the page's reconnection picks the run up from there. (It used to raise after
the response had started, and the server dropped the connection mid-body: "incomplete chunked
read", seen when 20 pages opened at once on a loaded machine.)"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime

from orrery.events import sse
from orrery.events import types as ev
from orrery.settings import Settings
from orrery.store.database import Database
from tests.events.watch import parse, watched_run


async def test_a_stream_whose_database_is_unavailable_ends_with_where_to_resume(
    settings: Settings, admin_url: str
) -> None:
    # Given an engine whose database pool is a single connection, and a run that has started
    db = Database(dataclasses.replace(settings.database, pool_min=1, pool_max=1, connect_timeout=0.5))
    await db.open()
    try:
        async with watched_run(db, settings.redis.url, admin_url) as run:
            await run.commit(ev.RunStarted(run_id=run.run_id, at=datetime.now(UTC)))

            # When a page opens the run's stream while every connection is taken (a burst of pages)
            items = await run.stream.open(run.claims, run.run_id, 0)
            assert items is not None
            async with db.as_user(run.claims):
                chunks = [chunk async for chunk in items]

            # Then its stream ended cleanly: an EventSource retry hint and where to resume, no event
            assert parse(chunks) == ([], ["the database is unavailable; resume after 0"])
            assert chunks[-1].startswith(sse.RETRY_SOON)
            assert run.hub.subscriber_count == 0

            # And when the page reconnects once a connection is free, it gets the run from the
            # start to its end
            again = await run.stream.open(run.claims, run.run_id, 0)
            assert again is not None
            first = await asyncio.wait_for(anext(again), timeout=10)
            await run.commit(ev.RunSucceeded(run_id=run.run_id, at=datetime.now(UTC)))
            rest = [chunk async for chunk in again]
            assert parse([first, *rest])[0] == [1, 2]
    finally:
        await db.close()
