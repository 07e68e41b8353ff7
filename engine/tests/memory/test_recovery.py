"""A document whose embedding job was lost (Redis restarted without its data) does not stay
`queued` for ever: a worker's recovery, on the sweeper's own login, sends its job again, and
the document becomes searchable. The sweeper sees which documents are in progress, never
what they say."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import psycopg
import pytest
import redis
from psycopg import errors
from psycopg.rows import dict_row

from orrery.memory import MemoryService
from orrery.memory.models import MemoryDocumentCreate, MemorySearch
from orrery.memory.recovery import recover_once
from orrery.queue.dispatcher import DramatiqDispatcher, create_broker
from orrery.queue.names import MEMORY_QUEUE
from orrery.settings import Settings
from orrery.store.database import Database
from tests.memory.conftest import collection
from tests.workflows.helpers import User

GUIDE = "Open every video with a question, and keep each scene under eight seconds."
NOTES = "The studio sells handmade ceramic mugs from Lisbon."
STALE_AFTER_S = 30.0


@pytest.fixture
def queue_url(valkey: Any) -> str:
    # (a database of its own: a worker another test left running consumes db 0's queue)
    return str(valkey.url).rsplit("/", 1)[0] + "/6"


async def test_a_document_whose_job_was_lost_is_sent_again_and_becomes_searchable(
    memory: MemoryService,
    ada: User,
    bob: User,
    settings: Settings,
    role_urls: dict[str, str],
    admin_url: str,
    queue_url: str,
) -> None:
    broker = create_broker(queue_url)
    queue = redis.Redis.from_url(queue_url)
    queue.flushdb()
    jobs = DramatiqDispatcher(broker)
    service = dataclasses.replace(memory, jobs=jobs)
    sweeper = Database(settings.database, url=role_urls["orrery_sweeper"], application_name="orrery-sweeper")
    await sweeper.open()

    def sent() -> set[str]:
        return {m.decode() for m in queue.hvals(f"orrery:{MEMORY_QUEUE}.msgs")}

    try:
        # Given Ada's guide, queued a minute ago, whose job Redis lost when it restarted
        channel = await collection(service, ada)
        guide = (
            await service.add_document(
                ada.claims, str(channel.id), MemoryDocumentCreate(source="text", text=GUIDE)
            )
        ).document
        queue.flushdb()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                "update public.memory_documents set updated_at = now() - interval '60 seconds' where id = %s",
                (guide.id,),
            )
        # and Bob's notes, queued a moment ago (their job is on its way)
        notes = (
            await service.add_document(
                bob.claims,
                str((await collection(service, bob)).id),
                MemoryDocumentCreate(source="text", text=NOTES),
            )
        ).document
        queue.flushdb()

        # When a worker's recovery, which gives a job 30 s, runs on the sweeper's login (a
        # worker another test left running gives a job the default 120 s, so it leaves the
        # guide to ours; it may hold the recovery's lock for a moment)
        assert settings.memory.stale_after_s > 60
        found = 0
        for _ in range(50):
            found += await recover_once(sweeper, jobs, stale_after_s=STALE_AFTER_S)
            if any(str(guide.id) in m for m in sent()):
                break
            await asyncio.sleep(0.1)

        # Then the guide's job is on the queue again, once, and Bob's fresh document's is not
        messages = sent()
        assert [str(guide.id) in m for m in messages].count(True) == 1
        assert not any(str(notes.id) in m for m in messages)
        assert found >= 1
        # and a second round right after does not send it again
        assert await recover_once(sweeper, jobs, stale_after_s=STALE_AFTER_S) == 0

        # When a worker runs the job it was sent
        done = await service.embed_document(ada.claims, str(guide.id))

        # Then the guide is ready, and Ada's search finds it
        assert done is not None
        assert done["status"] == "ready"
        hits = await service.search(
            ada.claims, str(channel.id), MemorySearch(query="open with a question", k=1)
        )
        assert [h.document_id for h in hits.results] == [guide.id]
    finally:
        await sweeper.close()
        broker.close()


def test_the_sweeper_sees_which_documents_are_in_progress_never_what_they_say(
    role_urls: dict[str, str],
) -> None:
    # Given the sweeper's credentials
    with psycopg.connect(role_urls["orrery_sweeper"], row_factory=dict_row) as conn:
        # When it reads a document's title, or its chunks
        for sql in ("select title from public.memory_documents", "select content from public.memories"):
            # Then it is refused
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.rollback()
        # and it may not mark a document ready
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("update public.memory_documents set status = 'ready'")
