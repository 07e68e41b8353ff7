"""Live fan-out of run events through Redis Streams: one stream per run, trimmed.

Entry ids are derived from the durable seq (`<seq>-0`), and a token delta
gets `<seq>-<n>` after the last durable event its publisher knew, so a reader
can resume "after seq N" without asking Redis for `$`. Publishing is best
effort: Postgres is the truth, and a reader that sees a gap in seq fills it
from `run_events`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import NoScriptError, RedisError, ResponseError

from orrery.events.durable import StoredEvent
from orrery.events.types import StepDelta, encode

log = logging.getLogger(__name__)

STREAM_MAXLEN = 5000

_PUBLISH = f"""
local added = 0
for i = 1, #ARGV, 3 do
  local ok = pcall(redis.call, 'XADD', KEYS[1], 'MAXLEN', '~', '{STREAM_MAXLEN}',
                   ARGV[i] .. '-0', 'seq', ARGV[i], 'type', ARGV[i + 1], 'data', ARGV[i + 2])
  if ok then added = added + 1 end
end
return added
"""
"""Every event of a commit added to the run's stream in one command: as many XADDs in a
pipeline cost the worker a tenth of its CPU on a chain (each packed and parsed on its own).
An entry whose id is not above the stream's last (another process published a later event
first) is skipped, as the separate XADDs' errors were: readers fill gaps from Postgres."""


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

    async def publish(self, run_id: str, events: Sequence[StoredEvent]) -> None:
        if not events:
            return
        cursor = self._cursors.setdefault(run_id, _RunCursor())
        if self._script is None:
            self._script = self.redis.register_script(_PUBLISH)
        args: list[Any] = []
        for event in events:
            args += (event.seq, event.type, event.data)
        try:
            await self._script(keys=[stream_key(run_id)], args=args)
        except (RedisError, OSError) as exc:
            log.warning("live events for run %s not published (Redis: %s)", run_id, exc)
            return
        cursor.seq = max(cursor.seq, events[-1].seq)
        cursor.deltas = 0

    async def publish_many(self, events_by_run: Sequence[tuple[str, Sequence[StoredEvent]]]) -> None:
        """`publish` for several runs' commits at once: their scripts go in one pipeline (one
        round trip instead of one per run)."""
        todo = [(run_id, events) for run_id, events in events_by_run if events]
        if len(todo) <= 1:
            for run_id, events in todo:
                await self.publish(run_id, events)
            return
        if self._script is None:
            self._script = self.redis.register_script(_PUBLISH)
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for run_id, events in todo:
                    args: list[Any] = []
                    for event in events:
                        args += (event.seq, event.type, event.data)
                    pipe.evalsha(self._script.sha, 1, stream_key(run_id), *args)
                answers = await pipe.execute(raise_on_error=False)
        except (RedisError, OSError) as exc:
            log.warning("live events for %d runs not published (Redis: %s)", len(todo), exc)
            return
        for (run_id, events), answer in zip(todo, answers, strict=True):
            if isinstance(answer, NoScriptError):  # a restarted Redis: `publish` loads the script
                await self.publish(run_id, events)
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
