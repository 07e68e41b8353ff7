"""Send `execute_run` and `embed_document` messages without importing the actors."""

from __future__ import annotations

import asyncio
from typing import Protocol

import dramatiq
from redis.exceptions import RedisError

from orrery.errors import DependencyUnavailable
from orrery.queue.names import (
    BUSY_MEMORY_QUEUE,
    BUSY_RUNS_QUEUE,
    CRAWL_SITE,
    EMBED_BUSY_DOCUMENT,
    EMBED_DOCUMENT,
    EXECUTE_BUSY_RUN,
    EXECUTE_RUN,
    MEMORY_QUEUE,
    RUNS_QUEUE,
)
from orrery.queue.wakeup import WakingRedisBroker


class RunDispatcher(Protocol):
    async def execute(
        self, run_id: str, owner_id: str, *, delay_ms: int | None = None, busy: bool = False
    ) -> None:
        """Ask a worker to (re)start executing a run; `busy`: in the busy lane (its owner has
        many runs queued or running: `queue.names.BUSY_RUNS_QUEUE`)."""
        ...


class DocumentJobs(Protocol):
    async def embed_document(self, document_id: str, owner_id: str, *, busy: bool = False) -> None:
        """Ask a worker to embed a memory document's chunks; `busy`: in the busy lane (its
        owner has other documents being read or embedded)."""
        ...

    async def crawl_site(self, document_id: str, owner_id: str) -> None:
        """Ask a worker to add a URL document's site (its crawl says how)."""
        ...


def create_broker(redis_url: str) -> WakingRedisBroker:
    # A short heartbeat lets Dramatiq requeue a dead worker's un-acked
    # messages sooner; the run lease (Postgres) is what prevents double work.
    # Enqueues wake an idle worker (queue/wakeup.py) instead of it polling.
    return WakingRedisBroker(  # type: ignore[no-untyped-call]
        url=redis_url, namespace="orrery", heartbeat_timeout=30_000
    )


class DramatiqDispatcher:
    """Enqueues on the Redis broker from async code (the enqueue itself is a blocking call)."""

    def __init__(self, broker: WakingRedisBroker) -> None:
        self._broker = broker

    def _send(self, queue: str, actor: str, args: tuple[str, str], delay_ms: int | None) -> None:
        message: dramatiq.Message[None] = dramatiq.Message(
            queue_name=queue, actor_name=actor, args=args, kwargs={}, options={}
        )
        self._broker.enqueue(message, delay=delay_ms)

    async def execute(
        self, run_id: str, owner_id: str, *, delay_ms: int | None = None, busy: bool = False
    ) -> None:
        queue, actor = (BUSY_RUNS_QUEUE, EXECUTE_BUSY_RUN) if busy else (RUNS_QUEUE, EXECUTE_RUN)
        try:
            await asyncio.to_thread(self._send, queue, actor, (run_id, owner_id), delay_ms)
        except RedisError as exc:
            raise DependencyUnavailable("the run queue (Redis) is unavailable") from exc

    async def embed_document(self, document_id: str, owner_id: str, *, busy: bool = False) -> None:
        queue, actor = (BUSY_MEMORY_QUEUE, EMBED_BUSY_DOCUMENT) if busy else (MEMORY_QUEUE, EMBED_DOCUMENT)
        try:
            await asyncio.to_thread(self._send, queue, actor, (document_id, owner_id), None)
        except RedisError as exc:
            raise DependencyUnavailable("the work queue (Redis) is unavailable") from exc

    async def crawl_site(self, document_id: str, owner_id: str) -> None:
        try:
            await asyncio.to_thread(self._send, MEMORY_QUEUE, CRAWL_SITE, (document_id, owner_id), None)
        except RedisError as exc:
            raise DependencyUnavailable("the work queue (Redis) is unavailable") from exc
