"""Documents are embedded in the background: adding one returns at once, `queued`; the job
moves it to `embedding` with its progress, then `ready` (searchable) or `failed` with the
reason; search never sees a document before it is ready.

The job queue here is the in-memory one a test needs (`Jobs` records what was handed to
the workers, as Dramatiq's stub broker would); the HTTP tests (tests/api/test_memory.py)
run the same job on a real worker over the real broker."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from orrery.credentials import CredentialCreate
from orrery.memory import MemoryService, ingestion
from orrery.memory.models import MemoryCollectionCreate, MemoryDocumentCreate, MemorySearch
from tests.memory.conftest import Jobs, collection
from tests.memory.test_embeddings import OPENAI_EMBEDDINGS, openai_embeddings
from tests.workflows.helpers import User

GUIDE = "\n\n".join(
    f"## Rule {i}\n\nKeep scene {i} under eight seconds, open with a question, and show the mug "
    "in the first frame; the glaze should catch the light." * 3
    for i in range(12)
)
FACTS = "Brand facts: the studio was founded in 2019 in Lisbon and sells handmade ceramic mugs."


async def test_a_document_is_queued_then_embedded_with_progress_then_found(
    queued: MemoryService, jobs: Jobs, ada: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given Ada's collection holding one ready document
    channel = await collection(queued, ada)
    facts = await queued.add_document(
        ada.claims, str(channel.id), MemoryDocumentCreate(source="text", text=FACTS)
    )
    await queued.embed_document(ada.claims, str(facts.document.id))

    # When she adds a long guide
    added = await queued.add_document(
        ada.claims, str(channel.id), MemoryDocumentCreate(source="text", text=GUIDE, title="Guide")
    )

    # Then it is stored at once, queued for a worker, with its chunks counted and none embedded
    document = added.document
    assert (document.status, document.chunks_embedded, document.error) == ("queued", 0, None)
    assert document.chunk_count >= 4
    assert jobs.sent[-1] == (str(document.id), ada.id)
    assert len(await queued.list_chunks(ada.claims, str(document.id))) == document.chunk_count
    # and search does not see it yet
    hits = await queued.search(
        ada.claims, str(channel.id), MemorySearch(query="scene under eight seconds", k=5)
    )
    assert {h.document_title for h in hits.results} == {FACTS}

    # When the worker's job runs (two chunks a step), while Ada watches the document
    monkeypatch.setattr(ingestion, "EMBED_BATCH", 2)
    seen: list[tuple[str, int]] = []
    job = asyncio.create_task(queued.embed_document(ada.claims, str(document.id)))
    while not job.done():
        now = await queued.get_document(ada.claims, str(document.id))
        if not seen or seen[-1] != (now.status, now.chunks_embedded):
            seen.append((now.status, now.chunks_embedded))
        await asyncio.sleep(0.01)
    await job

    # Then she saw it embedding, its progress only going up, and it ended ready with every chunk
    final = await queued.get_document(ada.claims, str(document.id))
    assert (final.status, final.chunks_embedded) == ("ready", document.chunk_count)
    progress = [n for status, n in seen if status == "embedding"]
    assert progress == sorted(progress)
    assert any(0 < n < document.chunk_count for n in progress), seen
    # and search finds it now
    hits = await queued.search(
        ada.claims, str(channel.id), MemorySearch(query="scene under eight seconds", k=1)
    )
    assert [h.document_title for h in hits.results] == ["Guide"]

    # And running the job again (a redelivered message) changes nothing
    again = await queued.embed_document(ada.claims, str(document.id))
    assert again is not None
    assert (again["status"], again["chunks_embedded"]) == (
        "ready",
        document.chunk_count,
    )


async def test_a_document_whose_embedding_fails_says_why_and_is_never_found(
    queued: MemoryService, ada: User, openai: Any
) -> None:
    # Given Ada's collection on OpenAI's model, made while her key still worked
    openai.post(OPENAI_EMBEDDINGS).mock(side_effect=openai_embeddings)
    assert queued.credentials is not None
    key = await queued.credentials.create(
        ada.claims, CredentialCreate(provider="openai", label="Work", api_key="sk-revoked-later")
    )
    scripts = await queued.create_collection(
        ada.claims,
        MemoryCollectionCreate(
            name="Scripts",
            embedding_provider="openai",
            embedding_model="text-embedding-3-small",
            credential_id=key.id,
        ),
    )
    added = await queued.add_document(
        ada.claims, str(scripts.id), MemoryDocumentCreate(source="text", text=FACTS)
    )

    # When the key has been revoked by the time the worker embeds the document
    openai.post(OPENAI_EMBEDDINGS).mock(
        return_value=httpx.Response(
            401, json={"error": {"message": "Incorrect API key", "type": "invalid_request_error"}}
        )
    )
    row = await queued.embed_document(ada.claims, str(added.document.id))

    # Then the document failed, saying what to fix
    assert row is not None
    assert row["status"] == "failed"
    failed = await queued.get_document(ada.claims, str(added.document.id))
    assert failed.status == "failed"
    assert failed.error is not None
    assert "refused the key" in failed.error
    assert "Work" in failed.error
    # and search (on a working key again) never returns its chunks
    openai.post(OPENAI_EMBEDDINGS).mock(side_effect=openai_embeddings)
    hits = await queued.search(ada.claims, str(scripts.id), MemorySearch(query="Lisbon studio", k=5))
    assert hits.results == []


async def test_another_user_cannot_run_the_job_on_a_document_not_theirs(
    queued: MemoryService, ada: User, bob: User
) -> None:
    # Given Ada's queued document
    channel = await collection(queued, ada)
    added = await queued.add_document(
        ada.claims, str(channel.id), MemoryDocumentCreate(source="text", text=FACTS)
    )

    # When a job runs with Bob's claims (a forged message)
    row = await queued.embed_document(bob.claims, str(added.document.id))

    # Then it finds nothing to do, and Ada's document is still queued, untouched
    assert row is None
    assert (await queued.get_document(ada.claims, str(added.document.id))).status == "queued"


async def test_a_job_that_gave_up_leaves_the_document_failed_with_the_reason(
    queued: MemoryService, ada: User
) -> None:
    # Given Ada's queued document, and another one already ready
    channel = await collection(queued, ada)
    stuck = await queued.add_document(
        ada.claims, str(channel.id), MemoryDocumentCreate(source="text", text=FACTS)
    )
    done = await queued.add_document(
        ada.claims, str(channel.id), MemoryDocumentCreate(source="text", text=GUIDE)
    )
    await queued.embed_document(ada.claims, str(done.document.id))

    # When the worker's job fails its last retry (the database kept failing it, say)
    gave_up = await queued.fail_document(ada.claims, str(stuck.document.id), "Embedding failed 4 times")
    too_late = await queued.fail_document(ada.claims, str(done.document.id), "Embedding failed 4 times")

    # Then the stuck document says so, and is not left "queued" forever; the ready one is untouched
    assert gave_up is not None
    failed = await queued.get_document(ada.claims, str(stuck.document.id))
    assert (failed.status, failed.error) == ("failed", "Embedding failed 4 times")
    assert too_late is None
    assert (await queued.get_document(ada.claims, str(done.document.id))).status == "ready"
