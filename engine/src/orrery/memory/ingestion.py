"""Adding documents to memory, and the worker job that embeds them.

A file added through the API is not read here: its bytes are stored for the worker's job,
which reads it first (`uploads`); with no job queue (a workflow's write, a test) it is read
in place.

A document's text is read by its kind (`extract`: PDF, DOCX, HTML, text; a URL's main
content: `crawl`, `sources`), normalized and hashed; a collection that holds the hash
already returns its document (nothing stored). Otherwise the text is split into chunks
that fit the embedding model (`chunking`), and the document (`queued`) and its chunks
(text, no embedding) are stored in one transaction. Then a worker embeds them
(`embed_document`, the `embed_document` actor): batch by batch, counting
`chunks_embedded`, and marks the document `ready`, or `failed` with a reason a person can
act on. The request returns at once; search sees only `ready` documents. A workflow's
memory write embeds in place (`background=False`): its next step may search what it wrote.

Limits (`MemorySettings`): the file and the text at most `max_file_bytes` (20 MB), a PDF
at most `max_pdf_pages` (200), a crawl at most `max_crawl_pages` (20).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from orrery.errors import DependencyUnavailable, InvalidInput
from orrery.memory import chunking, lanes, uploads
from orrery.memory.embeddings import Embedder, Vectors
from orrery.memory.errors import (
    CollectionNotFound,
    DocumentTooLarge,
    EmbeddingFailed,
    EmbeddingModelUnavailable,
)
from orrery.memory.extract import extract
from orrery.memory.models import (
    MemoryDocumentAdded,
    MemoryDocumentCreate,
    document_from_row,
)
from orrery.settings import MemorySettings
from orrery.store import memories as store

if TYPE_CHECKING:
    from orrery.memory.service import MemoryService

Claims = Mapping[str, Any]
EMBED_BATCH: Final = 64
"""Chunks read, embedded and written per step of a job (the embedder batches them further,
`ORRERY_EMBEDDING_BATCH_SIZE`, so its memory bound holds), and how often progress moves."""
EMBED_ATTEMPTS: Final = 3


@dataclass
class NewDocument:
    """A document's text and where it came from, before it is stored."""

    text: str
    title: str
    source: str
    source_url: str | None = None
    filename: str | None = None
    metadata: Mapping[str, Any] | None = None
    pages: list[int] = field(default_factory=list)
    """Where each page starts in `text` (a PDF's, a DOCX's): chunks are told their pages."""


async def add_document(
    service: MemoryService, claims: Claims, collection: Mapping[str, Any], data: MemoryDocumentCreate
) -> MemoryDocumentAdded:
    """Store a document and queue it for embedding: returns at once, `queued` (or
    `ready` when no worker queue is configured and it was embedded in place)."""
    filename = (data.filename or "").strip() or None if data.source == "file" else None
    if data.content_base64 is not None:
        if data.source != "file":
            raise InvalidInput(
                "A file's content goes with source `file`.",
                [{"field": "content_base64", "message": "only with source `file`"}],
            )
        raw = await asyncio.to_thread(_decode_file, service.limits, data.content_base64)
        if service.jobs is not None:  # read by the worker's job (`uploads`)
            return await uploads.accept(service, claims, collection, raw, filename, data)
        extracted = await asyncio.to_thread(extract, raw, filename, max_pages=service.limits.max_pdf_pages)
        document = NewDocument(
            text=extracted.text,
            title=(data.title or "").strip() or extracted.title or filename or _first_line(extracted.text),
            source="file",
            filename=filename,
            metadata={**extracted.metadata, **data.metadata},
            pages=extracted.pages,
        )
    else:
        if data.text is None or not data.text.strip():
            raise InvalidInput("The document has no text.", [{"field": "text", "message": "required"}])
        document = NewDocument(
            text=data.text,
            title=(data.title or "").strip() or filename or _first_line(data.text),
            source=data.source,
            filename=filename,
            metadata=data.metadata,
        )
    row, deduplicated = await ingest(service, claims, collection, document, background=True)
    return MemoryDocumentAdded(document=document_from_row(row), deduplicated=deduplicated)


def _decode_file(limits: MemorySettings, content_base64: str) -> bytes:
    limit = limits.max_file_bytes
    if len(content_base64) > (limit + 2) // 3 * 4 + 4:
        raise DocumentTooLarge(f"The file is over {_size(limit)}.")
    try:
        raw = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            "The file's content is not base64.", [{"field": "content_base64", "message": "not base64"}]
        ) from None
    if not raw:
        raise InvalidInput("The file is empty.", [{"field": "content_base64", "message": "empty"}])
    if len(raw) > limit:
        raise DocumentTooLarge(f"The file is over {_size(limit)}.")
    return raw


