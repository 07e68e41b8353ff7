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

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from orrery.events.durable import StoredEvent
from orrery.events.types import StepDelta, encode

log = logging.getLogger(__name__)

STREAM_MAXLEN = 5000


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
        key = stream_key(run_id)
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for event in events:
                    pipe.xadd(
                        key,
                        {"seq": event.seq, "type": event.type, "data": event.data},
                        id=f"{event.seq}-0",
                        maxlen=STREAM_MAXLEN,
                        approximate=True,
                    )
                results = await pipe.execute(raise_on_error=False)
        except (RedisError, OSError) as exc:
            log.warning("live events for run %s not published (Redis: %s)", run_id, exc)
            return
        cursor.seq = max(cursor.seq, events[-1].seq)
        cursor.deltas = 0
        for result in results:
            if isinstance(result, ResponseError):
                # Another process published a later event first; readers fill the gap from Postgres.
                log.debug("run %s: %s", run_id, result)

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
