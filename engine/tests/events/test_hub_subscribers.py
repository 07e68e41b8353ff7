"""Fifty people open the same run's page at the same moment: every one of them gets its events
live, not only the last to arrive (the others used to get nothing live and saw the run catch up
only at their 15 s heartbeat)."""

from __future__ import annotations

import asyncio
import uuid

from redis.asyncio import Redis

from orrery.events.hub import RunEventHub
from orrery.events.live import stream_key
from orrery.settings import Settings


async def test_watchers_who_subscribe_together_all_get_the_next_event(settings: Settings) -> None:
    # Given a hub as the engine builds it, and a run that already published an event
    hub = RunEventHub.connect(settings.redis.url, block_ms=1000)
    producer = Redis.from_url(settings.redis.url)
    run_id = str(uuid.uuid4())
    await producer.xadd(stream_key(run_id), {"seq": 1, "type": "run.queued", "data": b"{}"})

    # When fifty watchers subscribe to it at once
    watchers = await asyncio.gather(*(hub.subscribe(run_id) for _ in range(50)))
    assert hub.subscriber_count == 50
    # and the run publishes its next event
    await producer.xadd(stream_key(run_id), {"seq": 2, "type": "step.log", "data": b"{}"})

    # Then every watcher gets it from the hub
    entries = [
        e
        for got in await asyncio.gather(*(asyncio.wait_for(w.entries(), timeout=10) for w in watchers))
        for e in got
    ]
    assert [(e.seq, e.type) for e in entries] == [(2, "step.log")] * 50

    for watcher in watchers:
        hub.unsubscribe(watcher)
    assert hub.subscriber_count == 0
    await hub.close()
    await producer.aclose()


async def test_three_hundred_pages_opened_at_once_on_different_runs_all_go_live(
    settings: Settings,
) -> None:
    # Given three hundred runs that each published an event (a busy morning: many users, many runs)
    hub = RunEventHub.connect(settings.redis.url, block_ms=1000)
    producer = Redis.from_url(settings.redis.url)
    run_ids = [str(uuid.uuid4()) for _ in range(300)]
    for run_id in run_ids:
        await producer.xadd(stream_key(run_id), {"seq": 1, "type": "run.queued", "data": b"{}"})

    # When a page opens on each at the same moment (more at once than one Redis pool's connections)
    watchers = await asyncio.gather(*(hub.subscribe(run_id) for run_id in run_ids))
    # and every run publishes its next event
    for run_id in run_ids:
        await producer.xadd(stream_key(run_id), {"seq": 2, "type": "step.log", "data": b"{}"})

    # Then every page gets that event live, and none is sent the old one again
    entries = [
        e
        for got in await asyncio.gather(*(asyncio.wait_for(w.entries(), timeout=10) for w in watchers))
        for e in got
    ]
    assert [(e.seq, e.type) for e in entries] == [(2, "step.log")] * 300
    assert all(w.ready() == [] for w in watchers)

    for watcher in watchers:
        hub.unsubscribe(watcher)
    await hub.close()
    await producer.aclose()
