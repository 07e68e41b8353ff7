"""Memory tables: a chunk or document cannot be hung off another user's collection, chunks
are never edited, and the vector search itself respects RLS. (The per-table two-user and
anon tests of test_rls_tables.py cover memory_collections, memory_documents and memories.)"""

from __future__ import annotations

import numpy as np
import pytest
from psycopg import errors

from orrery.store import memories as store
from orrery.store.database import Database

from .rls_helpers import Owned, count, create_everything, create_user


@pytest.fixture
async def alice(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


@pytest.fixture
async def bob(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


async def test_a_chunk_cannot_claim_another_users_document_in_its_own_collection(
    db: Database, alice: Owned, bob: Owned
) -> None:
    # When Bob adds a chunk to his own collection but names Alice's document
    with pytest.raises(errors.ForeignKeyViolation):
        async with db.as_user(bob.claims) as conn:
            await conn.execute(
                "insert into public.memories (collection_id, document_id, chunk_index, content, "
                "content_hash, "
                "dimensions, embedding) values (%s, %s, 5, 'x', repeat('d', 64), 3, '[1,1,1]')",
                (bob.collection_id, alice.document_id),
            )
    # Then Alice's document has its one chunk only
    assert await count(db, alice.claims, "memories") == 1


async def test_a_collection_cannot_name_another_users_key(db: Database, alice: Owned, bob: Owned) -> None:
    with pytest.raises(errors.ForeignKeyViolation):
        async with db.as_user(bob.claims) as conn:
            await conn.execute(
                "insert into public.memory_collections (name, embedding_provider, credential_id) "
                "values ('Stolen key', 'openai', %s)",
                (alice.credential_id,),
            )


async def test_deleting_the_key_keeps_the_collection(db: Database, alice: Owned) -> None:
    # Given Alice's collection on a provider's model with her key
    async with db.as_user(alice.claims) as conn:
        await conn.execute(
            "insert into public.memory_collections (name, embedding_provider, embedding_model, dimensions, "
            "credential_id) values ('Scripts', 'openai', 'text-embedding-3-small', 1536, %s)",
            (alice.credential_id,),
        )
        # When she deletes the key
        await conn.execute("delete from public.credentials where id = %s", (alice.credential_id,))
    # Then the collection stays, without a key
    assert (
        await count(db, alice.claims, "memory_collections", "name = 'Scripts' and credential_id is null") == 1
    )


@pytest.mark.parametrize("change", ["content = 'edited'", "metadata = '{}'", "collection_id = collection_id"])
async def test_a_chunk_is_never_edited(db: Database, alice: Owned, change: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(f"update public.memories set {change}")  # type: ignore[arg-type]


async def test_a_chunk_is_embedded_once(db: Database, alice: Owned, bob: Owned) -> None:
    # Given Alice's embedded chunk
    # When she (or Bob) tries to give it another embedding
    async with db.as_user(alice.claims) as conn:
        changed = await conn.execute("update public.memories set embedding = '[0,0,1]'")
    async with db.as_user(bob.claims) as conn:
        changed_by_bob = await conn.execute(
            "update public.memories set embedding = '[0,0,1]' where document_id = %s", (alice.document_id,)
        )
    # Then nothing changes: an embedding is written once, by its owner's job
    assert (changed.rowcount, changed_by_bob.rowcount) == (0, 0)


async def test_a_finished_document_keeps_its_status(db: Database, alice: Owned) -> None:
    # Given Alice's ready document
    # When anything tries to move it back, or to mark it failed
    async with db.as_user(alice.claims) as conn:
        moved = await conn.execute("update public.memory_documents set status = 'queued'")
        failed = await conn.execute("update public.memory_documents set status = 'failed', error = 'x'")
        retitled = await conn.execute("update public.memory_documents set title = 'edited'")
    # Then nothing changes: only a document in progress moves (a file's job gives it its title)
    assert (moved.rowcount, failed.rowcount, retitled.rowcount) == (0, 0, 0)
    # and what a document is (its text's hash, its collection) is never the owner's to edit
    for change in ("content_hash = repeat('f', 64)", "collection_id = collection_id"):
        with pytest.raises(errors.InsufficientPrivilege):
            async with db.as_user(alice.claims) as conn:
                await conn.execute(f"update public.memory_documents set {change}")  # type: ignore[arg-type]


async def test_a_collection_keeps_its_name_and_model(db: Database, alice: Owned) -> None:
    for change in ("name = 'Renamed'", "dimensions = 768", "owner_id = owner_id"):
        with pytest.raises(errors.InsufficientPrivilege):
            async with db.as_user(alice.claims) as conn:
                await conn.execute(f"update public.memory_collections set {change}")  # type: ignore[arg-type]


async def test_a_chunks_dimension_must_be_its_vectors(db: Database, alice: Owned) -> None:
    with pytest.raises(errors.CheckViolation):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(
                "insert into public.memories (collection_id, document_id, chunk_index, content, "
                "content_hash, "
                "dimensions, embedding) values (%s, %s, 7, 'x', repeat('e', 64), 384, '[1,2,3]')",
                (alice.collection_id, alice.document_id),
            )


async def test_the_vector_search_sees_only_the_searchers_rows(db: Database, alice: Owned, bob: Owned) -> None:
    # Given Alice's and Bob's chunks (3 dimensions: the exact search)
    query = np.array([0, 1, 0], dtype=np.float32)
    async with db.as_user(bob.claims) as conn:
        # When Bob searches Alice's collection by its id
        theirs = await store.search(conn, collection_id=alice.collection_id, query=query, k=5)
        mine = await store.search(conn, collection_id=bob.collection_id, query=query, k=5)
    # Then he finds nothing of hers, and his own chunk
    assert theirs == []
    assert [str(r["id"]) for r in mine] == [bob.memory_id]
    assert mine[0]["score"] == pytest.approx(1.0)