async def ingest(
    service: MemoryService,
    claims: Claims,
    collection: Mapping[str, Any],
    doc: NewDocument,
    *,
    background: bool = True,
) -> tuple[Any, bool]:
    """Store a document in a collection (a row from the store): (document row, deduplicated).

    The document and its chunks (text, no embeddings) are stored in one transaction,
    `queued`; then a worker job embeds them (`background` and a job queue), or this
    call does (a workflow's memory write, whose next step may search it)."""
    if len(doc.text.encode("utf-8")) > service.limits.max_file_bytes:
        raise DocumentTooLarge(
            f"The text is over {_size(service.limits.max_file_bytes)}; split it into smaller documents."
        )
    normalized = chunking.normalize(doc.text)
    if not normalized:
        raise InvalidInput("The document has no text.", [{"field": "text", "message": "empty"}])
    digest = chunking.content_hash(doc.text)
    collection_id = str(collection["id"])
    async with service.db.as_user(claims) as conn:
        existing = await store.find_document(conn, collection_id, digest)
    if existing is not None:
        return existing, True
    chunker = _chunker(service, collection)
    chunks = await asyncio.to_thread(chunker.split, doc.text, pages=doc.pages)
    metadata = dict(doc.metadata or {})
    async with service.db.as_user(claims) as conn:
        row = await store.insert_document(
            conn,
            collection_id=collection_id,
            title=(doc.title.strip() or _first_line(doc.text))[:500],
            source=doc.source,
            source_url=doc.source_url,
            filename=doc.filename,
            metadata=metadata,
            content_hash=digest,
            chunk_count=len(chunks),
            char_count=len(doc.text),
        )
        if row is None:
            existing = await store.find_document(conn, collection_id, digest)
            if existing is None:  # pragma: no cover - the other writer's document was deleted meanwhile
                raise CollectionNotFound("memory collection not found")
            return existing, True
        await store.insert_chunks(
            conn,
            collection_id=collection_id,
            document_id=str(row["id"]),
            contents=[c.text for c in chunks],
            hashes=[chunking.content_hash(c.text) for c in chunks],
            metadata=[{**metadata, **c.metadata} for c in chunks],
            dimensions=int(collection["dimensions"]),
        )
        await store.touch_collection(conn, collection_id)
    document_id = str(row["id"])
    if background and service.jobs is not None:
        try:
            await lanes.queue_embedding(service, claims, document_id)
        except DependencyUnavailable:
            await settle(service, claims, document_id, "The work queue was unavailable; add it again.")
            raise
        return row, False
    done = await embed_document(service, claims, document_id)
    if done is not None and done["status"] == "failed":
        raise EmbeddingFailed(str(done["error"]))
    return done or row, False


async def embed_document(service: MemoryService, claims: Claims, document_id: str) -> dict[str, Any] | None:
    """Embed a document's chunks that have no embedding yet, batch by batch, counting
    them, then mark it `ready` (or `failed`, with the reason). Resumable: a job that
    stopped half-way (a worker killed) embeds only what is left. The document's row at
    the end; None when it was deleted meanwhile."""
    async with service.db.as_user(claims) as conn:
        row = await store.fetch_document(conn, document_id)
        if row is None or row["status"] in ("ready", "failed"):
            return row
        collection = await store.fetch_collection(conn, str(row["collection_id"]))
    if collection is None:
        return row
    if row["status"] in ("queued", "extracting"):  # a file is read first (`uploads`)
        row = await uploads.read_upload(service, claims, collection, row, _chunker(service, collection))
        if row is None or row["status"] in ("ready", "failed"):
            return row
    async with service.db.as_user(claims) as conn:
        row = await store.set_document_progress(conn, document_id, status="embedding")
    if row is None:
        return row
    done = int(row["chunks_embedded"])
    try:
        embedder = await service.embedder_for(claims, collection)
        while True:
            async with service.db.as_user(claims) as conn:
                batch = await store.unembedded_chunks(conn, document_id, limit=EMBED_BATCH)
            if not batch:
                break
            vectors = await _embed_retrying(service, embedder, collection, [c["content"] for c in batch])
            async with service.db.as_user(claims) as conn:
                done += await store.set_embeddings(conn, [c["id"] for c in batch], vectors)
                row = await store.set_document_progress(
                    conn, document_id, status="embedding", chunks_embedded=done
                )
            if row is None:
                return None
    except (EmbeddingFailed, EmbeddingModelUnavailable, InvalidInput) as exc:
        return await settle(service, claims, document_id, str(exc))
    async with service.db.as_user(claims) as conn:
        return await store.set_document_progress(conn, document_id, status="ready", chunks_embedded=done)


async def settle(
    service: MemoryService, claims: Claims, document_id: str, reason: str
) -> dict[str, Any] | None:
    """Mark a document in progress `failed` with the reason (deleting a file's upload with
    it); None when it is not in progress."""
    return await uploads.fail(service, claims, document_id, reason)


async def _embed_retrying(
    service: MemoryService, embedder: Embedder, collection: Mapping[str, Any], texts: list[str]
) -> Vectors:
    """A provider's passing refusal (429, 5xx, a network error) is tried again, twice."""
    for attempt in range(EMBED_ATTEMPTS):
        try:
            return await service.embed_with(embedder, collection, texts)
        except EmbeddingFailed as exc:
            if not exc.retryable or attempt == EMBED_ATTEMPTS - 1:
                raise
            await asyncio.sleep(2.0 * 4**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _chunker(service: MemoryService, collection: Mapping[str, Any]) -> chunking.Chunker:
    tokens = chunking.chunk_tokens(str(collection["embedding_provider"]), str(collection["embedding_model"]))
    return chunking.Chunker(service.local.tokenizer_file(), tokens)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def _first_line(text: str) -> str:
    return chunking.first_line(text)
