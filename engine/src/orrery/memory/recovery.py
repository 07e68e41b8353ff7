"""Finds memory documents whose embedding job was lost and hands them to a worker again.

A document is stored `queued` and its job sent to the queue; a worker moves it to
`extracting` (a file: touched as its pages are read) and `embedding`, and touches it after
every batch. A job can still be lost: Redis restarted
without its data before a worker took it, or a worker died after Dramatiq gave up on the
message. Such a document would stay `queued` (or `embedding`) for ever. Workers look for
documents in progress that nobody has touched for `stale_after_s` and send their job
again; the job is resumable (a file whose upload is still there is read again; it embeds
only the chunks that have no embedding yet), and a duplicate of a live job finds the
document ready, or the upload gone, and stores nothing.

A site's crawl (`memory_crawls`, queued or crawling) whose job was lost is sent again the
same way: the job starts its count again, and the pages it added already are deduplicated.

Like the run sweeper this works across users, so it runs on the sweeper's login
(`orrery_sweeper`), which sees only the id, owner, status and age of documents in progress
and may touch nothing but `updated_at` (supabase/migrations/20261209500000_document_recovery.sql;
for crawls, 20261212100000_memory_uploads.sql).
"""

from __future__ import annotations

import logging

from orrery.queue.dispatcher import DocumentJobs
from orrery.store.database import Database
from orrery.store.sweeping import claim_rows, every

log = logging.getLogger(__name__)

_RECOVERY_LOCK = 0x444F_4353  # "DOCS"

_FIND_STALLED = """
with stalled as (
  select d.id from public.memory_documents d
   where d.status in ('queued', 'extracting', 'embedding')
     and d.updated_at < now() - make_interval(secs => %(stale)s)
   order by d.updated_at
   limit 200
)
update public.memory_documents d set updated_at = now()
  from stalled s where d.id = s.id
returning d.id, d.owner_id,
  %(busy_at)s > 0 and (
    select count(*) from public.memory_documents o
     where o.owner_id = d.owner_id and o.status in ('queued', 'extracting', 'embedding') and o.id <> d.id
  ) >= %(busy_at)s as busy
"""


_CRAWL_LOCK = 0x4352_574C  # "CRWL"

_FIND_STALLED_CRAWLS = """
with stalled as (
  select c.document_id from public.memory_crawls c
   where c.status in ('queued', 'crawling')
     and c.updated_at < now() - make_interval(secs => %(stale)s)
   order by c.updated_at
   limit 200
)
update public.memory_crawls c set updated_at = now()
  from stalled s where c.document_id = s.document_id
returning c.document_id, c.owner_id
"""


async def recover_once(db: Database, jobs: DocumentJobs, *, stale_after_s: float, busy_at: int = 0) -> int:
    """Send the job of every stalled document, and of every stalled crawl of a site (a
    crawl's job counts every page it finishes, so it is touched as often), again; returns
    how many. `db` is the sweeper's own connection (its advisory locks let one worker
    recover at a time). A document whose owner has `busy_at` others in progress goes to the
    busy lane, as when it was added (memory/lanes.py)."""
    rows = await claim_rows(db, _RECOVERY_LOCK, _FIND_STALLED, {"stale": stale_after_s, "busy_at": busy_at})
    for row in rows:
        await jobs.embed_document(str(row["id"]), str(row["owner_id"]), busy=bool(row["busy"]))
    if rows:
        log.info("re-sent the embedding job of %d stalled document(s)", len(rows))
    crawls = await claim_rows(db, _CRAWL_LOCK, _FIND_STALLED_CRAWLS, {"stale": stale_after_s})
    for row in crawls:
        await jobs.crawl_site(str(row["document_id"]), str(row["owner_id"]))
    if crawls:
        log.info("re-sent the crawl job of %d stalled site(s)", len(crawls))
    return len(rows) + len(crawls)


async def recover_forever(
    db: Database, jobs: DocumentJobs, *, interval_s: float, stale_after_s: float, busy_at: int = 0
) -> None:
    await every(
        interval_s,
        "document recovery",
        lambda: recover_once(db, jobs, stale_after_s=stale_after_s, busy_at=busy_at),
    )
