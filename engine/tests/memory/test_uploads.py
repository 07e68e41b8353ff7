"""A file added to memory is read by the worker's job, not while the request waits: the
request stores the file's bytes (`memory_uploads`) with a `queued` document and returns;
the job reads it (`extracting`, pages read of a PDF), chunks and embeds it, and deletes the
upload; a file it cannot read ends `failed` with the reason, its upload deleted too.

The job queue is the in-memory one (`Jobs`, as in test_background.py); the HTTP tests
(tests/api/test_memory.py) run the same job on a real worker over the real broker."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
from typing import Any

import psycopg
import pytest
from psycopg import errors

from orrery.memory import MemoryService, uploads
from orrery.memory.errors import UnreadableDocument
from orrery.memory.models import MemoryDocumentCreate, MemorySearch
from orrery.settings import Settings
from orrery.store.database import Database
from tests.memory.conftest import Jobs, collection, recover_as_sweeper
from tests.memory.test_extract import pdf, scanned_pdf
from tests.workflows.helpers import User

HANDBOOK = ["Glazes are mixed on Mondays in the back room.", "The kiln is loaded on Thursdays."]


def upload(data: bytes, filename: str, **more: Any) -> MemoryDocumentCreate:
    return MemoryDocumentCreate(
        source="file", filename=filename, content_base64=base64.b64encode(data).decode(), **more
    )


def upload_count(admin_url: str, document_id: object) -> int:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select count(*) from public.memory_uploads where document_id = %s", (str(document_id),)
        ).fetchone()
    assert row is not None
    return int(row[0])


async def test_a_pdf_is_stored_at_once_then_read_by_the_job_with_its_pages(
    queued: MemoryService, jobs: Jobs, ada: User, admin_url: str
) -> None:
    # Given Ada's collection
    channel = await collection(queued, ada)

    # When she adds a two-page PDF
    added = await queued.add_document(ada.claims, str(channel.id), upload(pdf(HANDBOOK), "handbook.pdf"))

    # Then it is stored at once, queued for a worker, not yet read: no chunks, its bytes kept
    document = added.document
    assert (document.status, document.chunk_count, document.title) == ("queued", 0, "handbook.pdf")
    assert await queued.list_chunks(ada.claims, str(document.id)) == []
    assert jobs.sent[-1] == (str(document.id), ada.id)
    assert upload_count(admin_url, document.id) == 1

    # When the worker's job runs
    await queued.embed_document(ada.claims, str(document.id))

    # Then the document is ready with its pages read, each chunk naming its page, the upload gone
    ready = await queued.get_document(ada.claims, str(document.id))
    assert (ready.status, ready.metadata, ready.pages_read, ready.pages_total) == (
        "ready",
        {"pages": 2},
        2,
        2,
    )
    chunks = await queued.list_chunks(ada.claims, str(document.id))
    assert [(c.content, c.metadata["page"]) for c in chunks] == list(zip(HANDBOOK, [1, 2], strict=True))
    assert upload_count(admin_url, document.id) == 0
    hits = await queued.search(
        ada.claims, str(channel.id), MemorySearch(query="When is the kiln loaded?", k=1)
    )
    assert [h.content for h in hits.results] == ["The kiln is loaded on Thursdays."]


async def test_a_long_pdf_shows_its_pages_read_while_the_job_reads_it(
    queued: MemoryService, ada: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given Ada's 40-page PDF, added
    channel = await collection(queued, ada)
    pages = [f"Page {n}: the glaze recipe number {n} needs {n * 3} grams of cobalt." for n in range(1, 41)]
    added = await queued.add_document(ada.claims, str(channel.id), upload(pdf(pages), "recipes.pdf"))
    document_id = str(added.document.id)

    # When the job reads it (progress written often), while Ada watches the document
    monkeypatch.setattr(uploads, "PROGRESS_EVERY_S", 0.001)
    seen: list[tuple[str, int, int | None]] = []
    job = asyncio.create_task(queued.embed_document(ada.claims, document_id))
    while not job.done():
        now = await queued.get_document(ada.claims, document_id)
        if not seen or seen[-1] != (now.status, now.pages_read, now.pages_total):
            seen.append((now.status, now.pages_read, now.pages_total))
        await asyncio.sleep(0)
    await job

    # Then she saw it extracting, with its pages read only going up, and it ended ready
    extracting = [(read, total) for status, read, total in seen if status == "extracting"]
    assert extracting, seen
    assert [read for read, _ in extracting] == sorted(read for read, _ in extracting)
    assert {total for _, total in extracting} <= {None, 40}
    final = await queued.get_document(ada.claims, document_id)
    assert (final.status, final.pages_read, final.pages_total) == ("ready", 40, 40)


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (scanned_pdf(), "scan.pdf", "No text found in this PDF"),
        (b"%PDF-1.7\n" + b"\x13\x37" * 500, "broken.pdf", "The PDF could not be read"),
        (pdf(["one", "two", "three"]), "long.pdf", "3 pages; at most 2"),
    ],
    ids=["scanned", "corrupt", "over-the-page-limit"],
)
async def test_a_file_the_job_cannot_read_ends_failed_with_the_reason_and_no_upload(
    queued: MemoryService, ada: User, admin_url: str, data: bytes, filename: str, reason: str
) -> None:
    # Given a service that reads PDFs of at most two pages, and Ada's file added at once
    limited = dataclasses.replace(queued, limits=dataclasses.replace(queued.limits, max_pdf_pages=2))
    channel = await collection(limited, ada)
    added = await limited.add_document(ada.claims, str(channel.id), upload(data, filename))
    assert added.document.status == "queued"

    # When the worker's job tries to read it
    await limited.embed_document(ada.claims, str(added.document.id))

    # Then the document failed, saying why, with no chunks, and its bytes are not kept
    failed = await limited.get_document(ada.claims, str(added.document.id))
    assert failed.status == "failed"
    assert failed.error is not None
    assert reason in failed.error
    assert await limited.list_chunks(ada.claims, str(added.document.id)) == []
    assert upload_count(admin_url, added.document.id) == 0


async def test_a_binary_file_of_no_known_kind_is_refused_at_once(queued: MemoryService, ada: User) -> None:
    # Given Ada's collection
    channel = await collection(queued, ada)

    # When she adds a binary file named as if it were text
    # Then the request refuses it by its bytes, not its name, and stores nothing
    with pytest.raises(UnreadableDocument, match="not a kind Orrery reads"):
        await queued.add_document(ada.claims, str(channel.id), upload(b"\x7fELF\x00\x01" * 100, "notes.txt"))
    assert (await queued.list_documents(ada.claims, str(channel.id))).total == 0


async def test_the_same_file_is_stored_once(queued: MemoryService, jobs: Jobs, ada: User) -> None:
    # Given Ada's PDF, added once
    channel = await collection(queued, ada)
    first = await queued.add_document(ada.claims, str(channel.id), upload(pdf(HANDBOOK), "handbook.pdf"))

    # When she adds the same bytes again, under another name, before and after the job read it
    again = await queued.add_document(ada.claims, str(channel.id), upload(pdf(HANDBOOK), "copy.pdf"))
    await queued.embed_document(ada.claims, str(first.document.id))
    later = await queued.add_document(ada.claims, str(channel.id), upload(pdf(HANDBOOK), "copy.pdf"))

    # Then both times she gets the first document back, nothing stored, no job sent
    assert (again.deduplicated, again.document.id) == (True, first.document.id)
    assert (later.deduplicated, later.document.id, later.document.status) == (
        True,
        first.document.id,
        "ready",
    )
    assert len(jobs.sent) == 1
    assert (await queued.list_documents(ada.claims, str(channel.id))).total == 1


async def test_deleting_a_document_or_its_collection_deletes_its_upload(
    queued: MemoryService, ada: User, admin_url: str
) -> None:
    # Given two of Ada's files not yet read, in two collections
    one = await collection(queued, ada, "One")
    two = await collection(queued, ada, "Two")
    first = await queued.add_document(ada.claims, str(one.id), upload(pdf(HANDBOOK), "a.pdf"))
    second = await queued.add_document(ada.claims, str(two.id), upload(pdf(["Other"]), "b.pdf"))

    # When she deletes the first document, and the second's collection
    await queued.delete_document(ada.claims, str(first.document.id))
    await queued.delete_collection(ada.claims, str(two.id))

    # Then neither file's bytes are kept, and a job sent for them finds nothing to do
    assert upload_count(admin_url, first.document.id) == 0
    assert upload_count(admin_url, second.document.id) == 0
    assert await queued.embed_document(ada.claims, str(first.document.id)) is None


async def test_a_file_being_read_when_its_worker_died_is_read_again_by_recovery(
    queued: MemoryService, ada: User, settings: Settings, role_urls: dict[str, str], admin_url: str
) -> None:
    # Given Ada's PDF, its job killed half-way through reading it ten minutes ago
    channel = await collection(queued, ada)
    added = await queued.add_document(ada.claims, str(channel.id), upload(pdf(HANDBOOK), "handbook.pdf"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "update public.memory_documents set status = 'extracting', pages_read = 1, pages_total = 2, "
            "updated_at = now() - interval '10 minutes' where id = %s",
            (str(added.document.id),),
        )
    resent = Jobs()
    # When a worker's recovery looks for stalled documents
    found = await recover_as_sweeper(settings, role_urls, resent)

    # Then the document's job is sent again, and that job reads the file and makes it ready
    assert found == 1
    assert resent.sent == [(str(added.document.id), ada.id)]
    await queued.embed_document(ada.claims, str(added.document.id))
    ready = await queued.get_document(ada.claims, str(added.document.id))
    assert (ready.status, ready.chunk_count, ready.pages_read) == ("ready", 2, 2)
    assert upload_count(admin_url, added.document.id) == 0


async def test_uploads_are_their_owners_alone(
    queued: MemoryService, db: Database, ada: User, bob: User, settings: Settings, role_urls: dict[str, str]
) -> None:
    # Given Ada's file, not yet read
    channel = await collection(queued, ada)
    added = await queued.add_document(ada.claims, str(channel.id), upload(pdf(HANDBOOK), "handbook.pdf"))
    document_id = str(added.document.id)
    select = "select content from public.memory_uploads where document_id = %s"
    worker = Database(settings.database, url=role_urls["orrery_worker"], application_name="orrery-worker")
    await worker.open()
    try:
        # When Bob asks for it, through the API's login and a worker's
        async with db.as_user(bob.claims) as conn:
            through_api = await (await conn.execute(select, (document_id,))).fetchall()
        async with worker.as_user(bob.claims) as conn:
            through_worker = await (await conn.execute(select, (document_id,))).fetchall()
            deleted = (
                await conn.execute("delete from public.memory_uploads where document_id = %s", (document_id,))
            ).rowcount
        # and a worker acting as Ada reads it (its job), but may not store one
        async with worker.as_user(ada.claims) as conn:
            for_the_job = await (await conn.execute(select, (document_id,))).fetchall()
        with pytest.raises(errors.InsufficientPrivilege):
            async with worker.as_user(ada.claims) as conn:
                await conn.execute(
                    "insert into public.memory_uploads (document_id, collection_id, content) "
                    "values (%s, %s, '\\x01')",
                    (document_id, str(channel.id)),
                )
        # and the sweeper, which recovers documents, is not allowed to read uploads at all
        sweeper = await psycopg.AsyncConnection.connect(role_urls["orrery_sweeper"])
        try:
            with pytest.raises(errors.InsufficientPrivilege):
                await sweeper.execute(select, (document_id,))
        finally:
            await sweeper.close()
    finally:
        await worker.close()

    # Then Bob saw and deleted nothing, and Ada's job found her file
    assert (through_api, through_worker, deleted) == ([], [], 0)
    assert len(for_the_job) == 1
