"""A run's event stream for one subscriber: durable history, then the live tail,
each durable event exactly once and in seq order, as SSE bytes.

The live feed is subscribed before the history is read; live entries at or
below the last seq sent are dropped, and a jump in seq (an entry lost or
trimmed in Redis, or published out of order) is filled from Postgres before
going on. The stream ends after the run's terminal event.

What is sent: every frame ready at once is one chunk (one write to the connection),
live frames as the hub built them. A live batch that follows on from the last event
sent goes out as the hub joined it, without looking at its entries (the common case:
the cost per subscriber is per batch, not per event). A subscriber that stops reading is cut off by
the hub once its queue is full; its stream then ends right after the last event it
was sent, with a comment saying so, and the client resumes from there with
`Last-Event-ID` (replayed from Postgres). The others never wait for it.

Postgres unavailable once the stream has begun (its pool exhausted by a burst of pages
opening, say) ends the stream the same way: a comment saying where to resume, and a clean
end of the body. It used to raise after the response had started, which the ASGI server
could only answer by dropping the connection mid-body.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from orrery.errors import BadRequest, DependencyUnavailable, NotFound
from orrery.events import durable, sse
from orrery.events.hub import RunEventHub
from orrery.events.subscription import (
    CUT,
    OVERFLOW,
    OVERFLOW_BATCH,
    QUEUE_SIZE,
    LiveBatch,
    Subscription,
)
from orrery.events.types import TERMINAL_RUN_EVENTS
from orrery.store import runs
from orrery.store.database import Database

HEARTBEAT_S = 15.0
TERMINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})


def parse_after(last_event_id: str | None, after: str | None) -> int:
    raw = last_event_id if last_event_id not in (None, "") else after
    if raw is None or raw == "":
        return 0
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"Last-Event-ID must be a non-negative integer, got {raw!r}") from None
    if value < 0:
        raise BadRequest(f"Last-Event-ID must be a non-negative integer, got {raw!r}")
    return value


@dataclass
class RunEventStream:
    db: Database
    hub: RunEventHub
    heartbeat_s: float = HEARTBEAT_S
    queue_size: int = QUEUE_SIZE
    """Live entries a subscriber may have unsent before it is cut off."""

    async def open(self, claims: Mapping[str, Any], run_id: str, after: int) -> AsyncIterator[bytes] | None:
        """Check the request, then give the stream; None when there is nothing more to send (204)."""
        async with self.db.as_user(claims) as conn:
            run = await runs.fetch_run(conn, run_id)
            if run is None:
                raise NotFound(f"run {run_id} not found")
            if after > int(run["last_event_seq"]):
                raise BadRequest(f"Last-Event-ID {after} is not an event of this run")
            if run["status"] in TERMINAL_STATUSES and (
                after >= int(run["last_event_seq"]) or not await durable.has_after(conn, run_id, after)
            ):
                # Ended, and nothing left to send: the client is up to date, or the events after
                # its place were dropped by retention (a month of run_events gone whole) and the
                # run's end will never come down the stream.
                return None
        return self._events(claims, run_id, after)

    async def history(
        self, claims: Mapping[str, Any], run_id: str, after: int, until: int | None = None
    ) -> list[durable.StoredEvent]:
        events: list[durable.StoredEvent] = []
        while True:
            async with self.db.as_user(claims) as conn:
                batch = await durable.replay(conn, run_id, after)
            if until is not None:
                batch = [e for e in batch if e.seq <= until]
            events.extend(batch)
            if len(batch) < 1000 or (until is not None and batch and batch[-1].seq >= until):
                return events
            after = batch[-1].seq

    async def _events(self, claims: Mapping[str, Any], run_id: str, after: int) -> AsyncIterator[bytes]:
        subscription = await self.hub.subscribe(run_id, drop_when_full=True, queue_size=self.queue_size)
        follower = _Follower(self, claims, run_id, after)
        try:
            async with contextlib.aclosing(self._follow(subscription, follower)) as chunks:
                async for chunk in chunks:
                    yield chunk
        except DependencyUnavailable:
            yield sse.RETRY_SOON + sse.comment(f"the database is unavailable; resume after {follower.last}")
        finally:
            self.hub.unsubscribe(subscription)

    async def _follow(self, subscription: Subscription, follower: _Follower) -> AsyncGenerator[bytes]:
        """The history after the follower's place, then the live tail, until the run's end."""
        chunk, ended = await follower.backfill()
        if chunk:
            yield chunk
        while not ended:
            ready = await subscription.next(idle_s=self.heartbeat_s)
            if not ready:
                yield sse.HEARTBEAT
                # Nothing live for a while: make sure nothing was missed (Redis down, say).
                ready = [OVERFLOW_BATCH]
            chunk, ended = await follower.frames(ready)
            if chunk:
                yield chunk


@dataclass
class _Follower:
    """One subscriber's place in the run's events: the last seq it was sent."""

    stream: RunEventStream
    claims: Mapping[str, Any]
    run_id: str
    last: int

    async def frames(self, ready: list[LiveBatch]) -> tuple[bytes, bool]:
        """The frames to send for the live batches `ready` (one chunk), and whether the stream ends."""
        out: list[bytes] = []
        for batch in ready:
            if batch.in_order and (batch.first is None or batch.first == self.last + 1):
                out.append(batch.frames)  # up to date: the hub's bytes, as they are
                if batch.last is not None:
                    self.last = batch.last
                if batch.terminal:
                    return b"".join(out), True
                continue
            for entry in batch.entries:
                if entry is CUT:
                    out.append(sse.comment(f"cut off: this client fell behind; resume after {self.last}"))
                    return b"".join(out), True
                if entry.seq is None and entry is not OVERFLOW:
                    out.append(entry.frame)  # a token delta: live only
                    continue
                if entry.seq is not None and entry.seq <= self.last:
                    continue
                if entry is OVERFLOW or entry.seq != self.last + 1:
                    chunk, ended = await self.backfill()
                    out.append(chunk)
                    if ended:
                        return b"".join(out), True
                    continue
                self.last = entry.seq
                out.append(entry.frame)
                if entry.type in TERMINAL_RUN_EVENTS:
                    return b"".join(out), True
        return b"".join(out), False

    async def backfill(self) -> tuple[bytes, bool]:
        """Every durable event after the last one sent, from Postgres; whether the run ended."""
        out: list[bytes] = []
        for event in await self.stream.history(self.claims, self.run_id, self.last):
            self.last = event.seq
            out.append(sse.frame(event.seq, event.type, event.data))
            if event.type in TERMINAL_RUN_EVENTS:
                return b"".join(out), True
        return b"".join(out), False
