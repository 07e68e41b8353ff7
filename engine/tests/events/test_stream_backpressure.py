"""Two people watch a run live; one of them stops reading. The other still gets every event,
in order, and the one who stopped is cut off at an event it can resume after (events/stream.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from orrery.events import types as ev
from orrery.settings import Settings
from orrery.store.database import Database
from tests.events.watch import parse, watched_run

EVENTS = 200
QUEUE = 16
"""Live entries a watcher may leave unread before it is cut off (small, so the test is short)."""


async def test_a_watcher_that_stops_reading_is_cut_off_and_the_other_gets_everything(
    db: Database, settings: Settings, admin_url: str
) -> None:
    # Given a running run, and two people watching it live through the same engine process
    async with watched_run(db, settings.redis.url, admin_url, queue_size=QUEUE) as run:
        claims, run_id, stream, hub, commit = run.claims, run.run_id, run.stream, run.hub, run.commit
        await commit(ev.RunStarted(run_id=run_id, at=datetime.now(UTC)))
        reader = await stream.open(claims, run_id, 0)
        stalled = await stream.open(claims, run_id, 0)
        assert reader is not None
        assert stalled is not None
        read: list[bytes] = [await anext(reader)]
        stalled_got: list[bytes] = [await anext(stalled)]  # it read the start, then stopped reading

        async def read_all(items: AsyncIterator[bytes]) -> None:
            async for chunk in items:
                read.append(chunk)

        reading = asyncio.create_task(read_all(reader))

        # When the run goes on to produce many events while the second watcher reads nothing
        for i in range(EVENTS):
            await commit(ev.StepLog(run_id=run_id, at=datetime.now(UTC), node_id="n", message=f"line {i}"))
            if i % 8 == 0:
                await asyncio.sleep(0)  # let the hub and the reading watcher keep up, as a live run does
        await commit(ev.RunSucceeded(run_id=run_id, at=datetime.now(UTC)))
        await asyncio.wait_for(reading, timeout=30)

        # Then the reading watcher got every event, each once and in order, and its stream ended
        ids, _ = parse(read)
        assert ids == list(range(1, EVENTS + 3))

        # And the stalled one, when it reads again, finds its stream cut off after the events it
        # was sent, with the id to resume after, and was not fed anything more meanwhile
        async for chunk in stalled:
            stalled_got.append(chunk)
        stalled_ids, comments = parse(stalled_got)
        assert stalled_ids == list(range(1, len(stalled_ids) + 1))
        assert stalled_ids[-1] < EVENTS + 2
        assert comments[-1] == f"cut off: this client fell behind; resume after {stalled_ids[-1]}"
        assert hub.subscriber_count == 0

        # And resuming after that id replays the rest from the durable log, exactly once
        resumed = await stream.open(claims, run_id, stalled_ids[-1])
        assert resumed is not None
        rest_ids, _ = parse([chunk async for chunk in resumed])
        assert stalled_ids + rest_ids == list(range(1, EVENTS + 3))
