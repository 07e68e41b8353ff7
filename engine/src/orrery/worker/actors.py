"""Actors the worker runs, imported after `setup_broker()`: thin shells over the runner
and the memory service."""

from __future__ import annotations

from typing import Any

import dramatiq

from orrery.queue.names import (
    BUSY_MEMORY_QUEUE,
    BUSY_RUNS_QUEUE,
    CRAWL_SITE,
    EMBED_BUSY_DOCUMENT,
    EMBED_DOCUMENT,
    EMBED_DOCUMENT_GAVE_UP,
    EXECUTE_BUSY_RUN,
    EXECUTE_RUN,
    MEMORY_QUEUE,
    RUNS_QUEUE,
)
from orrery.worker import runtime

_DAY_MS = 24 * 3600 * 1000


@dramatiq.actor(
    actor_name=EXECUTE_RUN, queue_name=RUNS_QUEUE, max_retries=3, min_backoff=1000, time_limit=_DAY_MS
)
async def execute_run(run_id: str, owner_id: str) -> None:
    """Execute a run until it ends, waits for a human, or is taken over."""
    await runtime.current().execute_run(run_id, owner_id)


@dramatiq.actor(
    actor_name=EXECUTE_BUSY_RUN,
    queue_name=BUSY_RUNS_QUEUE,
    max_retries=3,
    min_backoff=1000,
    time_limit=_DAY_MS,
    priority=10,
)
async def execute_busy_run(run_id: str, owner_id: str) -> None:
    """`execute_run` for a run of the busy lane: its owner had many runs queued or running. A
    worker takes these after the runs queue's (the priority orders the messages it fetched;
    queue/wakeup.py keeps threads free for the runs queue)."""
    await runtime.current().execute_run(run_id, owner_id)


@dramatiq.actor(
    actor_name=EMBED_DOCUMENT,
    queue_name=MEMORY_QUEUE,
    max_retries=3,
    min_backoff=2000,
    time_limit=_DAY_MS,
    on_retry_exhausted=EMBED_DOCUMENT_GAVE_UP,
)
async def embed_document(document_id: str, owner_id: str) -> None:
    """Embed a memory document's chunks, then mark it ready (or failed, with the reason).
    An error the job cannot settle itself (the database down) is retried; the job resumes."""
    await runtime.current().embed_document(document_id, owner_id)


@dramatiq.actor(
    actor_name=EMBED_BUSY_DOCUMENT,
    queue_name=BUSY_MEMORY_QUEUE,
    max_retries=3,
    min_backoff=2000,
    time_limit=_DAY_MS,
    on_retry_exhausted=EMBED_DOCUMENT_GAVE_UP,
    priority=10,
)
async def embed_busy_document(document_id: str, owner_id: str) -> None:
    """`embed_document` for a document of the busy lane: its owner had others being read or
    embedded. A worker takes these after the memory queue's (the priority orders the messages
    it fetched)."""
    await runtime.current().embed_document(document_id, owner_id)


@dramatiq.actor(actor_name=EMBED_DOCUMENT_GAVE_UP, queue_name=MEMORY_QUEUE, max_retries=10)
async def embed_document_gave_up(message: dict[str, Any], retry_info: dict[str, Any]) -> None:
    """`embed_document` failed its last retry: the document is marked failed, not left in progress."""
    document_id, owner_id = message["args"]
    await runtime.current().give_up_document(document_id, owner_id, int(retry_info.get("retries", 0)))


@dramatiq.actor(
    actor_name=CRAWL_SITE, queue_name=MEMORY_QUEUE, max_retries=3, min_backoff=2000, time_limit=_DAY_MS
)
async def crawl_site(document_id: str, owner_id: str) -> None:
    """Add a URL document's site (its sitemap's or same-site links' pages), counting them on
    its crawl. Run again, it counts again; the pages already added are deduplicated."""
    await runtime.current().crawl_site(document_id, owner_id)
