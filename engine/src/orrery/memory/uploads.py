"""Files added to memory are read in the worker job, not in the request.

Reading a file is slow (pypdf on a 200-page, 5.6 MB PDF: 13.6 s at load 7.7), so the
request (`accept`) does only what is cheap: the size limit, the file's kind from its first
bytes (not the name or type the client claims: a binary file of no kind read here is
refused at once), and the sha256 of its bytes, which deduplicates the same file against
the collection's documents. It stores the document `queued`, without chunks, and the
bytes in `memory_uploads`, in one transaction, hands the document to a worker and returns.

The job (`read_upload`, the start of `ingestion.embed_document`) moves the document to
`extracting`, reads the file in a thread (`extract`) and counts the pages read of a PDF
on the document every `PROGRESS_EVERY_S`; then, in one transaction, deletes the upload
(a duplicate job that finds it gone stores nothing), stores the chunks, and gives the
document what only its text tells: its title (unless the user gave one), metadata (the
page count), chunk and character counts, `embedding`. A file that cannot be read (damaged,
no text, over the page limit) ends `failed` with the same reason the request gave before,
and its upload is deleted with it.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from orrery.errors import DependencyUnavailable
from orrery.memory import chunking, lanes
from orrery.memory.errors import CollectionNotFound, DocumentTooLarge, UnreadableDocument
from orrery.memory.extract import Extracted, check_readable, extract
from orrery.memory.models import MemoryDocumentAdded, MemoryDocumentCreate, document_from_row
from orrery.store import memories as store
from orrery.store import memory_uploads as uploads

if TYPE_CHECKING:
    from orrery.memory.service import MemoryService

Claims = Mapping[str, Any]
Row = dict[str, Any]
PROGRESS_EVERY_S: Final = 0.5
"""How often a job reading a PDF writes its pages read to the document (and so touches it:
recovery leaves a document being read alone)."""


async def accept(
    service: MemoryService,
    claims: Claims,
    collection: Mapping[str, Any],
    raw: bytes,
    filename: str | None,
    data: MemoryDocumentCreate,
) -> MemoryDocumentAdded:
    """Store a file for its job (see the module's docstring); returns at once, `queued`."""
    assert service.jobs is not None
    check_readable(raw, filename)
    digest = await asyncio.to_thread(lambda: hashlib.sha256(raw).hexdigest())
    collection_id = str(collection["id"])
    title = (data.title or "").strip()
    async with service.db.as_user(claims) as conn:
        existing = await store.find_document(conn, collection_id, digest)
        if existing is not None:
            return MemoryDocumentAdded(document=document_from_row(existing), deduplicated=True)
        row = await store.insert_document(
            conn,
            collection_id=collection_id,
            title=(title or filename or "Untitled")[:500],
            source="file",
            source_url=None,
            filename=filename,
            metadata=dict(data.metadata),
            content_hash=digest,
            chunk_count=0,
            char_count=0,
        )
        if row is None:  # the same file, added at the same moment
            existing = await store.find_document(conn, collection_id, digest)
            if existing is None:  # pragma: no cover - the other writer's document was deleted meanwhile
                raise CollectionNotFound("memory collection not found")
            return MemoryDocumentAdded(document=document_from_row(existing), deduplicated=True)
        await uploads.insert_upload(
            conn,
            document_id=str(row["id"]),
            collection_id=collection_id,
            filename=filename,
            title_given=bool(title),
            content=raw,
        )
        await store.touch_collection(conn, collection_id)
    document_id = str(row["id"])
    try:
        await lanes.queue_embedding(service, claims, document_id)
    except DependencyUnavailable:
        await fail(service, claims, document_id, "The work queue was unavailable; add it again.")
        raise
    return MemoryDocumentAdded(document=document_from_row(row), deduplicated=False)


async def read_upload(
    service: MemoryService, claims: Claims, collection: Mapping[str, Any], row: Row, chunker: chunking.Chunker
) -> Row | None:
    """The job's first step for a file: read it into the document's chunks. The document's
    row after (`embedding`, or `failed` with the reason; unchanged when it has no upload);
    None when it was deleted meanwhile."""
    document_id = str(row["id"])
    async with service.db.as_user(claims) as conn:
        upload = await uploads.fetch_upload(conn, document_id)
        if upload is None:
            return row
        moved = await store.set_document_progress(conn, document_id, status="extracting", pages_read=0)
    if moved is None:
        return None
    try:
        extracted = await _extract(service, claims, document_id, bytes(upload["content"]), upload["filename"])
    except (UnreadableDocument, DocumentTooLarge) as exc:
        return await fail(service, claims, document_id, str(exc))
    except Exception as exc:  # pypdf and python-docx raise many kinds for a damaged file
        return await fail(service, claims, document_id, f"The file could not be read: {exc}")
    text = extracted.text
    limit = service.limits.max_file_bytes
    if len(text.encode("utf-8")) > limit:
        return await fail(
            service, claims, document_id, f"The text is over {limit // (1024 * 1024)} MB; split the file."
        )
    if not chunking.normalize(text):
        return await fail(service, claims, document_id, "The document has no text.")
    chunks = await asyncio.to_thread(chunker.split, text, pages=extracted.pages)
    metadata = {**extracted.metadata, **dict(row["metadata"] or {})}
    title = None if upload["title_given"] else _title(extracted, upload["filename"])
    async with service.db.as_user(claims) as conn:
        if not await uploads.delete_upload(conn, document_id):
            return await store.fetch_document(conn, document_id)  # another job read it
        await store.insert_chunks(
            conn,
            collection_id=str(collection["id"]),
            document_id=document_id,
            contents=[c.text for c in chunks],
            hashes=[chunking.content_hash(c.text) for c in chunks],
            metadata=[{**metadata, **c.metadata} for c in chunks],
            dimensions=int(collection["dimensions"]),
        )
        return await store.set_document_text(
            conn,
            document_id,
            title=title,
            metadata=metadata,
            chunk_count=len(chunks),
            char_count=len(text),
            pages_total=len(extracted.pages) if extracted.kind == "pdf" else None,
        )


async def fail(service: MemoryService, claims: Claims, document_id: str, reason: str) -> Row | None:
    """Mark a document in progress `failed` with the reason, and delete its upload, in one
    transaction; None when it was not in progress."""
    async with service.db.as_user(claims) as conn:
        await uploads.delete_upload(conn, document_id)
        return await store.set_document_progress(conn, document_id, status="failed", error=reason[:2000])


async def _extract(
    service: MemoryService, claims: Claims, document_id: str, raw: bytes, filename: str | None
) -> Extracted:
    """`extract` in a thread, writing the pages it has read to the document as it goes."""
    latest: list[int] = [0, 0]

    def progress(done: int, total: int) -> None:
        latest[:] = [done, total]

    reading = asyncio.ensure_future(
        asyncio.to_thread(extract, raw, filename, max_pages=service.limits.max_pdf_pages, progress=progress)
    )
    written = (0, 0)
    while not reading.done():
        await asyncio.wait({reading}, timeout=PROGRESS_EVERY_S)
        now = (latest[0], latest[1])
        if now != written and now[1] and not reading.done():
            written = now
            async with service.db.as_user(claims) as conn:
                await store.set_document_progress(
                    conn, document_id, status="extracting", pages_read=now[0], pages_total=now[1]
                )
    return reading.result()


def _title(extracted: Extracted, filename: str | None) -> str:
    return (extracted.title or filename or chunking.first_line(extracted.text))[:500]
