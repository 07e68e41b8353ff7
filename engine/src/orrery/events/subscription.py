"""What the hub hands a subscriber: batches of live entries, one wake-up per batch.

The hub reads a run's stream in batches (one XREAD answer, or what a short coalescing
window gathered) and turns each into a `LiveBatch` once: its entries parsed, their SSE
frames built and joined, and whether its durable events follow each other. Every
subscriber of the run gets the same batch object with one `offer` (no work per entry):
at 500 subscribers and 200 events/s a wake-up, a queue put and a socket write per
entry per subscriber was the engine's whole cost.

A subscriber that stops reading never slows the others: once more than `limit` entries
wait for it, what waits is dropped and replaced by one marker. An SSE client
(`drop_when_full`) gets `CUT` and nothing more (its stream ends at the last event it was
sent, where it resumes from Postgres with `Last-Event-ID`); any other subscriber gets
`OVERFLOW`, telling it to resynchronise from Postgres.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from orrery.events.sse import frame
from orrery.events.types import TERMINAL_RUN_EVENTS

QUEUE_SIZE = 2048
"""Live entries a subscriber may have waiting before it is cut off (or told to resync)."""


@dataclass(frozen=True, slots=True)
class LiveEntry:
    seq: int | None
    """None for a `step.delta` (live only)."""
    type: str
    data: bytes
    frame: bytes = b""
    """The SSE frame, built once for every subscriber."""


OVERFLOW = LiveEntry(seq=None, type="overflow", data=b"")
CUT = LiveEntry(seq=None, type="cut", data=b"")


@dataclass(frozen=True, slots=True)
class LiveBatch:
    """Entries of one run read together, in stream order, framed and joined once."""

    entries: tuple[LiveEntry, ...]
    frames: bytes
    """Every entry's frame, joined: what a subscriber that is up to date sends as is."""
    first: int | None
    """The first durable seq in the batch (None: token deltas only)."""
    last: int | None
    terminal: bool
    """The batch ends with the run's terminal event."""
    in_order: bool
    """Its durable seqs follow each other and nothing comes after a terminal event: a subscriber
    whose last event is `first - 1` sends `frames` whole, without looking at the entries."""

    @classmethod
    def of(cls, entries: Sequence[LiveEntry]) -> LiveBatch:
        seqs = [e.seq for e in entries if e.seq is not None]
        terminal_at = next((i for i, e in enumerate(entries) if e.type in TERMINAL_RUN_EVENTS), None)
        in_order = all(b == a + 1 for a, b in pairwise(seqs)) and (
            terminal_at is None or terminal_at == len(entries) - 1
        )
        return cls(
            entries=tuple(entries),
            frames=b"".join(e.frame for e in entries),
            first=seqs[0] if seqs else None,
            last=seqs[-1] if seqs else None,
            terminal=terminal_at is not None,
            in_order=in_order and not any(e is OVERFLOW or e is CUT for e in entries),
        )

    @classmethod
    def read(cls, fields: Sequence[dict[bytes, bytes]]) -> LiveBatch:
        """The batch of a run's stream entries as XREAD returns their fields."""
        entries = []
        for one in fields:
            raw_seq = one.get(b"seq", b"")
            seq = int(raw_seq) if raw_seq else None
            kind = one[b"type"].decode()
            entries.append(LiveEntry(seq, kind, one[b"data"], frame(seq, kind, one[b"data"])))
        return cls.of(entries)


OVERFLOW_BATCH = LiveBatch.of([OVERFLOW])
CUT_BATCH = LiveBatch.of([CUT])


@dataclass(eq=False)
class Subscription:
    """One subscriber's batches waiting to be taken, and the one wake-up that tells it so."""

    run_id: str
    limit: int = QUEUE_SIZE
    """Entries that may wait before the subscriber is cut off or told to resync."""
    drop_when_full: bool = False
    """Cut off when `limit` is passed (`CUT`, then nothing), rather than told to resync."""
    cut: bool = False
    _waiting: list[LiveBatch] = field(default_factory=list)
    _size: int = 0
    _waiter: asyncio.Future[None] | None = None
    _taken_at: float = 0.0
    """When batches were last taken (the loop's clock): the idle timer counts from there."""
    _idle_timer: asyncio.TimerHandle | None = None
    _idle: bool = False

    def offer(self, batch: LiveBatch) -> None:
        """Add a batch for this subscriber and wake it; past `limit`, resync or cut (see the module)."""
        if self.cut:
            return
        self._size += len(batch.entries)
        if self._size > self.limit:
            self.cut = self.drop_when_full
            batch = CUT_BATCH if self.cut else OVERFLOW_BATCH
            self._waiting.clear()
            self._size = 1
        self._waiting.append(batch)
        self._wake()

    def ready(self) -> list[LiveBatch]:
        """Every batch waiting now, in order (possibly none), taken."""
        batches, self._waiting, self._size = self._waiting, [], 0
        return batches

    async def next(self, idle_s: float | None = None) -> list[LiveBatch]:
        """Every batch waiting, once there is at least one: one wake-up however many there are.

        With `idle_s`: an empty list when nothing was taken for that long (an SSE heartbeat is
        due). One timer serves every wait, re-armed only when it fires: a timeout per wait
        (`asyncio.timeout`) scheduled and cancelled a timer on every wake-up.
        """
        loop = asyncio.get_running_loop()
        if idle_s is not None and self._idle_timer is None:
            self._taken_at = loop.time()
            self._idle_timer = loop.call_at(self._taken_at + idle_s, self._check_idle, idle_s)
        while not self._waiting and not self._idle:
            self._waiter = loop.create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        self._idle = False
        self._taken_at = loop.time()
        return self.ready()

    async def entries(self) -> list[LiveEntry]:
        """As `next`, entry by entry (for a subscriber that looks at each, not at frames)."""
        return [entry for batch in await self.next() for entry in batch.entries]

    def close(self) -> None:
        """Stop the idle timer (the hub calls this when the subscriber leaves)."""
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    def _check_idle(self, idle_s: float) -> None:
        loop = asyncio.get_running_loop()
        due = self._taken_at + idle_s
        if loop.time() >= due:
            self._idle = True
            self._wake()
            due = loop.time() + idle_s
        self._idle_timer = loop.call_at(due, self._check_idle, idle_s)

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
