"""What users (through the API) and workflow runs (through `access`) do with memory.

Each read or write is a transaction as the user, so RLS is the access control: another
user's collection or document is not there (404, never 403). Adding a document: read
its text (a file by its kind, `extract`; a URL's main content, `sources`), normalize and
hash it; if the collection holds that hash already, return that document (nothing
stored); else split it into chunks that fit the embedding model (`chunking`), store the
document (`queued`) and its chunks without embeddings in one transaction, and hand it to
a worker job (`embed_document`), which embeds the chunks batch by batch, counting its
progress, and marks the document `ready` or `failed` with the reason. The request
returns at once; search sees only `ready` documents. Two writers racing with the same
text meet at the unique (collection_id, content_hash) constraint: one stores, the other
gets the first's document, deduplicated.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import psycopg

from orrery.credentials import CredentialService
from orrery.errors import DependencyUnavailable, InvalidInput
from orrery.memory import chunking
from orrery.memory.embeddings import (
    LOCAL_DIMENSIONS,
    LOCAL_MODEL,
    LOCAL_PROVIDER,
    PROBE_TEXT,
    Embedder,
    LocalEmbedder,
    ProviderEmbedder,
    Vectors,
)
from orrery.memory.errors import (
    CollectionNameTaken,
    CollectionNotFound,
    DocumentNotFound,
    DocumentTooLarge,
    EmbeddingFailed,
    EmbeddingModelUnavailable,
    SourceFetchFailed,
)
from orrery.memory.extract import Extracted, extract
from orrery.memory.models import (
    MemoryChunkRead,
    MemoryCollectionCreate,
    MemoryCollectionRead,
    MemoryDocumentAdded,
    MemoryDocumentCreate,
    MemoryDocumentList,
    MemoryDocumentRead,
    MemoryPageFailure,
    MemorySearch,
    MemorySearchHit,
    MemorySearchResults,
)
from orrery.memory.sources import FetchedText, discover, fetch_url
from orrery.net import SafeHttpClient
from orrery.nodes.base import MemoryAccess
from orrery.queue.dispatcher import DocumentJobs
from orrery.settings import MemorySettings
from orrery.store import memories as store
from orrery.store.database import Database

EMBED_BATCH: Final = 64
"""Chunks read, embedded and written per step of a job (the embedder batches them further,
`ORRERY_EMBEDDING_BATCH_SIZE`, so its memory bound holds), and how often progress moves."""
EMBED_ATTEMPTS: Final = 3
Claims = Mapping[str, Any]


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


@dataclass
class MemoryService:
    db: Database
    local: LocalEmbedder
    http: SafeHttpClient
    """Fetches URL documents, and guards OpenAI-compatible embedding endpoints (SSRF)."""
    credentials: CredentialService | None = None
    """Decrypts a collection's provider key (None: only the built-in model)."""
    jobs: DocumentJobs | None = None
    """Where documents go to be embedded (the API: the worker queue). None: in place."""
    limits: MemorySettings = field(default_factory=MemorySettings)
    """File size, PDF pages and crawled pages allowed."""

    # --- collections ------------------------------------------------------------------

    async def list_collections(self, claims: Claims) -> list[MemoryCollectionRead]:
        async with self.db.as_user(claims) as conn:
            rows = await store.list_collections(conn)
        return [_collection(row) for row in rows]

    async def get_collection(self, claims: Claims, collection_id: str) -> MemoryCollectionRead:
        return _collection(await self._collection(claims, collection_id))

    async def create_collection(self, claims: Claims, data: MemoryCollectionCreate) -> MemoryCollectionRead:
        name = data.name.strip()
        if not name:
            raise InvalidInput("Give the collection a name.", [{"field": "name", "message": "required"}])
        credential_id = str(data.credential_id) if data.credential_id else None
        if data.embedding_provider == LOCAL_PROVIDER:
            if data.embedding_model not in (None, LOCAL_MODEL) or credential_id:
                raise InvalidInput(
                    f"The built-in embedding model is {LOCAL_MODEL} and needs no key.",
                    [{"field": "embedding_model", "message": f"leave empty or {LOCAL_MODEL}"}],
                )
            model, dimensions = LOCAL_MODEL, LOCAL_DIMENSIONS
        else:
            problems: list[dict[str, object]] = []
            if not data.embedding_model:
                problems.append(
                    {"field": "embedding_model", "message": "Name the provider's embedding model."}
                )
            if credential_id is None:
                problems.append({"field": "credential_id", "message": "Choose one of your saved keys."})
            if problems:
                raise InvalidInput(str(problems[0]["message"]), problems)
            model = (data.embedding_model or "").strip()
            assert credential_id is not None
            embedder = await self._provider_embedder(claims, data.embedding_provider, model, credential_id)
            dimensions = int((await embedder.embed([PROBE_TEXT])).shape[1])
        try:
            async with self.db.as_user(claims) as conn:
                row = await store.insert_collection(
                    conn,
                    name=name,
                    description=data.description.strip(),
                    embedding_provider=data.embedding_provider,
                    embedding_model=model,
                    dimensions=dimensions,
                    credential_id=credential_id,
                )
        except psycopg.errors.ForeignKeyViolation:
            raise InvalidInput(
                "That saved key was not found.", [{"field": "credential_id", "message": "not found"}]
            ) from None
        if row is None:
            raise CollectionNameTaken(f"You already have a memory collection named “{name}”.")
        return _collection(row)

    async def delete_collection(self, claims: Claims, collection_id: str) -> None:
        async with self.db.as_user(claims) as conn:
            if not await store.delete_collection(conn, collection_id):
                raise CollectionNotFound("memory collection not found")

    # --- documents --------------------------------------------------------------------

    async def list_documents(
        self, claims: Claims, collection_id: str, *, limit: int = 50, offset: int = 0
    ) -> MemoryDocumentList:
        async with self.db.as_user(claims) as conn:
            if await store.fetch_collection(conn, collection_id) is None:
                raise CollectionNotFound("memory collection not found")
            rows, total = await store.list_documents(conn, collection_id, limit=limit, offset=offset)
        return MemoryDocumentList(items=[_document(row) for row in rows], total=total)

    async def get_document(self, claims: Claims, document_id: str) -> MemoryDocumentRead:
        async with self.db.as_user(claims) as conn:
            row = await store.fetch_document(conn, document_id)
        if row is None:
            raise DocumentNotFound("memory document not found")
        return _document(row)

    async def list_chunks(self, claims: Claims, document_id: str) -> list[MemoryChunkRead]:
        async with self.db.as_user(claims) as conn:
            if await store.fetch_document(conn, document_id) is None:
                raise DocumentNotFound("memory document not found")
            rows = await store.list_chunks(conn, document_id)
        return [
            MemoryChunkRead(
                id=r["id"], chunk_index=r["chunk_index"], content=r["content"], metadata=r["metadata"]
            )
            for r in rows
        ]

    async def delete_document(self, claims: Claims, document_id: str) -> None:
        async with self.db.as_user(claims) as conn:
            if not await store.delete_document(conn, document_id):
                raise DocumentNotFound("memory document not found")

    async def add_document(
        self, claims: Claims, collection_id: str, data: MemoryDocumentCreate
    ) -> MemoryDocumentAdded:
        """Store a document and queue it for embedding: returns at once, `queued` (or
        `ready` when no worker queue is configured and it was embedded in place)."""
        collection = await self._collection(claims, collection_id)
        if data.source == "url":
            return await self._add_url(claims, collection, data)
        filename = (data.filename or "").strip() or None if data.source == "file" else None
        if data.content_base64 is not None:
            if data.source != "file":
                raise InvalidInput(
                    "A file's content goes with source `file`.",
                    [{"field": "content_base64", "message": "only with source `file`"}],
                )
            extracted = await asyncio.to_thread(self._extract_file, data.content_base64, filename)
            document = NewDocument(
                text=extracted.text,
                title=(data.title or "").strip()
                or extracted.title
                or filename
                or _first_line(extracted.text),
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
        row, deduplicated = await self.ingest(claims, collection, document, background=True)
        return MemoryDocumentAdded(document=_document(row), deduplicated=deduplicated)

    def _extract_file(self, content_base64: str, filename: str | None) -> Extracted:
        limit = self.limits.max_file_bytes
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
        return extract(raw, filename, max_pages=self.limits.max_pdf_pages)

    async def _add_url(
        self, claims: Claims, collection: Mapping[str, Any], data: MemoryDocumentCreate
    ) -> MemoryDocumentAdded:
        if not data.url or not data.url.strip():
            raise InvalidInput("Give the URL to fetch.", [{"field": "url", "message": "required"}])
        limit = self.limits.max_file_bytes

        def page_document(fetched: FetchedText, title: str | None = None) -> NewDocument:
            published = {"published": fetched.published} if fetched.published else {}
            return NewDocument(
                text=fetched.text,
                title=(title or "").strip() or fetched.title,
                source="url",
                source_url=fetched.url,
                metadata={**published, **data.metadata},
            )

        fetched = await fetch_url(self.http, data.url.strip(), max_text_bytes=limit)
        row, deduplicated = await self.ingest(claims, collection, page_document(fetched, data.title))
        added = MemoryDocumentAdded(document=_document(row), deduplicated=deduplicated)
        if data.follow is None:
            return added
        most = min(data.max_pages or self.limits.max_crawl_pages, self.limits.max_crawl_pages)
        more = await discover(self.http, fetched.url, follow=data.follow, limit=most - 1)
        gate = asyncio.Semaphore(4)

        async def add(url: str) -> None:
            async with gate:
                try:
                    page = await fetch_url(self.http, url, max_text_bytes=limit)
                    row, deduplicated = await self.ingest(claims, collection, page_document(page))
                except (InvalidInput, DocumentTooLarge, SourceFetchFailed) as exc:
                    added.failed_pages.append(MemoryPageFailure(url=url, reason=str(exc)))
                    return
                if not deduplicated:
                    added.also_added.append(_document(row))

        await asyncio.gather(*(add(url) for url in more))
        return added

    async def ingest(
        self, claims: Claims, collection: Mapping[str, Any], doc: NewDocument, *, background: bool = True
    ) -> tuple[Any, bool]:
        """Store a document in a collection (a row from the store): (document row, deduplicated).

        The document and its chunks (text, no embeddings) are stored in one transaction,
        `queued`; then a worker job embeds them (`background` and a job queue), or this
        call does (a workflow's memory write, whose next step may search it)."""
        if len(doc.text.encode("utf-8")) > self.limits.max_file_bytes:
            raise DocumentTooLarge(
                f"The text is over {_size(self.limits.max_file_bytes)}; split it into smaller documents."
            )
        normalized = chunking.normalize(doc.text)
        if not normalized:
            raise InvalidInput("The document has no text.", [{"field": "text", "message": "empty"}])
        digest = chunking.content_hash(doc.text)
        collection_id = str(collection["id"])
        async with self.db.as_user(claims) as conn:
            existing = await store.find_document(conn, collection_id, digest)
        if existing is not None:
            return existing, True
        chunker = self._chunker(collection)
        chunks = await asyncio.to_thread(chunker.split, doc.text, pages=doc.pages)
        metadata = dict(doc.metadata or {})
        async with self.db.as_user(claims) as conn:
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
        if background and self.jobs is not None:
            try:
                await self.jobs.embed_document(document_id, str(claims["sub"]))
            except DependencyUnavailable:
                await self._settle(claims, document_id, "The work queue was unavailable; add it again.")
                raise
            return row, False
        done = await self.embed_document(claims, document_id)
        if done is not None and done["status"] == "failed":
            raise EmbeddingFailed(str(done["error"]))
        return done or row, False

    async def embed_document(self, claims: Claims, document_id: str) -> dict[str, Any] | None:
        """Embed a document's chunks that have no embedding yet, batch by batch, counting
        them, then mark it `ready` (or `failed`, with the reason). Resumable: a job that
        stopped half-way (a worker killed) embeds only what is left. The document's row at
        the end; None when it was deleted meanwhile."""
        async with self.db.as_user(claims) as conn:
            row = await store.fetch_document(conn, document_id)
            if row is None or row["status"] in ("ready", "failed"):
                return row
            collection = await store.fetch_collection(conn, str(row["collection_id"]))
            row = await store.set_document_progress(conn, document_id, status="embedding")
        if row is None or collection is None:
            return row
        done = int(row["chunks_embedded"])
        try:
            embedder = await self.embedder_for(claims, collection)
            while True:
                async with self.db.as_user(claims) as conn:
                    batch = await store.unembedded_chunks(conn, document_id, limit=EMBED_BATCH)
                if not batch:
                    break
                vectors = await self._embed_retrying(embedder, collection, [c["content"] for c in batch])
                async with self.db.as_user(claims) as conn:
                    done += await store.set_embeddings(conn, [c["id"] for c in batch], vectors)
                    row = await store.set_document_progress(
                        conn, document_id, status="embedding", chunks_embedded=done
                    )
                if row is None:
                    return None
        except (EmbeddingFailed, EmbeddingModelUnavailable, InvalidInput) as exc:
            return await self._settle(claims, document_id, str(exc))
        async with self.db.as_user(claims) as conn:
            return await store.set_document_progress(conn, document_id, status="ready", chunks_embedded=done)

    async def _settle(self, claims: Claims, document_id: str, reason: str) -> dict[str, Any] | None:
        async with self.db.as_user(claims) as conn:
            return await store.set_document_progress(conn, document_id, status="failed", error=reason[:2000])

    async def _embed_retrying(
        self, embedder: Embedder, collection: Mapping[str, Any], texts: list[str]
    ) -> Vectors:
        """A provider's passing refusal (429, 5xx, a network error) is tried again, twice."""
        for attempt in range(EMBED_ATTEMPTS):
            try:
                return await self._embed_with(embedder, collection, texts)
            except EmbeddingFailed as exc:
                if not exc.retryable or attempt == EMBED_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(2.0 * 4**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _chunker(self, collection: Mapping[str, Any]) -> chunking.Chunker:
        tokens = chunking.chunk_tokens(
            str(collection["embedding_provider"]), str(collection["embedding_model"])
        )
        return chunking.Chunker(self.local.tokenizer_file(), tokens)

    # --- search -----------------------------------------------------------------------

    async def search(self, claims: Claims, collection_id: str, data: MemorySearch) -> MemorySearchResults:
        collection = await self._collection(claims, collection_id)
        rows = await self.search_collection(claims, collection, data.query, k=data.k, metadata=data.metadata)
        return MemorySearchResults(
            results=[
                MemorySearchHit(
                    chunk_id=r["id"],
                    document_id=r["document_id"],
                    document_title=r["document_title"],
                    chunk_index=int(r["chunk_index"]),
                    content=r["content"],
                    score=float(r["score"]),
                    metadata=r["metadata"],
                )
                for r in rows
            ]
        )

    async def search_collection(
        self,
        claims: Claims,
        collection: Mapping[str, Any],
        query: str,
        *,
        k: int,
        metadata: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """The top-k chunks as rows (best first). Never short when the collection has k
        matching chunks: the index search falls back to an exact one if it is."""
        vector = (await self._embed(claims, collection, [query]))[0]
        collection_id = str(collection["id"])
        async with self.db.as_user(claims) as conn:
            rows = await store.search(conn, collection_id=collection_id, query=vector, k=k, metadata=metadata)
        if len(rows) < k and int(collection.get("chunk_count") or 0) > len(rows):
            async with self.db.as_user(claims) as conn:
                rows = await store.search(
                    conn, collection_id=collection_id, query=vector, k=k, metadata=metadata, exact=True
                )
        for row in rows:
            row["score"] = float(row["score"])
        return rows

    # --- runs -------------------------------------------------------------------------

    def access(self, claims: Claims) -> MemoryAccess:
        """The run owner's memory, for workflow nodes."""
        from orrery.memory.access import RunMemory

        return RunMemory(self, dict(claims))

    # --- helpers ----------------------------------------------------------------------

    async def _collection(self, claims: Claims, collection_id: str) -> dict[str, Any]:
        async with self.db.as_user(claims) as conn:
            row = await store.fetch_collection(conn, collection_id)
        if row is None:
            raise CollectionNotFound("memory collection not found")
        return row

    async def embedder_for(self, claims: Claims, collection: Mapping[str, Any]) -> Embedder:
        provider = str(collection["embedding_provider"])
        if provider == LOCAL_PROVIDER:
            return self.local
        credential_id = collection["credential_id"]
        if credential_id is None:
            raise EmbeddingFailed(
                f"The collection “{collection['name']}” uses {collection['embedding_model']}, "
                "but its saved key was deleted."
            )
        return await self._provider_embedder(
            claims, provider, str(collection["embedding_model"]), str(credential_id)
        )

    async def _provider_embedder(
        self, claims: Claims, provider: str, model: str, credential_id: str
    ) -> ProviderEmbedder:
        from orrery.agents.errors import AgentError

        if self.credentials is None:
            raise EmbeddingFailed("This engine cannot read saved keys (no ORRERY_MASTER_KEY).")
        try:
            credential = await self.credentials.resolve(claims, credential_id)
        except AgentError as exc:
            raise InvalidInput(str(exc), [{"field": "credential_id", "message": str(exc)}]) from None
        if credential.provider != provider:
            raise InvalidInput(
                f"The saved key “{credential.label}” is for {credential.provider}, not {provider}.",
                [{"field": "credential_id", "message": "wrong provider"}],
            )
        return ProviderEmbedder(provider, model, credential, self.http)

    async def _embed(self, claims: Claims, collection: Mapping[str, Any], texts: list[str]) -> Vectors:
        return await self._embed_with(await self.embedder_for(claims, collection), collection, texts)

    async def _embed_with(
        self, embedder: Embedder, collection: Mapping[str, Any], texts: list[str]
    ) -> Vectors:
        vectors = await embedder.embed(texts)
        expected = int(collection["dimensions"])
        if vectors.shape != (len(texts), expected):
            raise EmbeddingFailed(
                f"The embedding model gave {vectors.shape[-1]} dimensions; the collection "
                f"“{collection['name']}” was made with {expected}."
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def _first_line(text: str) -> str:
    for line in text.strip().splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:120]
    return "Untitled"


def _collection(row: Mapping[str, Any]) -> MemoryCollectionRead:
    return MemoryCollectionRead(
        id=row["id"],
        name=row["name"],
        description=row["description"],
        embedding_provider=row["embedding_provider"],
        embedding_model=row["embedding_model"],
        dimensions=int(row["dimensions"]),
        credential_id=row["credential_id"],
        document_count=int(row["document_count"]),
        chunk_count=int(row["chunk_count"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _document(row: Mapping[str, Any]) -> MemoryDocumentRead:
    return MemoryDocumentRead(
        id=row["id"],
        collection_id=row["collection_id"],
        title=row["title"],
        source=row["source"],
        source_url=row["source_url"],
        filename=row["filename"],
        metadata=row["metadata"],
        content_hash=row["content_hash"],
        chunk_count=int(row["chunk_count"]),
        char_count=int(row["char_count"]),
        status=row["status"],
        chunks_embedded=int(row["chunks_embedded"]),
        error=row["error"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
