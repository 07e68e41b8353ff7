"""A run's event stream for one subscriber: durable history, then the live tail,
each durable event exactly once and in seq order.

The live feed is subscribed before the history is read; live entries at or
below the last seq sent are dropped, and a jump in seq (an entry lost or
trimmed in Redis, or published out of order) is filled from Postgres before
going on. The stream ends after the run's terminal event.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from orrery.errors import BadRequest, NotFound
from orrery.events import durable
from orrery.events.hub import OVERFLOW, RunEventHub
from orrery.events.types import TERMINAL_RUN_EVENTS
from orrery.store import runs
from orrery.store.database import Database

HEARTBEAT_S = 15.0
TERMINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to send: an event (with `seq` when durable) or a heartbeat (type None)."""

    seq: int | None
    type: str | None
    data: str


HEARTBEAT = Item(seq=None, type=None, data="")


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

    async def open(self, claims: Mapping[str, Any], run_id: str, after: int) -> AsyncIterator[Item] | None:
        """Check the request, then give the stream; None when there is nothing more to send (204)."""
        async with self.db.as_user(claims) as conn:
            run = await runs.fetch_run(conn, run_id)
        if run is None:
            raise NotFound(f"run {run_id} not found")
        if after > int(run["last_event_seq"]):
            raise BadRequest(f"Last-Event-ID {after} is not an event of this run")
        if run["status"] in TERMINAL_STATUSES and after >= int(run["last_event_seq"]):
            return None
        return self._events(claims, run_id, after)

    async def _history(
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

    async def _events(self, claims: Mapping[str, Any], run_id: str, after: int) -> AsyncIterator[Item]:
        subscription = await self.hub.subscribe(run_id)
        last = after
        try:
            for event in await self._history(claims, run_id, last):
                last = event.seq
                yield Item(event.seq, event.type, event.data.decode())
                if event.type in TERMINAL_RUN_EVENTS:
                    return
            while True:
                try:
                    entry = await asyncio.wait_for(subscription.queue.get(), timeout=self.heartbeat_s)
                except TimeoutError:
                    yield HEARTBEAT
                    # Nothing live for a while: make sure nothing was missed (Redis down, say).
                    entry = OVERFLOW
                if entry.seq is None and entry is not OVERFLOW:
                    yield Item(None, entry.type, entry.data.decode())
                    continue
                if entry.seq is not None and entry.seq <= last:
                    continue
                if entry is OVERFLOW or entry.seq != last + 1:
                    for event in await self._history(claims, run_id, last):
                        last = event.seq
                        yield Item(event.seq, event.type, event.data.decode())
                        if event.type in TERMINAL_RUN_EVENTS:
                            return
                    continue
                last = entry.seq
                yield Item(entry.seq, entry.type, entry.data.decode())
                if entry.type in TERMINAL_RUN_EVENTS:
                    return
        finally:
            self.hub.unsubscribe(subscription)
