"""SQL for memory: collections, documents, chunks with their embeddings, and vector search.

Every function takes a connection inside a user transaction from `Database`: RLS decides
which rows exist, and a new row's owner is the database's `auth.uid()` default.

Vectors travel in pgvector's binary form (its psycopg adapter, registered per connection
on first use). The type lives in the `extensions` schema (as on Supabase), so SQL names
it, and its operators, in full.

Search: `memories.embedding` has no dimension, and each common dimension has a partial
HNSW index on `(embedding::extensions.vector(N))` `where dimensions = N`. A query uses
that expression and predicate, with N a literal, so the planner can use the index.
HNSW filters (the collection, RLS's owner, a metadata filter) after the index scan; with
`hnsw.iterative_scan = strict_order` pgvector keeps scanning the graph until `k` rows
pass them (up to `hnsw.max_scan_tuples`), in exact distance order. `search_exact` orders
by an expression no index has: every row of the collection is compared. Chunks are stored
before they are embedded (a job embeds them, `set_embeddings`); search sees only chunks of
`ready` documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from pgvector.psycopg.vector import register_vector_info
from psycopg.types import TypeInfo
from psycopg.types.json import Jsonb

from orrery.store.database import Connection

Row = dict[str, Any]

INDEXED_DIMENSIONS: Final = frozenset({384, 768, 1024, 1536})
"""Dimensions with an HNSW index (supabase/migrations/*_memory.sql)."""
EF_SEARCH: Final = 100
"""HNSW candidate list size (pgvector's default is 40); at least `k`."""
IN_PROGRESS: Final = "('queued', 'extracting', 'embedding')"
"""The statuses of a document whose job has yet to finish (SQL)."""
MAX_SCAN_TUPLES: Final = 50_000
"""How far an iterative scan may go before it gives up (pgvector's default is 20,000)."""

_COLLECTION = (
    "c.id, c.name, c.description, c.embedding_provider, c.embedding_model, c.dimensions, "
    "c.credential_id, c.created_at, c.updated_at, "
    "coalesce(s.document_count, 0) as document_count, coalesce(s.chunk_count, 0) as chunk_count "
    "from public.memory_collections c left join lateral ("
    "select count(*) as document_count, sum(d.chunk_count) as chunk_count "
    "from public.memory_documents d where d.owner_id = c.owner_id and d.collection_id = c.id) s on true"
)
_DOCUMENT = (
    "id, collection_id, title, source, source_url, filename, metadata, content_hash, "
    "chunk_count, char_count, status, chunks_embedded, error, pages_read, pages_total, "
    "created_at, updated_at, "
    "(select jsonb_build_object('follow', c.follow, 'status', c.status, 'pages_found', c.pages_found, "
    "'pages_done', c.pages_done, 'failed_pages', c.failed_pages) from public.memory_crawls c "
    "where c.document_id = memory_documents.id) as crawl"
)
"""A document's columns, with its site's crawl (`store.memory_crawls`) when it has one."""


async def ensure_vector_type(conn: Connection) -> None:
    """Teach this connection pgvector's type (once per pooled connection)."""
    if conn.adapters.types.get("vector") is None:
        info = await TypeInfo.fetch(conn, "extensions.vector")
        register_vector_info(conn, info)


# --- collections ------------------------------------------------------------------------


async def insert_collection(
    conn: Connection,
    *,
    name: str,
    description: str,
    embedding_provider: str,
    embedding_model: str,
    dimensions: int,
    credential_id: str | None,
) -> Row | None:
    """The new collection, or None when the name is taken (by this user)."""
    cur = await conn.execute(
        "insert into public.memory_collections "
        "(name, description, embedding_provider, embedding_model, dimensions, credential_id) "
        "values (%s, %s, %s, %s, %s, %s) on conflict (owner_id, name) do nothing returning id",
        (name, description, embedding_provider, embedding_model, dimensions, credential_id),
    )
    row = await cur.fetchone()
    return None if row is None else await fetch_collection(conn, str(row["id"]))


async def list_collections(conn: Connection) -> list[Row]:
    cur = await conn.execute(f"select {_COLLECTION} order by c.name, c.id")  # type: ignore[arg-type]
    return await cur.fetchall()


async def fetch_collection(conn: Connection, collection_id: str) -> Row | None:
    cur = await conn.execute(f"select {_COLLECTION} where c.id = %s", (collection_id,))  # type: ignore[arg-type]
    return await cur.fetchone()


async def fetch_collection_by_name(conn: Connection, name: str) -> Row | None:
    cur = await conn.execute(f"select {_COLLECTION} where c.name = %s", (name,))  # type: ignore[arg-type]
    return await cur.fetchone()


async def delete_collection(conn: Connection, collection_id: str) -> bool:
    cur = await conn.execute("delete from public.memory_collections where id = %s", (collection_id,))
    return cur.rowcount > 0


async def touch_collection(conn: Connection, collection_id: str) -> None:
    await conn.execute(
        "update public.memory_collections set updated_at = now() where id = %s", (collection_id,)
    )


# --- documents --------------------------------------------------------------------------


async def list_documents(
    conn: Connection, collection_id: str, *, limit: int, offset: int
) -> tuple[list[Row], int]:
    cur = await conn.execute(
        f"select {_DOCUMENT}, count(*) over () as total from public.memory_documents "  # type: ignore[arg-type]
        "where collection_id = %s order by created_at desc, id desc limit %s offset %s",
        (collection_id, limit, offset),
    )
    rows = await cur.fetchall()
    if rows:
        return rows, int(rows[0]["total"])
    cur = await conn.execute(
        "select count(*) as total from public.memory_documents where collection_id = %s", (collection_id,)
    )
    counted = await cur.fetchone()
    return [], int(counted["total"]) if counted else 0


async def fetch_document(conn: Connection, document_id: str) -> Row | None:
    cur = await conn.execute(
        f"select {_DOCUMENT} from public.memory_documents where id = %s",  # type: ignore[arg-type]
        (document_id,),
    )
    return await cur.fetchone()


async def count_documents_in_progress(conn: Connection, at_most: int) -> int:
    """The current user's documents being read or embedded (RLS: theirs only), counted up to
    `at_most`. Served by `memory_documents_owner_id_in_progress_idx`."""
    cur = await conn.execute(
        "select count(*)::int as n from (select 1 from public.memory_documents"
        " where status in ('queued', 'extracting', 'embedding') limit %s) as busy",
        (at_most,),
    )
    row = await cur.fetchone()
    return int(row["n"]) if row else 0


async def find_document(conn: Connection, collection_id: str, content_hash: str) -> Row | None:
    cur = await conn.execute(
        f"select {_DOCUMENT} from public.memory_documents "  # type: ignore[arg-type]
        "where collection_id = %s and content_hash = %s",
        (collection_id, content_hash),
    )
    return await cur.fetchone()


async def insert_document(
    conn: Connection,
    *,
    collection_id: str,
    title: str,
    source: str,
    source_url: str | None,
    filename: str | None,
    metadata: Mapping[str, Any],
    content_hash: str,
    chunk_count: int,
    char_count: int,
    status: str = "queued",
) -> Row | None:
    """The new document (`queued`: its chunks are stored without embeddings, and a job embeds
    them), or None when the collection already holds this content."""
    cur = await conn.execute(
        "insert into public.memory_documents (collection_id, title, source, source_url, filename, "  # type: ignore[arg-type]
        "metadata, content_hash, chunk_count, char_count, status) "
        "values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        f"on conflict (collection_id, content_hash) do nothing returning {_DOCUMENT}",
        (
            collection_id,
            title,
            source,
            source_url,
            filename,
            Jsonb(dict(metadata)),
            content_hash,
            chunk_count,
            char_count,
            status,
        ),
    )
    return await cur.fetchone()


async def set_document_progress(
    conn: Connection,
    document_id: str,
    *,
    status: str,
    chunks_embedded: int | None = None,
    error: str | None = None,
    pages_read: int | None = None,
    pages_total: int | None = None,
) -> Row | None:
    """Move a document in progress on (`extracting` with pages read, `embedding` with a
    count, `ready`, `failed` with the reason); None when it is not in progress any more
    (deleted, or already final)."""
    cur = await conn.execute(
        "update public.memory_documents set status = %s, "  # type: ignore[arg-type]
        "chunks_embedded = coalesce(%s, chunks_embedded), error = %s, "
        "pages_read = coalesce(%s, pages_read), pages_total = coalesce(%s, pages_total), updated_at = now() "
        f"where id = %s and status in {IN_PROGRESS} returning {_DOCUMENT}",
        (status, chunks_embedded, error, pages_read, pages_total, document_id),
    )
    return await cur.fetchone()


async def set_document_text(
    conn: Connection,
    document_id: str,
    *,
    title: str | None,
    metadata: Mapping[str, Any],
    chunk_count: int,
    char_count: int,
    pages_total: int | None,
) -> Row | None:
    """What a file's job read from it (its title when the user gave none, metadata, counts),
    the document moving on to `embedding`; None when it is not in progress any more."""
    cur = await conn.execute(
        "update public.memory_documents set status = 'embedding', title = coalesce(%s, title), "  # type: ignore[arg-type]
        "metadata = %s, chunk_count = %s, char_count = %s, pages_total = %s, pages_read = coalesce(%s, 0), "
        f"updated_at = now() where id = %s and status in {IN_PROGRESS} returning {_DOCUMENT}",
        (title, Jsonb(dict(metadata)), chunk_count, char_count, pages_total, pages_total, document_id),
    )
    return await cur.fetchone()


async def delete_document(conn: Connection, document_id: str) -> bool:
    cur = await conn.execute("delete from public.memory_documents where id = %s", (document_id,))
    return cur.rowcount > 0


# --- chunks -----------------------------------------------------------------------------


async def insert_chunks(
    conn: Connection,
    *,
    collection_id: str,
    document_id: str,
    contents: Sequence[str],
    hashes: Sequence[str],
    metadata: Sequence[Mapping[str, Any]],
    dimensions: int,
) -> None:
    """A document's chunks, in order, in one statement, without their embeddings yet."""
    await conn.execute(
        "insert into public.memories (collection_id, document_id, chunk_index, content, metadata, "
        "content_hash, dimensions) "
        "select %s, %s, t.i - 1, t.content, t.metadata, t.hash, %s "
        "from unnest(%s::text[], %s::text[], %s::jsonb[]) "
        "with ordinality as t(content, hash, metadata, i)",
        (
            collection_id,
            document_id,
            dimensions,
            list(contents),
            list(hashes),
            [Jsonb(dict(m)) for m in metadata],
        ),
    )


async def unembedded_chunks(conn: Connection, document_id: str, *, limit: int) -> list[Row]:
    """The next chunks of a document still without an embedding (id, content), in order."""
    cur = await conn.execute(
        "select id, content from public.memories where document_id = %s and embedding is null "
        "order by chunk_index limit %s",
        (document_id, limit),
    )
    return await cur.fetchall()


async def set_embeddings(conn: Connection, ids: Sequence[str], embeddings: npt.NDArray[np.float32]) -> int:
    """Give chunks their embeddings (each once); how many were set."""
    await ensure_vector_type(conn)
    cur = await conn.execute(
        "update public.memories m set embedding = t.embedding "
        "from unnest(%s::uuid[], %s::extensions.vector[]) as t(id, embedding) "
        "where m.id = t.id and m.embedding is null",
        ([str(i) for i in ids], list(embeddings)),
    )
    return cur.rowcount


async def list_chunks(conn: Connection, document_id: str) -> list[Row]:
    cur = await conn.execute(
        "select id, chunk_index, content, metadata from public.memories "
        "where document_id = %s order by chunk_index",
        (document_id,),
    )
    return await cur.fetchall()


# --- search -----------------------------------------------------------------------------


async def search(
    conn: Connection,
    *,
    collection_id: str,
    query: npt.NDArray[np.float32],
    k: int,
    metadata: Mapping[str, Any] | None = None,
    exact: bool = False,
) -> list[Row]:
    """The `k` chunks of the collection nearest to `query` (cosine), best first, each with
    `score` (cosine similarity) and its document's title. `exact`: no index (every row is
    compared): the reference for recall, and the fallback when the index comes back short."""
    await ensure_vector_type(conn)
    dimensions = int(query.shape[0])
    if exact or dimensions not in INDEXED_DIMENSIONS:
        distance = "m.embedding operator(extensions.<=>) %(query)s"
    else:
        await conn.execute(
            "select set_config('hnsw.iterative_scan', 'strict_order', true), "
            "set_config('hnsw.ef_search', %s, true), set_config('hnsw.max_scan_tuples', %s, true)",
            (str(max(EF_SEARCH, k)), str(MAX_SCAN_TUPLES)),
        )
        # The index's expression and predicate, with the dimension as a literal.
        distance = (
            f"m.embedding::extensions.vector({dimensions}) "
            f"operator(extensions.<=>) %(query)s::extensions.vector({dimensions})"
        )
    # Only ready documents are searched: a document still embedding is not half found.
    where = (
        f"m.collection_id = %(collection_id)s and m.dimensions = {dimensions} and m.embedding is not null "
        "and exists (select from public.memory_documents r where r.owner_id = m.owner_id "
        "and r.collection_id = m.collection_id and r.id = m.document_id and r.status = 'ready')"
    )
    if metadata:
        where += " and m.metadata @> %(metadata)s"
    cur = await conn.execute(
        "select n.id, n.document_id, d.title as document_title, n.chunk_index, n.content, n.metadata, "  # type: ignore[arg-type]
        "1 - n.distance as score from ("
        f"  select m.id, m.owner_id, m.collection_id, m.document_id, m.chunk_index, m.content, m.metadata, "
        f"  {distance} as distance from public.memories m where {where} order by distance limit %(k)s"
        ") n join public.memory_documents d "
        "on d.owner_id = n.owner_id and d.collection_id = n.collection_id and d.id = n.document_id "
        "order by n.distance, n.id",
        {
            "collection_id": collection_id,
            "query": query,
            "metadata": Jsonb(dict(metadata or {})),
            "k": k,
        },
    )
    return await cur.fetchall()
