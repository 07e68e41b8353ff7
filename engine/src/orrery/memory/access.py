"""`RunMemory`: the run owner's memory as workflow nodes see it (`nodes.base.MemoryAccess`).

Collections are addressed by name. Searching one that does not exist finds nothing;
writing to one that does not exist creates it with the built-in embedding model. The
service's errors become node errors, with a message for whoever built the workflow and
whether another attempt could succeed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from orrery.errors import DependencyUnavailable, NotFound, OrreryError
from orrery.memory.errors import EmbeddingFailed, MemoryFailed, MemoryUnavailable
from orrery.nodes.base import MemoryHit, MemoryWriteResult
from orrery.nodes.errors import NodeError
from orrery.store import memories as store

if TYPE_CHECKING:
    from orrery.memory.service import MemoryService


class RunMemory:
    def __init__(self, service: MemoryService, claims: dict[str, Any]) -> None:
        self._service = service
        self._claims = claims

    async def search(
        self, collection: str, query: str, *, k: int = 5, metadata: Mapping[str, Any] | None = None
    ) -> list[MemoryHit]:
        try:
            async with self._service.db.as_user(self._claims) as conn:
                found = await store.fetch_collection_by_name(conn, collection)
            if found is None:
                return []
            rows = await self._service.search_collection(self._claims, found, query, k=k, metadata=metadata)
        except OrreryError as exc:
            raise _node_error(exc, f"Searching the memory collection “{collection}” failed") from exc
        return [
            MemoryHit(
                chunk_id=str(r["id"]),
                document_id=str(r["document_id"]),
                document_title=r["document_title"],
                chunk_index=int(r["chunk_index"]),
                content=r["content"],
                score=float(r["score"]),
                metadata=dict(r["metadata"] or {}),
            )
            for r in rows
        ]

    async def write(
        self,
        collection: str,
        content: str,
        *,
        title: str,
        metadata: Mapping[str, Any] | None = None,
    ) -> MemoryWriteResult:
        from orrery.memory.ingestion import NewDocument

        try:
            found = await self._collection_named(collection)
            row, deduplicated = await self._service.ingest(
                self._claims,
                found,
                NewDocument(text=content, title=title, source="run", metadata=metadata),
                background=False,
            )
        except OrreryError as exc:
            raise _node_error(exc, f"Writing to the memory collection “{collection}” failed") from exc
        return MemoryWriteResult(
            document_id=str(row["id"]),
            collection_id=str(row["collection_id"]),
            chunks=int(row["chunk_count"]),
            deduplicated=deduplicated,
        )

    async def _collection_named(self, name: str) -> dict[str, Any]:
        """The collection, created with the built-in model if it does not exist yet."""
        from orrery.memory.embeddings import LOCAL_DIMENSIONS, LOCAL_MODEL, LOCAL_PROVIDER

        async with self._service.db.as_user(self._claims) as conn:
            found = await store.fetch_collection_by_name(conn, name)
            if found is None:
                await store.insert_collection(
                    conn,
                    name=name,
                    description="Created by a workflow's memory write.",
                    embedding_provider=LOCAL_PROVIDER,
                    embedding_model=LOCAL_MODEL,
                    dimensions=LOCAL_DIMENSIONS,
                    credential_id=None,
                )
                found = await store.fetch_collection_by_name(conn, name)
        if found is None:  # pragma: no cover - deleted in the same instant
            raise NotFound(f"memory collection {name!r} not found")
        return found


def _node_error(exc: OrreryError, what: str) -> NodeError:
    if isinstance(exc, NodeError):
        return exc
    if isinstance(exc, DependencyUnavailable):
        return MemoryUnavailable(f"{what}: {exc}")
    if isinstance(exc, EmbeddingFailed):
        return MemoryFailed(f"{what}: {exc}", retryable=exc.retryable)
    return MemoryFailed(f"{what}: {exc}")
