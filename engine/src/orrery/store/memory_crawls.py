"""SQL for the sites being added to memory by a worker job (`memory_crawls`).

The API records a crawl with the document of the URL it was given; the job (as the
document's owner) marks it `crawling` with the pages it found, counts each page added or
failed (a failure kept with its reason), and marks it `done`. A document's crawl shows
with the document (`store.memories`, its `crawl` column). Deleting the document deletes
its crawl (the foreign key's cascade).
"""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from orrery.store.database import Connection

Row = dict[str, Any]


async def start_crawl(
    conn: Connection, *, document_id: str, collection_id: str, follow: str, max_pages: int
) -> bool:
    """Record a crawl to run (or run again, once the last one is done); False when one is
    still under way for this document."""
    cur = await conn.execute(
        "insert into public.memory_crawls (document_id, collection_id, follow, max_pages) "
        "values (%s, %s, %s, %s) on conflict (document_id) do update set follow = excluded.follow, "
        "max_pages = excluded.max_pages, status = 'queued', pages_found = 0, pages_done = 0, "
        "failed_pages = '[]', updated_at = now() where memory_crawls.status = 'done' returning document_id",
        (document_id, collection_id, follow, max_pages),
    )
    return await cur.fetchone() is not None


async def fetch_crawl(conn: Connection, document_id: str) -> Row | None:
    cur = await conn.execute(
        "select document_id, follow, max_pages, status, pages_found, pages_done, failed_pages "
        "from public.memory_crawls where document_id = %s",
        (document_id,),
    )
    return await cur.fetchone()


async def set_found(conn: Connection, document_id: str, pages_found: int) -> None:
    """The job found this many more pages (it starts, or starts again, from none done)."""
    await conn.execute(
        "update public.memory_crawls set status = 'crawling', pages_found = %s, pages_done = 0, "
        "failed_pages = '[]', updated_at = now() where document_id = %s",
        (pages_found, document_id),
    )


async def count_page(conn: Connection, document_id: str, failure: dict[str, str] | None) -> None:
    """One more page done: added (or already there), or failed with its reason."""
    await conn.execute(
        "update public.memory_crawls set pages_done = least(pages_done + 1, pages_found), "
        "failed_pages = failed_pages || %s, updated_at = now() where document_id = %s",
        (Jsonb([failure] if failure else []), document_id),
    )


async def finish_crawl(conn: Connection, document_id: str) -> Row | None:
    cur = await conn.execute(
        "update public.memory_crawls set status = 'done', updated_at = now() where document_id = %s "
        "returning document_id, follow, max_pages, status, pages_found, pages_done, failed_pages",
        (document_id,),
    )
    return await cur.fetchone()
