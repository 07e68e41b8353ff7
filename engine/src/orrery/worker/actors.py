"""Actors the worker runs, imported after `setup_broker()`: thin shells over the runner
and the memory service."""

from __future__ import annotations

import dramatiq

from orrery.queue.names import EMBED_DOCUMENT, EXECUTE_RUN, MEMORY_QUEUE, RUNS_QUEUE
from orrery.worker import runtime

_DAY_MS = 24 * 3600 * 1000


@dramatiq.actor(
    actor_name=EXECUTE_RUN, queue_name=RUNS_QUEUE, max_retries=3, min_backoff=1000, time_limit=_DAY_MS
)
async def execute_run(run_id: str, owner_id: str) -> None:
    """Execute a run until it ends, waits for a human, or is taken over."""
    await runtime.current().execute_run(run_id, owner_id)


@dramatiq.actor(
    actor_name=EMBED_DOCUMENT, queue_name=MEMORY_QUEUE, max_retries=3, min_backoff=2000, time_limit=_DAY_MS
)
async def embed_document(document_id: str, owner_id: str) -> None:
    """Embed a memory document's chunks, then mark it ready (or failed, with the reason)."""
    await runtime.current().embed_document(document_id, owner_id)
