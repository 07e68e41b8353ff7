"""Live fan-out of run events through Redis Streams: one stream per run, trimmed.

Entry ids are derived from the durable seq (`<seq>-0`), and a live-only entry
(a token delta; a pure step's folded `step.started`) gets `<seq>-<n>` after the
durable event before it, so a reader can resume "after seq N" without asking
Redis for `$`. Publishing is best effort: Postgres is the truth, and a reader
that sees a gap in seq fills it from `run_events`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from redis.asyncio import Redis
from redis.exceptions import NoScriptError, RedisError, ResponseError

from orrery.events.durable import StoredEvent
from orrery.events.types import RunEvent, StepDelta, encode, event_type

log = logging.getLogger(__name__)

STREAM_MAXLEN = 5000

_PUBLISH = f"""
local added = 0
for i = 1, #ARGV, 4 do
  local ok = pcall(redis.call, 'XADD', KEYS[1], 'MAXLEN', '~', '{STREAM_MAXLEN}',
                   ARGV[i], 'seq', ARGV[i + 1], 'type', ARGV[i + 2], 'data', ARGV[i + 3])
  if ok then added = added + 1 end
end
return added
"""
"""Every entry of a commit added to the run's stream in one command: as many XADDs in a
pipeline cost the worker a tenth of its CPU on a chain (each packed and parsed on its own).
ARGV: (entry id, seq or "" for a live-only entry, type, data) per entry. An entry whose id is
not above the stream's last (another process published a later event first) is skipped, as
the separate XADDs' errors were: readers fill gaps from Postgres."""


class LiveOnly(NamedTuple):
    """An event of a commit that was not stored (a pure step's folded `step.started`):
    published between the commit's durable events, without a seq."""

    after: int
    """How many of the commit's durable events come before it."""
    event: RunEvent


def stream_key(run_id: str) -> str:
    return f"orrery:run:{run_id}:events"


@dataclass
class _RunCursor:
    seq: int = 0
    deltas: int = 0


@dataclass
class LivePublisher:
    """Publishes one process's events; ids stay increasing per run within it."""

    redis: Redis
    _cursors: dict[str, _RunCursor] = field(default_factory=dict)
    _script: Any = None

    def prime(self, run_id: str, last_seq: int) -> None:
        """Start a run's ids after the last durable event (a run resumed by this process)."""
        cursor = self._cursors.setdefault(run_id, _RunCursor())
        cursor.seq = max(cursor.seq, last_seq)

    def forget(self, run_id: str) -> None:
        self._cursors.pop(run_id, None)

    async def publish(
        self, run_id: str, events: Sequence[StoredEvent], live: Sequence[LiveOnly] = ()
    ) -> None:
        """A commit's events (as stored), with its live-only ones in their places."""
        if not events:
            return
        cursor = self._cursors.setdefault(run_id, _RunCursor())
        if self._script is None:
            self._script = self.redis.register_script(_PUBLISH)
        args = _entries(cursor, events, live)
        try:
            await self._script(keys=[stream_key(run_id)], args=args)
        except (RedisError, OSError) as exc:
            log.warning("live events for run %s not published (Redis: %s)", run_id, exc)
            return
        cursor.seq = max(cursor.seq, events[-1].seq)
        cursor.deltas = 0

    async def publish_many(
        self, events_by_run: Sequence[tuple[str, Sequence[StoredEvent], Sequence[LiveOnly]]]
    ) -> None:
        """`publish` for several runs' commits at once: their scripts go in one pipeline (one
        round trip instead of one per run)."""
        todo = [(run_id, events, live) for run_id, events, live in events_by_run if events]
        if len(todo) <= 1:
            for run_id, events, live in todo:
                await self.publish(run_id, events, live)
            return
        if self._script is None:
            self._script = self.redis.register_script(_PUBLISH)
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for run_id, events, live in todo:
                    cursor = self._cursors.setdefault(run_id, _RunCursor())
                    args = _entries(cursor, events, live)
                    pipe.evalsha(self._script.sha, 1, stream_key(run_id), *args)
                answers = await pipe.execute(raise_on_error=False)
        except (RedisError, OSError) as exc:
            log.warning("live events for %d runs not published (Redis: %s)", len(todo), exc)
            return
        for (run_id, events, live), answer in zip(todo, answers, strict=True):
            if isinstance(answer, NoScriptError):  # a restarted Redis: `publish` loads the script
                await self.publish(run_id, events, live)
                continue
            if isinstance(answer, Exception):
                log.warning("live events for run %s not published (Redis: %s)", run_id, answer)
                continue
            cursor = self._cursors.setdefault(run_id, _RunCursor())
            cursor.seq = max(cursor.seq, events[-1].seq)
            cursor.deltas = 0

    async def publish_delta(self, run_id: str, delta: StepDelta) -> None:
        cursor = self._cursors.setdefault(run_id, _RunCursor())
        cursor.deltas += 1
        try:
            await self.redis.xadd(
                stream_key(run_id),
                {"seq": "", "type": "step.delta", "data": encode(delta)},
                id=f"{cursor.seq}-{cursor.deltas}",
                maxlen=STREAM_MAXLEN,
                approximate=True,
            )
        except ResponseError:
            pass  # a later durable event exists already; this delta is stale
        except (RedisError, OSError) as exc:
            log.debug("delta for run %s dropped (Redis: %s)", run_id, exc)


def _entries(cursor: _RunCursor, events: Sequence[StoredEvent], live: Sequence[LiveOnly]) -> list[Any]:
    """The script's arguments for one commit: its durable events (`<seq>-0`) with its live-only
    ones in their places (`<seq before>-<n>`, after the token deltas already published there)."""
    args: list[Any] = []
    if not live:
        for event in events:
            args += (f"{event.seq}-0", event.seq, event.type, event.data)
        return args
    before = events[0].seq - 1
    n = cursor.deltas if cursor.seq == before else 0
    pending = iter(live)
    upcoming = next(pending, None)
    for index, event in enumerate(events):
        while upcoming is not None and upcoming.after <= index:
            n += 1
            args += (f"{before}-{n}", "", event_type(upcoming.event), encode(upcoming.event))
            upcoming = next(pending, None)
        args += (f"{event.seq}-0", event.seq, event.type, event.data)
        before, n = event.seq, 0
    for rest in (upcoming, *pending):
        if rest is not None:
            n += 1
            args += (f"{before}-{n}", "", event_type(rest.event), encode(rest.event))
    return args
