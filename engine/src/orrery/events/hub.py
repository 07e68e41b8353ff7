"""Live run events for an engine process: one Redis read loop, however many subscribers.

`subscribe(run_id)` registers a subscriber and pins the stream position at that
moment, before the caller reads its backfill from Postgres, so nothing
committed in between is missed. The loop XREADs every subscribed run's stream
from its own cursor (never `$`) and fans each run's entries out as one batch
(`events/subscription.py`): framed for SSE and joined once, here, and the same
batch offered to every subscriber, one wake-up each.

With many subscribers the loop reads at most once per coalescing window
(`coalesce_s`, proportional to the subscribers, capped at `max_coalesce_s`): the
events of a window share one wake-up and one socket write per subscriber. The
window costs a few milliseconds of latency where fanning out one event at a time
would cost the subscribers' whole CPU (and a p99 of a second at 500 of them).

A subscriber that stops reading never slows the others: an SSE client
(`drop_when_full`) is cut off (`CUT`): it gets nothing more, and its stream ends at
the last event it was sent, which is where it resumes from the durable log when it
reconnects with `Last-Event-ID`. Any other subscriber is told to resynchronise
from Postgres (`OVERFLOW`) instead of growing without bound.

However many pages open at once, the hub asks Redis for a run's position once (the
watchers of one run share that answer), sends at most one wake-up poke at a time, and
its client waits for a free connection rather than failing: with the default pool, the
101st concurrent subscribe was refused a connection, fell back to the stream's start and
re-sent the run's old events (token deltas included) to its page.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from typing import Any

from redis.asyncio import BlockingConnectionPool, Redis
from redis.exceptions import RedisError

from orrery.events.live import stream_key
from orrery.events.subscription import QUEUE_SIZE, LiveBatch, Subscription

log = logging.getLogger(__name__)

READ_TIMEOUT_MARGIN_S = 5.0
"""How much longer than one XREAD block a read may take before the connection is deemed dead."""
MAX_CONNECTIONS = 32
"""The hub client's connections: the read loop holds one; subscribes wait for the others."""
CONNECTION_WAIT_S = 5.0
"""How long a subscribe waits for a free connection before it counts Redis as unavailable."""
COALESCE_PER_SUBSCRIBER_S = 40e-6
"""Coalescing window per subscriber: about twice what fanning one batch out to one subscriber
costs (a wake-up and a socket write, ~10-20 us), so fan-outs take at most about a third of
the process's time however many subscribers there are."""
MAX_COALESCE_S = 0.020
"""The longest window (reached at 500 subscribers): the p99 goal is 50 ms from commit to arrival."""
MIN_COALESCE_S = 0.001
"""Below this, no window: one subscriber's events are not held back at all."""


def _now_cursor() -> str:
    """A stream position for "from now on", when Redis cannot say where the stream ends.

    Never "0-0": that replays the whole stream (old token deltas included) to the page.
    Durable events this position skips are not lost: the watcher backfills from Postgres
    when it sees a gap in `seq`.
    """
    return f"{int(time.time() * 1000)}-0"


