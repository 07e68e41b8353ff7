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

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import psycopg

from orrery.credentials import CredentialService
from orrery.errors import InvalidInput
from orrery.memory import crawl, ingestion
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
    EmbeddingFailed,
)
from orrery.memory.ingestion import NewDocument
from orrery.memory.models import (
    MemoryChunkRead,
    MemoryCollectionCreate,
    MemoryCollectionRead,
    MemoryDocumentAdded,
    MemoryDocumentCreate,
    MemoryDocumentList,
    MemoryDocumentRead,
    MemorySearch,
    MemorySearchHit,
    MemorySearchResults,
    collection_from_row,
    document_from_row,
)
from orrery.net import SafeHttpClient
from orrery.nodes.base import MemoryAccess
from orrery.queue.dispatcher import DocumentJobs
from orrery.settings import MemorySettings
from orrery.store import memories as store
from orrery.store.database import Database

Claims = Mapping[str, Any]


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
        return [collection_from_row(row) for row in rows]

    async def get_collection(self, claims: Claims, collection_id: str) -> MemoryCollectionRead:
        return collection_from_row(await self._collection(claims, collection_id))

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
        return collection_from_row(row)

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
        return MemoryDocumentList(items=[document_from_row(row) for row in rows], total=total)

    async def get_document(self, claims: Claims, document_id: str) -> MemoryDocumentRead:
        async with self.db.as_user(claims) as conn:
            row = await store.fetch_document(conn, document_id)
        if row is None:
            raise DocumentNotFound("memory document not found")
        return document_from_row(row)

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
        """Store a document and queue it for embedding (`orrery.memory.ingestion`); a URL's
        page, and its site's with `follow` (`orrery.memory.crawl`)."""
        collection = await self._collection(claims, collection_id)
        if data.source == "url":
            return await crawl.add_url(self, claims, collection, data)
        return await ingestion.add_document(self, claims, collection, data)

    async def ingest(
        self, claims: Claims, collection: Mapping[str, Any], doc: NewDocument, *, background: bool = True
    ) -> tuple[Any, bool]:
        """Store a document in a collection: (document row, deduplicated) (`ingestion.ingest`)."""
        return await ingestion.ingest(self, claims, collection, doc, background=background)

    async def fail_document(self, claims: Claims, document_id: str, reason: str) -> dict[str, Any] | None:
        """Mark a document still in progress failed, with the reason (its job gave up)."""
        return await ingestion.settle(self, claims, document_id, reason)

    async def embed_document(self, claims: Claims, document_id: str) -> dict[str, Any] | None:
        """The worker job: embed a document's chunks, then mark it ready or failed."""
        return await ingestion.embed_document(self, claims, document_id)

    async def crawl_site(self, claims: Claims, document_id: str) -> dict[str, Any] | None:
        """The worker job: add a URL document's site, counting its pages on its crawl."""
        return await crawl.crawl_site(self, claims, document_id)

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
        return await self.embed_with(await self.embedder_for(claims, collection), collection, texts)

    async def embed_with(
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
