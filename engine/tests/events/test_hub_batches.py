"""A busy run watched by many: the hub hands each watcher what it read as one batch, in one
wake-up, and a watcher's stream sends the events of a coalescing window in one write
(events/subscription.py, events/hub.py, events/stream.py)."""

from __future__ import annotations

import asyncio
import uuid

from redis.asyncio import Redis

from orrery.events.hub import RunEventHub
from orrery.events.live import stream_key
from orrery.events.stream import _Follower
from orrery.events.subscription import CUT, LiveBatch, LiveEntry, Subscription
from orrery.settings import Settings

WINDOW_S = 0.3
"""The test hub's coalescing window: long, so what is published meanwhile is surely one batch."""


def _entry(seq: int | None, type: str = "step.log") -> LiveEntry:
    data = b'{"n":%d}' % (seq or 0)
    head = b"" if seq is None else b"id: %d\n" % seq
    return LiveEntry(seq, type, data, head + b"event: " + type.encode() + b"\ndata: " + data + b"\n\n")


async def _publish(producer: Redis, run_id: str, seqs: range) -> None:
    for seq in seqs:
        fields = {"seq": seq, "type": "step.log", "data": b"{}"}
        await producer.xadd(stream_key(run_id), fields, id=f"{seq}-0")  # type: ignore[arg-type]


async def test_events_published_within_the_window_reach_a_watcher_in_one_wake_up_in_order(
    settings: Settings,
) -> None:
    # Given a hub that waits a window after each fan-out, and one watcher of a busy run
    hub = RunEventHub.connect(
        settings.redis.url, block_ms=1000, coalesce_per_subscriber_s=WINDOW_S, max_coalesce_s=WINDOW_S
    )
    producer = Redis.from_url(settings.redis.url)
    run_id = str(uuid.uuid4())
    watcher = await hub.subscribe(run_id)
    await _publish(producer, run_id, range(1, 2))
    [first] = await asyncio.wait_for(watcher.next(), timeout=10)

    # When twenty more events are published one by one while the hub's window is open
    await _publish(producer, run_id, range(2, 22))

    # Then the watcher is woken once for all twenty, in one batch, in order, framed once
    batches = await asyncio.wait_for(watcher.next(), timeout=10)
    assert [first.first, first.last] == [1, 1]
    assert len(batches) == 1
    [batch] = batches
    assert [e.seq for e in batch.entries] == list(range(2, 22))
    assert (batch.first, batch.last, batch.in_order, batch.terminal) == (2, 21, True, False)
    assert batch.frames == b"".join(e.frame for e in batch.entries)
    assert hub.batches == 2

    hub.unsubscribe(watcher)
    await hub.close()
    await producer.aclose()


async def test_a_watcher_who_stops_reading_among_500_is_cut_and_the_others_lose_nothing(
    settings: Settings,
) -> None:
    # Given 500 watchers of a run who read as fast as events come, and one who stopped reading
    hub = RunEventHub.connect(settings.redis.url, block_ms=1000)
    producer = Redis.from_url(settings.redis.url)
    run_id = str(uuid.uuid4())
    readers = [await hub.subscribe(run_id, drop_when_full=True) for _ in range(500)]
    stalled = await hub.subscribe(run_id, drop_when_full=True, queue_size=16)
    got: list[list[int]] = [[] for _ in readers]

    async def read(watcher: Subscription, seqs: list[int]) -> None:
        while len(seqs) < 200:
            seqs.extend(e.seq for e in await watcher.entries() if e.seq is not None)

    reading = [asyncio.create_task(read(w, seqs)) for w, seqs in zip(readers, got, strict=True)]

    # When the run publishes 200 events, in bursts as a busy run does
    for start in range(1, 201, 10):
        await _publish(producer, run_id, range(start, start + 10))
        await asyncio.sleep(0.01)
    await asyncio.wait_for(asyncio.gather(*reading), timeout=60)

    # Then every reading watcher got all 200, each once and in order
    assert all(seqs == list(range(1, 201)) for seqs in got)
    # And the one who stopped reading was cut off (it is told so, and nothing more is kept for it)
    assert [e for b in stalled.ready() for e in b.entries] == [CUT]
    assert stalled.cut
    assert hub.subscriber_count == 500

    for watcher in readers:
        hub.unsubscribe(watcher)
    await hub.close()
    await producer.aclose()


async def test_a_batch_that_overlaps_what_was_sent_sends_only_what_is_new() -> None:
    # Given a watcher that was sent events up to 5 (its backfill went further than Redis had)
    follower = _Follower(stream=None, claims={}, run_id="r", last=5)  # type: ignore[arg-type]

    # When a live batch with events 4 to 8 and a token delta arrives
    entries = [_entry(4), _entry(5), _entry(None, "step.delta"), _entry(6), _entry(7), _entry(8)]
    chunk, ended = await follower.frames([LiveBatch.of(entries)])

    # Then it is sent the delta and 6, 7 and 8, once each, in order
    assert chunk == b"".join(e.frame for e in entries[2:])
    assert (follower.last, ended) == (8, False)

    # And a batch that follows on from 8, ending with the run's end, goes out as the hub joined it
    tail = LiveBatch.of([_entry(9), _entry(10, "run.succeeded")])
    assert tail.in_order
    assert await follower.frames([tail]) == (tail.frames, True)
    assert follower.last == 10
