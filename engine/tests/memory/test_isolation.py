"""Filtered vector search does not come back short, and never crosses owners.

pgvector's HNSW index scan returns the nearest rows first and the filters (the
collection, row-level security's owner, a metadata filter) are applied after it: a
plain index scan with `ef_search = 40` over a table where the user owns 1% of the rows
finds well under `k` of theirs. The store turns on iterative index scans, so the scan
goes on until `k` rows pass. Here: 20,000 rows of five users, 200 (1%) of them Ada's.
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg.vector import register_vector_info
from psycopg.types import TypeInfo
from psycopg.types.json import Jsonb

from orrery.store import memories as store
from orrery.store.database import Database
from tests.workflows.helpers import User

TOTAL = 20_000
ADAS = 200
K = 10
INDEX = "memories_embedding_384_idx"


def plant(admin_url: str, owners: dict[str, int], rng: np.random.Generator) -> dict[str, dict[str, Any]]:
    """For each owner: a collection and a document with `n` chunks of random unit vectors
    (1 in 5 labelled `kind: script`), written directly as the schema owner (COPY)."""
    planted: dict[str, dict[str, Any]] = {}
    with psycopg.connect(admin_url) as conn:  # one transaction
        register_vector_info(conn, TypeInfo.fetch(conn, "extensions.vector"))
        # Building the HNSW index once is much faster than growing it row by row; the
        # migration's own definition is put back before the transaction commits.
        row = conn.execute("select indexdef from pg_indexes where indexname = %s", (INDEX,)).fetchone()
        assert row is not None
        conn.execute(f"drop index public.{INDEX}")  # type: ignore[arg-type]
        for owner, n in owners.items():
            collection_id, document_id = uuid.uuid4(), uuid.uuid4()
            conn.execute(
                "insert into public.memory_collections (id, owner_id, name) values (%s, %s, 'Channel')",
                (collection_id, owner),
            )
            conn.execute(
                "insert into public.memory_documents (id, owner_id, collection_id, title, source, "
                "content_hash, chunk_count, char_count) values (%s, %s, %s, 'Random', 'text', %s, %s, 0)",
                (document_id, owner, collection_id, uuid.uuid4().hex * 2, n),
            )
            vectors = rng.standard_normal((n, 384)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            with conn.cursor().copy(
                "copy public.memories (owner_id, collection_id, document_id, chunk_index, content, metadata, "
                "content_hash, dimensions, embedding) from stdin (format binary)"
            ) as copy:
                copy.set_types(["uuid", "uuid", "uuid", "int4", "text", "jsonb", "text", "int2", "vector"])
                for i, vector in enumerate(vectors):
                    metadata = {"kind": "script" if i % 5 == 0 else "note"}
                    copy.write_row(
                        (
                            uuid.UUID(owner),
                            collection_id,
                            document_id,
                            i,
                            f"chunk {i}",
                            Jsonb(metadata),
                            "0" * 64,
                            384,
                            vector,
                        )
                    )
            planted[owner] = {
                "collection_id": str(collection_id),
                "document_id": str(document_id),
                "vectors": vectors,
            }
        conn.execute(row[0])
        conn.execute("analyze public.memories")
    return planted


async def plan(
    db: Database, claims: dict[str, Any], collection_id: str, query: np.ndarray, *force: str
) -> str:
    """The plan of the store's search query, as the user."""
    async with db.as_user(claims) as conn:
        await store.ensure_vector_type(conn)
        for setting in force:
            await conn.execute(setting)  # type: ignore[arg-type]
        cur = await conn.execute(
            "explain select m.id from public.memories m where m.collection_id = %(c)s and m.dimensions = 384 "
            "order by m.embedding::extensions.vector(384) operator(extensions.<=>) "
            "%(q)s::extensions.vector(384) limit 10",
            {"c": collection_id, "q": query},
        )
        return "\n".join(str(next(iter(r.values()))) for r in await cur.fetchall())


async def test_a_one_percent_owner_gets_k_of_their_own_rows(
    db: Database, admin_url: str, ada: User, bob: User
) -> None:
    # Given 20,000 chunks of five users, 200 of them Ada's
    others = [bob.id] + [sign_up_plain(admin_url) for _ in range(3)]
    owners = {ada.id: ADAS, **{o: (TOTAL - ADAS) // len(others) for o in others}}
    rng = np.random.default_rng(7)
    planted = plant(admin_url, owners, rng)
    mine = planted[ada.id]
    query = rng.standard_normal(384).astype(np.float32)
    query /= np.linalg.norm(query)
    # Random vectors are HNSW's worst case (every row nearly equidistant): recall on
    # realistic vectors is bench/bench_memory.py's. Here the hits must be among her best quarter.
    best_quarter = set(np.argsort(-(mine["vectors"] @ query))[: ADAS // 4].tolist())

    # When Ada searches her collection, with the index forced (sorting off: only an index gives order)
    forced = ("set local enable_sort = off",)
    assert "memories_embedding_384_idx" in await plan(db, ada.claims, mine["collection_id"], query, *forced)
    async with db.as_user(ada.claims) as conn:
        for setting in forced:
            await conn.execute(setting)  # type: ignore[arg-type]
        hits = await store.search(conn, collection_id=mine["collection_id"], query=query, k=K)
        # and with a metadata filter that one in five of her chunks pass
        scripts = await store.search(
            conn, collection_id=mine["collection_id"], query=query, k=K, metadata={"kind": "script"}
        )

    # Then she gets exactly k rows, all her own, best first, and among her nearest
    assert len(hits) == K
    assert {str(h["document_id"]) for h in hits} == {mine["document_id"]}
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert {h["chunk_index"] for h in hits} <= best_quarter
    assert len(scripts) == K
    assert {h["metadata"]["kind"] for h in scripts} == {"script"}
    assert {str(h["document_id"]) for h in scripts} == {mine["document_id"]}

    # And without iterative scans the same index search comes back short: what the setting fixes
    async with db.as_user(ada.claims) as conn:
        await conn.execute("set local enable_sort = off")
        await conn.execute("set local hnsw.iterative_scan = off")
        cur = await conn.execute(
            "select m.id from public.memories m where m.collection_id = %(c)s and m.dimensions = 384 "
            "order by m.embedding::extensions.vector(384) operator(extensions.<=>) "
            "%(q)s::extensions.vector(384) limit 10",
            {"c": mine["collection_id"], "q": query},
        )
        assert len(await cur.fetchall()) < K

    # And the planner picks the index by itself for a large collection (Bob's: a quarter of the rows)
    theirs = planted[bob.id]
    assert "memories_embedding_384_idx" in await plan(db, bob.claims, theirs["collection_id"], query)
    async with db.as_user(bob.claims) as conn:
        bobs = await store.search(conn, collection_id=theirs["collection_id"], query=query, k=K)
        adas_by_bob = await store.search(conn, collection_id=mine["collection_id"], query=query, k=K)
    assert len(bobs) == K
    assert {str(h["document_id"]) for h in bobs} == {theirs["document_id"]}
    # but never Ada's, even when he names her collection
    assert adas_by_bob == []


def sign_up_plain(admin_url: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "insert into auth.users (email) values (%s) returning id::text",
            (f"{uuid.uuid4().hex}@example.test",),
        ).fetchone()
    assert row is not None
    return str(row[0])
