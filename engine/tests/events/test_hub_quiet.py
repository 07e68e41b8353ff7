"""Someone watches a run that goes quiet (an approval, a long model call) for longer than one
blocking read: the hub keeps its connection, logs nothing, and the next event arrives at once."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
from redis.asyncio import Redis

from orrery.events.hub import RunEventHub
from orrery.events.live import stream_key
from orrery.settings import Settings

BLOCK_MS = 5200
"""One XREAD block just past redis-py's default socket timeout (5 s)."""


async def test_a_run_quiet_for_longer_than_one_read_keeps_its_live_connection(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a hub as the engine builds it, and one watcher of a run
    hub = RunEventHub.connect(settings.redis.url, block_ms=BLOCK_MS)
    run_id = str(uuid.uuid4())
    watcher = await hub.subscribe(run_id)
    caplog.set_level(logging.WARNING, logger="orrery.events.hub")

    # When nothing happens for longer than one whole blocking read
    await asyncio.sleep(BLOCK_MS / 1000 + 1.0)

    # Then the hub never lost its connection (a cut read logs "live events unavailable")
    assert [r.getMessage() for r in caplog.records] == []

    # And the next event reaches the watcher at once, not after a reconnect
    producer = Redis.from_url(settings.redis.url)
    await producer.xadd(stream_key(run_id), {"seq": 1, "type": "step.log", "data": b"{}"})
    [entry] = await asyncio.wait_for(watcher.entries(), timeout=30)  # patience, not a measure
    assert (entry.seq, entry.type) == (1, "step.log")
    assert [r.getMessage() for r in caplog.records] == []  # it came on the same connection
    hub.unsubscribe(watcher)
    await hub.close()
    await producer.aclose()
