"""Adding a URL to memory, and with `follow` its site's other pages, in a worker job.

The request fetches the page it was given (through the SSRF guard, `sources.fetch_url`)
and stores it as a document, as any document: a page that cannot be fetched is an answer
at once (502, 400). With `follow` (its sitemap, or its same-site links) and a job queue,
the request records the crawl (`memory_crawls`: `queued`) and hands it to a worker
(`crawl_site`) instead of fetching up to `max_crawl_pages` more pages while the user
waits. The job finds the pages (`sources.discover`), marks the crawl `crawling` with how
many it found, fetches them four at a time through the same guard, stores each as a
document of its own (deduplicated, then embedded by its own job), counts each page done
or failed (with the reason) on the crawl, and marks it `done`. The document shows its
crawl (`MemoryDocumentRead.crawl`). A job run again (a redelivered message) starts the
count again; the pages it added already are deduplicated.

Without a job queue (a test, an engine with no worker), the pages are added in place and
listed in the answer (`also_added`, `failed_pages`), as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from orrery.errors import DependencyUnavailable, InvalidInput
from orrery.memory import ingestion
from orrery.memory.errors import DocumentTooLarge, SourceFetchFailed
from orrery.memory.ingestion import NewDocument
from orrery.memory.models import (
    MemoryDocumentAdded,
    MemoryDocumentCreate,
    MemoryPageFailure,
    document_from_row,
)
from orrery.memory.sources import FetchedText, discover, fetch_url
from orrery.store import memories as store
from orrery.store import memory_crawls as crawls

if TYPE_CHECKING:
    from orrery.memory.service import MemoryService

Claims = Mapping[str, Any]
Row = dict[str, Any]
AT_ONCE: Final = 4
"""Pages fetched (and stored) at once by one crawl."""


async def add_url(
    service: MemoryService, claims: Claims, collection: Mapping[str, Any], data: MemoryDocumentCreate
) -> MemoryDocumentAdded:
    """The URL's page as a document; with `follow`, its site's pages too: by a worker when
    there is a job queue (the document's `crawl` counts them), else here."""
    if not data.url or not data.url.strip():
        raise InvalidInput("Give the URL to fetch.", [{"field": "url", "message": "required"}])
    fetched = await fetch_url(service.http, data.url.strip(), max_text_bytes=service.limits.max_file_bytes)
    row, deduplicated = await ingestion.ingest(
        service, claims, collection, _page_document(fetched, data.metadata, data.title)
    )
    added = MemoryDocumentAdded(document=document_from_row(row), deduplicated=deduplicated)
    if data.follow is None:
        return added
    most = min(data.max_pages or service.limits.max_crawl_pages, service.limits.max_crawl_pages)
    if service.jobs is None:
        await _in_place(service, claims, collection, added, fetched.url, data.follow, most, data.metadata)
        return added
    document_id = str(row["id"])
    async with service.db.as_user(claims) as conn:
        fresh = await crawls.start_crawl(
            conn,
            document_id=document_id,
            collection_id=str(collection["id"]),
            follow=data.follow,
            max_pages=most,
        )
    if fresh:
        try:
            await service.jobs.crawl_site(document_id, str(claims["sub"]))
        except DependencyUnavailable:
            async with service.db.as_user(claims) as conn:
                await crawls.finish_crawl(conn, document_id)
            raise
    async with service.db.as_user(claims) as conn:
        now = await store.fetch_document(conn, document_id)
    if now is not None:
        added.document = document_from_row(now)
    return added


async def crawl_site(service: MemoryService, claims: Claims, document_id: str) -> Row | None:
    """The worker job: add the site of a URL document as its crawl says (see the module's
    docstring). The crawl at the end; None when there is nothing to do (deleted, done)."""
    async with service.db.as_user(claims) as conn:
        crawl = await crawls.fetch_crawl(conn, document_id)
        document = await store.fetch_document(conn, document_id)
        collection = await store.fetch_collection(conn, str(document["collection_id"])) if document else None
    if crawl is None or document is None or collection is None or crawl["status"] == "done":
        return None
    start = str(document["source_url"] or "")
    metadata = {k: v for k, v in (document["metadata"] or {}).items() if k != "published"}

    async def found(count: int) -> None:
        async with service.db.as_user(claims) as conn:
            await crawls.set_found(conn, document_id, count)

    async def done(_row: Row | None, failure: MemoryPageFailure | None) -> None:
        async with service.db.as_user(claims) as conn:
            await crawls.count_page(
                conn, document_id, {"url": failure.url, "reason": failure.reason} if failure else None
            )

    await _add_pages(
        service,
        claims,
        collection,
        start,
        follow=str(crawl["follow"]),
        most=int(crawl["max_pages"]),
        metadata=metadata,
        found=found,
        done=done,
    )
    async with service.db.as_user(claims) as conn:
        return await crawls.finish_crawl(conn, document_id)


async def _in_place(
    service: MemoryService,
    claims: Claims,
    collection: Mapping[str, Any],
    added: MemoryDocumentAdded,
    start: str,
    follow: str,
    most: int,
    metadata: Mapping[str, Any],
) -> None:
    async def done(row: Row | None, failure: MemoryPageFailure | None) -> None:
        if failure is not None:
            added.failed_pages.append(failure)
        elif row is not None:
            added.also_added.append(document_from_row(row))

    await _add_pages(
        service, claims, collection, start, follow=follow, most=most, metadata=metadata, done=done
    )


async def _add_pages(
    service: MemoryService,
    claims: Claims,
    collection: Mapping[str, Any],
    start: str,
    *,
    follow: str,
    most: int,
    metadata: Mapping[str, Any],
    done: Callable[[Row | None, MemoryPageFailure | None], Awaitable[None]],
    found: Callable[[int], Awaitable[None]] | None = None,
) -> None:
    """Find up to `most - 1` more pages of `start`'s site and add each, `AT_ONCE` at a time;
    `done` is told each page's new document (None: it was there already) or failure."""
    more = await discover(service.http, start, follow=follow, limit=most - 1)
    if found is not None:
        await found(len(more))
    gate = asyncio.Semaphore(AT_ONCE)

    async def add(url: str) -> None:
        async with gate:
            try:
                page = await fetch_url(service.http, url, max_text_bytes=service.limits.max_file_bytes)
                row, deduplicated = await ingestion.ingest(
                    service, claims, collection, _page_document(page, metadata)
                )
            except (InvalidInput, DocumentTooLarge, SourceFetchFailed) as exc:
                await done(None, MemoryPageFailure(url=url, reason=str(exc)))
                return
            await done(None if deduplicated else row, None)

    await asyncio.gather(*(add(url) for url in more))


def _page_document(
    fetched: FetchedText, metadata: Mapping[str, Any], title: str | None = None
) -> NewDocument:
    published = {"published": fetched.published} if fetched.published else {}
    return NewDocument(
        text=fetched.text,
        title=(title or "").strip() or fetched.title,
        source="url",
        source_url=fetched.url,
        metadata={**published, **metadata},
    )
