"""SQL for the files added to memory that a worker job has yet to read (`memory_uploads`).

The API stores a file's bytes with its `queued` document in one transaction; the job (as the
document's owner) reads them, and deletes them in the transaction that stores what it read
(or marks the document failed). Deleting the upload first makes that transaction the one
that counts: a duplicate job that finds nothing to delete stores nothing. Deleting the
document deletes its upload (the foreign key's cascade).
"""

from __future__ import annotations

from typing import Any

from orrery.store.database import Connection

Row = dict[str, Any]


async def insert_upload(
    conn: Connection,
    *,
    document_id: str,
    collection_id: str,
    filename: str | None,
    title_given: bool,
    content: bytes,
) -> None:
    await conn.execute(
        "insert into public.memory_uploads (document_id, collection_id, filename, title_given, content) "
        "values (%s, %s, %s, %s, %s)",
        (document_id, collection_id, filename, title_given, content),
    )


async def fetch_upload(conn: Connection, document_id: str) -> Row | None:
    """The upload of a document (filename, title_given, content), or None: read already,
    deleted, or not the caller's."""
    cur = await conn.execute(
        "select document_id, filename, title_given, content from public.memory_uploads "
        "where document_id = %s",
        (document_id,),
    )
    return await cur.fetchone()


async def has_upload(conn: Connection, document_id: str) -> bool:
    cur = await conn.execute(
        "select exists (select from public.memory_uploads where document_id = %s) as found", (document_id,)
    )
    row = await cur.fetchone()
    return bool(row and row["found"])


async def delete_upload(conn: Connection, document_id: str) -> bool:
    """Delete a document's upload; False when there was none (another job took it)."""
    cur = await conn.execute("delete from public.memory_uploads where document_id = %s", (document_id,))
    return cur.rowcount > 0