class RunEventHub:
    def __init__(
        self,
        redis: Redis,
        *,
        block_ms: int = 5000,
        coalesce_per_subscriber_s: float = COALESCE_PER_SUBSCRIBER_S,
        max_coalesce_s: float = MAX_COALESCE_S,
    ) -> None:
        self._redis = redis
        self._block_ms = block_ms
        self._coalesce_per_subscriber_s = coalesce_per_subscriber_s
        self._max_coalesce_s = max_coalesce_s
        self._owns_client = False
        self._subscribers: dict[str, set[Subscription]] = {}
        self._cursors: dict[str, str] = {}
        self._poke_key = f"orrery:hub:{uuid.uuid4().hex}"
        self._pinning: dict[str, asyncio.Future[str]] = {}
        """A run's position being asked of Redis, shared by every watcher who subscribes meanwhile."""
        self._poke_due = False
        self._background: set[asyncio.Task[None]] = set()
        self._task: asyncio.Task[None] | None = None
        self.reads = 0
        """XREAD calls made (a test of "one loop per process" reads it)."""
        self.batches = 0
        """Batches fanned out (one per run per read)."""

    @classmethod
    def connect(cls, redis_url: str, *, block_ms: int = 5000, **window: float) -> RunEventHub:
        """A hub on its own client, whose read timeout outlasts a blocking XREAD.

        redis-py's default socket timeout (5 s since 6.x) would otherwise cut every quiet
        XREAD of 5 s, drop the connection and pause live delivery while it reconnects.
        `window`: the coalescing window's settings (`coalesce_per_subscriber_s`, `max_coalesce_s`).
        """
        pool = BlockingConnectionPool.from_url(
            redis_url,
            max_connections=MAX_CONNECTIONS,
            timeout=CONNECTION_WAIT_S,
            socket_connect_timeout=2,
            socket_timeout=block_ms / 1000 + READ_TIMEOUT_MARGIN_S,
        )
        hub = cls(Redis.from_pool(pool), block_ms=block_ms, **window)
        hub._owns_client = True
        return hub

    async def subscribe(
        self, run_id: str, *, drop_when_full: bool = False, queue_size: int = QUEUE_SIZE
    ) -> Subscription:
        key = stream_key(run_id)
        if run_id not in self._subscribers:
            cursor = await self._pin(key)
            # Others may have subscribed to the run while this one waited for Redis: join them
            # (replacing their set lost them: they got nothing live until their heartbeat).
            if run_id not in self._subscribers:
                self._cursors[key] = cursor
                self._subscribers[run_id] = set()
        subscription = Subscription(run_id, limit=queue_size, drop_when_full=drop_when_full)
        self._subscribers[run_id].add(subscription)
        self._ensure_reading()
        self._poke_soon()
        return subscription

    async def _pin(self, key: str) -> str:
        """The stream's last entry id: one XREVRANGE however many watchers ask at once."""
        pending = self._pinning.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._last_id(key))
            self._pinning[key] = pending
            pending.add_done_callback(lambda _: self._pinning.pop(key, None))
        return await asyncio.shield(pending)

    async def _last_id(self, key: str) -> str:
        try:
            last: Any = await self._redis.xrevrange(key, count=1)
        except (RedisError, OSError) as exc:
            log.warning("live events: could not read where %s ends (%s)", key, exc)
            return _now_cursor()
        return last[0][0].decode() if last else "0-0"

    def unsubscribe(self, subscription: Subscription) -> None:
        subscription.close()
        subscribers = self._subscribers.get(subscription.run_id)
        if subscribers is None:
            return
        subscribers.discard(subscription)
        if not subscribers:
            del self._subscribers[subscription.run_id]
            self._cursors.pop(stream_key(subscription.run_id), None)

    @property
    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._subscribers.values())

    async def close(self) -> None:
        for task in [self._task, *self._background]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._owns_client:
            await self._redis.aclose(close_connection_pool=True)

    def _poke_soon(self) -> None:
        """Wake the loop so it adds a new stream to its XREAD now, not after its block times out.

        One poke at a time: a subscriber added before the pending poke is sent is read by the
        loop iteration that poke starts, so it needs no poke of its own.
        """
        if self._poke_due:
            return
        self._poke_due = True
        task = asyncio.create_task(self._poke(), name="run-event-hub-poke")
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _poke(self) -> None:
        self._poke_due = False  # before the XADD: a subscriber from now on needs a new poke
        with contextlib.suppress(RedisError, OSError):
            await self._redis.xadd(self._poke_key, {"p": 1}, maxlen=1, approximate=False)

    def _ensure_reading(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._read_loop(), name="run-event-hub")

    @property
    def coalesce_s(self) -> float:
        """How long the loop waits after a fan-out before it reads again (see the module)."""
        window = min(self._max_coalesce_s, self._coalesce_per_subscriber_s * self.subscriber_count)
        return window if window >= MIN_COALESCE_S else 0.0

    async def _read_loop(self) -> None:
        poke_cursor = "$"
        while self._subscribers:
            streams = dict(self._cursors)
            streams[self._poke_key] = poke_cursor
            try:
                self.reads += 1
                answer: Any = await self._redis.xread(
                    streams,  # type: ignore[arg-type]
                    block=self._block_ms,
                    count=1000,
                )
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as exc:
                log.warning("live events unavailable (%s); retrying", exc)
                await asyncio.sleep(0.5)
                continue
            fanned_out = False
            for raw_key, entries in answer or []:
                key = raw_key.decode()
                if key == self._poke_key:
                    poke_cursor = entries[-1][0].decode()
                    continue
                if key not in self._cursors:
                    continue
                self._cursors[key] = entries[-1][0].decode()
                fanned_out = self._fan_out(key.split(":")[2], LiveBatch.read([f for _, f in entries]))
            window = self.coalesce_s
            if fanned_out and window:
                await asyncio.sleep(window)

    def _fan_out(self, run_id: str, batch: LiveBatch) -> bool:
        """Offer one run's batch to each of its subscribers; whether anyone got it."""
        subscribers = self._subscribers.get(run_id)
        if not subscribers:
            return False
        self.batches += 1
        for subscription in list(subscribers):
            subscription.offer(batch)
            if subscription.cut:  # it stopped reading: no more work for it
                self.unsubscribe(subscription)
        return True
