"""Adding documents to a collection and finding them again, as the user (RLS), with the
real built-in embedding model and the real database."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from orrery.credentials import CredentialCreate
from orrery.errors import InvalidInput
from orrery.memory import MemoryService
from orrery.memory.chunking import content_hash
from orrery.memory.errors import (
    CollectionNameTaken,
    CollectionNotFound,
    DocumentNotFound,
    DocumentTooLarge,
    SourceFetchFailed,
)
from orrery.memory.models import MemoryCollectionCreate, MemoryDocumentCreate, MemorySearch
from orrery.settings import MemorySettings
from tests.memory.conftest import Pages, collection
from tests.memory.test_embeddings import OPENAI_EMBEDDINGS, openai_embeddings
from tests.workflows.helpers import User

STYLE = (
    "# Channel style guide\n\nOur videos are upbeat and short. Every episode opens with a question "
    "to the viewer and ends with a call to leave a comment."
)
FACTS = "Brand facts: the studio was founded in 2019 in Lisbon and sells handmade ceramic mugs and bowls."
SCRIPT = "Episode 12 script: today we glaze a bowl with a blue glaze and fire it in the kiln at 1240 degrees."


def text(body: str, **fields: Any) -> MemoryDocumentCreate:
    return MemoryDocumentCreate(source="text", text=body, **fields)


async def test_a_pasted_text_is_chunked_in_order_and_found_by_meaning(
    memory: MemoryService, ada: User
) -> None:
    # Given Ada's collection with a long style guide and two short documents
    channel = await collection(memory, ada)
    long_guide = "\n\n".join(
        f"Rule {i}: keep scene {i} under eight seconds and show the product in the first frame."
        for i in range(40)
    )
    added = await memory.add_document(ada.claims, str(channel.id), text(long_guide, title="Pacing rules"))
    await memory.add_document(ada.claims, str(channel.id), text(FACTS, metadata={"kind": "facts"}))
    await memory.add_document(ada.claims, str(channel.id), text(SCRIPT, metadata={"kind": "script"}))

    # Then the long one was split into ordered, overlapping chunks
    document = added.document
    assert (added.deduplicated, document.title, document.source) == (False, "Pacing rules", "text")
    assert document.content_hash == content_hash(long_guide)
    assert document.char_count == len(long_guide)
    chunks = await memory.list_chunks(ada.claims, str(document.id))
    assert [c.chunk_index for c in chunks] == list(range(document.chunk_count))
    assert document.chunk_count >= 3  # about 25 tokens a rule: 10 rules in 254 tokens
    assert chunks[0].content.startswith("Rule 0:")
    assert "Rule 39:" in chunks[-1].content
    # and the collection counts them
    listed = await memory.get_collection(ada.claims, str(channel.id))
    assert (listed.document_count, listed.chunk_count) == (3, document.chunk_count + 2)

    # When she searches by meaning, with none of the documents' words
    found = await memory.search(
        ada.claims, str(channel.id), MemorySearch(query="Where is the company based?", k=3)
    )

    # Then the brand facts come first, with scores best first
    assert found.results[0].content == FACTS
    scores = [hit.score for hit in found.results]
    assert scores == sorted(scores, reverse=True)
    assert -1.0 <= scores[-1] <= scores[0] <= 1.0

    # And a metadata filter keeps only what matches
    scripts = await memory.search(
        ada.claims,
        str(channel.id),
        MemorySearch(query="Where is the company based?", k=3, metadata={"kind": "script"}),
    )
    assert [hit.content for hit in scripts.results] == [SCRIPT]
    assert scripts.results[0].metadata == {"kind": "script"}


async def test_the_same_text_is_stored_once(memory: MemoryService, ada: User) -> None:
    # Given a document in Ada's collection
    channel = await collection(memory, ada)
    first = await memory.add_document(ada.claims, str(channel.id), text(FACTS))

    # When she adds it again with other spacing, and twice at the same instant
    again = await memory.add_document(ada.claims, str(channel.id), text(f"  {FACTS.replace(' ', '   ')}\n"))
    racing = await asyncio.gather(
        *(memory.add_document(ada.claims, str(channel.id), text(SCRIPT)) for _ in range(3))
    )

    # Then the repeat is the first document, deduplicated, and the race stored one document
    assert again.deduplicated is True
    assert again.document.id == first.document.id
    assert sorted(r.deduplicated for r in racing) == [False, True, True]
    assert len({r.document.id for r in racing}) == 1
    listed = await memory.list_documents(ada.claims, str(channel.id))
    assert listed.total == 2
    # And another collection may hold the same text
    other = await collection(memory, ada, "Archive")
    assert (await memory.add_document(ada.claims, str(other.id), text(FACTS))).deduplicated is False


async def test_a_file_keeps_its_name_and_a_text_its_first_line(memory: MemoryService, ada: User) -> None:
    channel = await collection(memory, ada)
    as_file = await memory.add_document(
        ada.claims, str(channel.id), MemoryDocumentCreate(source="file", text=STYLE, filename="style.md")
    )
    as_text = await memory.add_document(ada.claims, str(channel.id), text(SCRIPT + "\nMore."))
    assert (as_file.document.title, as_file.document.filename, as_file.document.source) == (
        "style.md",
        "style.md",
        "file",
    )
    assert as_text.document.title.startswith("Episode 12 script")
    # and the list is newest first
    listed = await memory.list_documents(ada.claims, str(channel.id), limit=1)
    assert (listed.total, [d.id for d in listed.items]) == (2, [as_text.document.id])


async def test_a_url_is_fetched_through_the_guard_and_reduced_to_text(
    memory: MemoryService, ada: User, pages: Pages
) -> None:
    # Given a web page about the brand
    pages.routes["/about"] = (
        200,
        "text/html; charset=utf-8",
        b"<html><head><title>About &amp; us</title><script>var x = 1;</script></head>"
        b"<body><h1>About</h1><p>We throw ceramic mugs in Lisbon.</p></body></html>",
    )
    channel = await collection(memory, ada)

    # When Ada adds it by URL
    added = await memory.add_document(
        ada.claims, str(channel.id), MemoryDocumentCreate(source="url", url=pages.url("/about"))
    )

    # Then its title (the page's heading, as trafilatura reads it) and text (no markup, no script)
    # were stored
    document = added.document
    assert (document.title, document.source, document.source_url) == (
        "About",
        "url",
        pages.url("/about"),
    )
    chunks = await memory.list_chunks(ada.claims, str(document.id))
    assert [c.content for c in chunks] == ["About\nWe throw ceramic mugs in Lisbon."]


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ((404, "text/html", b"gone"), "HTTP 404"),
        ((200, "image/png", b"\x89PNG"), "not text"),
        ((200, "text/html", b"<html><body> </body></html>"), "no text"),
    ],
)
async def test_a_url_that_cannot_be_read_says_why(
    memory: MemoryService, ada: User, pages: Pages, route: tuple[int, str, bytes], message: str
) -> None:
    pages.routes["/page"] = route
    channel = await collection(memory, ada)
    with pytest.raises(SourceFetchFailed, match=message):
        await memory.add_document(
            ada.claims, str(channel.id), MemoryDocumentCreate(source="url", url=pages.url("/page"))
        )


async def test_bad_documents_are_refused_before_anything_is_stored(memory: MemoryService, ada: User) -> None:
    channel = await collection(memory, ada)
    limited = dataclasses.replace(memory, limits=MemorySettings(max_file_bytes=512 * 1024))
    with pytest.raises(DocumentTooLarge, match="512 KB"):
        await limited.add_document(ada.claims, str(channel.id), text("x" * (512 * 1024 + 1)))
    with pytest.raises(InvalidInput, match="no text"):
        await memory.add_document(ada.claims, str(channel.id), text(" \n "))
    with pytest.raises(InvalidInput, match="http"):
        await memory.add_document(
            ada.claims, str(channel.id), MemoryDocumentCreate(source="url", url="file:///etc/passwd")
        )
    assert (await memory.list_documents(ada.claims, str(channel.id))).total == 0


async def test_names_are_unique_per_user_and_collections_private(
    memory: MemoryService, ada: User, bob: User
) -> None:
    # Given Ada's collection with a document
    channel = await collection(memory, ada)
    added = await memory.add_document(ada.claims, str(channel.id), text(FACTS))

    # Then she cannot make another of the same name, but Bob can
    with pytest.raises(CollectionNameTaken):
        await collection(memory, ada)
    await collection(memory, bob)

    # And Bob sees none of hers: not the collection, its documents, chunks, nor a search
    assert [c.name for c in await memory.list_collections(bob.claims)] == ["Channel"]
    with pytest.raises(CollectionNotFound):
        await memory.get_collection(bob.claims, str(channel.id))
    with pytest.raises(CollectionNotFound):
        await memory.search(bob.claims, str(channel.id), MemorySearch(query="Lisbon"))
    with pytest.raises(CollectionNotFound):
        await memory.add_document(bob.claims, str(channel.id), text("Bob's text"))
    with pytest.raises(DocumentNotFound):
        await memory.list_chunks(bob.claims, str(added.document.id))
    with pytest.raises(DocumentNotFound):
        await memory.delete_document(bob.claims, str(added.document.id))

    # And when Ada deletes the collection, its documents go with it
    await memory.delete_collection(ada.claims, str(channel.id))
    with pytest.raises(DocumentNotFound):
        await memory.get_document(ada.claims, str(added.document.id))


async def test_a_collection_on_a_providers_model_measures_its_dimension(
    memory: MemoryService, ada: User, openai: Any
) -> None:
    # Given Ada's saved OpenAI key, and OpenAI's embeddings API
    route = openai.post(OPENAI_EMBEDDINGS).mock(side_effect=openai_embeddings)
    assert memory.credentials is not None
    key = await memory.credentials.create(
        ada.claims, CredentialCreate(provider="openai", label="Work", api_key="sk-PLANTED-memory")
    )

    # When she makes a collection on text-embedding-3-small
    made = await memory.create_collection(
        ada.claims,
        MemoryCollectionCreate(
            name="Scripts",
            embedding_provider="openai",
            embedding_model="text-embedding-3-small",
            credential_id=key.id,
        ),
    )

    # Then its dimension is the model's, measured with one probe
    assert (made.embedding_provider, made.embedding_model, made.dimensions) == (
        "openai",
        "text-embedding-3-small",
        1536,
    )
    assert route.call_count == 1

    # And documents and searches go through the same model
    await memory.add_document(ada.claims, str(made.id), text(FACTS))
    await memory.add_document(ada.claims, str(made.id), text(SCRIPT))
    found = await memory.search(ada.claims, str(made.id), MemorySearch(query="blue glaze kiln", k=1))
    assert [hit.content for hit in found.results] == [SCRIPT]
    assert route.call_count == 4


async def test_a_provider_collection_needs_a_model_and_a_key_of_that_provider(
    memory: MemoryService, ada: User, bob: User
) -> None:
    with pytest.raises(InvalidInput) as missing:
        await memory.create_collection(
            ada.claims, MemoryCollectionCreate(name="X", embedding_provider="openai")
        )
    assert {e["field"] for e in missing.value.errors} == {"embedding_model", "credential_id"}
    assert memory.credentials is not None
    bobs = await memory.credentials.create(
        bob.claims, CredentialCreate(provider="openai", label="Bob's", api_key="sk-bob")
    )
    with pytest.raises(InvalidInput, match="not found"):
        await memory.create_collection(
            ada.claims,
            MemoryCollectionCreate(
                name="X",
                embedding_provider="openai",
                embedding_model="text-embedding-3-small",
                credential_id=bobs.id,
            ),
        )
    with pytest.raises(InvalidInput, match="all-MiniLM-L6-v2"):
        await memory.create_collection(ada.claims, MemoryCollectionCreate(name="X", embedding_model="other"))
