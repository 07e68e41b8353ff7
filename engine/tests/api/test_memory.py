"""Memory over HTTP: collections, documents (text, file, URL), chunks and search, as the
contract in notes/memory-contract.md says; another user sees nothing (404). Documents are
embedded in the background by a real `orrery worker` over the real broker."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import load_settings
from tests.memory.conftest import Pages
from tests.memory.test_extract import pdf
from tests.runner.conftest import WorkerProcess, start_worker
from tests.workflows.helpers import Api, sign_up

BASE = "/api/v1/memory"
FACTS = "Brand facts: the studio was founded in 2019 in Lisbon and sells handmade ceramic mugs."
STYLE = "Style: upbeat, short videos that open with a question and end with a call to comment."


@pytest.fixture
async def api(env: dict[str, str], admin_url: str) -> AsyncIterator[Api]:
    # Private addresses allowed: the test's web page is on 127.0.0.1.
    settings = load_settings({**env, "ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS": "1"})
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


@pytest.fixture(scope="module")
def worker(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """A real `orrery worker` embeds the documents, for this module only (and without the sweeper,
    which has nothing to do here: the other modules' tests never meet it)."""
    process = start_worker(
        {k: v for k, v in env.items() if k != "SWEEPER_DATABASE_URL"},
        tmp_path_factory.mktemp("memory-workers"),
        threads=2,
        name="memory-worker",
    )
    yield process
    process.stop()


@pytest.fixture
def pages() -> Iterator[Pages]:
    server = Pages()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


async def settled(api: Api, document_id: str, *, patience_s: float = 120.0) -> dict[str, Any]:
    """The document once the worker has embedded it (or failed to)."""
    deadline = time.monotonic() + patience_s
    while True:
        document: dict[str, Any] = (await api.get(f"{BASE}/documents/{document_id}")).json()
        if document["status"] in ("ready", "failed") or time.monotonic() > deadline:
            return document
        await asyncio.sleep(0.05)


async def new_collection(api: Api, name: str = "Channel") -> str:
    response = await api.post(f"{BASE}/collections", {"name": name, "description": "Our channel"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_a_collection_is_created_listed_read_and_deleted(api: Api) -> None:
    # When Ada creates a collection with the defaults
    created = await api.post(f"{BASE}/collections", {"name": "Channel", "description": "Our channel"})

    # Then it uses the built-in model, and is empty
    assert created.status_code == 201, created.text
    body = created.json()
    assert {k: body[k] for k in ("name", "embedding_provider", "embedding_model", "dimensions")} == {
        "name": "Channel",
        "embedding_provider": "local",
        "embedding_model": "all-MiniLM-L6-v2",
        "dimensions": 384,
    }
    assert (body["document_count"], body["chunk_count"], body["credential_id"]) == (0, 0, None)
    await new_collection(api, "Archive")
    listed = await api.get(f"{BASE}/collections")
    assert [c["name"] for c in listed.json()] == ["Archive", "Channel"]
    assert (await api.get(f"{BASE}/collections/{body['id']}")).json()["name"] == "Channel"

    # And the same name again is a conflict; nonsense is refused with the field named
    assert (await api.post(f"{BASE}/collections", {"name": "Channel"})).status_code == 409
    provider = await api.post(f"{BASE}/collections", {"name": "X", "embedding_provider": "openai"})
    assert provider.status_code == 422
    assert {e["field"] for e in provider.json()["errors"]} == {"embedding_model", "credential_id"}
    assert (await api.post(f"{BASE}/collections", {"name": ""})).status_code == 400

    # When she deletes it, it is gone
    assert (await api.delete(f"{BASE}/collections/{body['id']}")).status_code == 204
    assert (await api.get(f"{BASE}/collections/{body['id']}")).status_code == 404
    assert (await api.delete(f"{BASE}/collections/{body['id']}")).status_code == 404


@pytest.mark.usefixtures("worker")
async def test_documents_are_added_deduplicated_listed_chunked_and_found(api: Api) -> None:
    collection = await new_collection(api)
    docs = f"{BASE}/collections/{collection}/documents"

    # When Ada pastes a text, uploads a markdown file, and pastes the first text again
    first = await api.post(docs, {"source": "text", "text": FACTS, "metadata": {"kind": "facts"}})
    upload = await api.post(docs, {"source": "file", "text": f"# Style\n\n{STYLE}", "filename": "style.md"})

    # Then the new ones are 201 at once, queued for a worker, which makes them ready
    assert first.status_code == 201, first.text
    assert first.json()["deduplicated"] is False
    assert (first.json()["document"]["status"], first.json()["document"]["chunks_embedded"]) == ("queued", 0)
    document = await settled(api, first.json()["document"]["id"])
    assert (document["status"], document["chunks_embedded"], document["error"]) == ("ready", 1, None)
    assert (await settled(api, upload.json()["document"]["id"]))["status"] == "ready"
    # and the repeat is a 200 naming the same document
    again = await api.post(docs, {"source": "text", "text": f"  {FACTS}  "})
    assert set(document) == {
        "id",
        "collection_id",
        "title",
        "source",
        "source_url",
        "filename",
        "metadata",
        "content_hash",
        "chunk_count",
        "char_count",
        "status",
        "chunks_embedded",
        "error",
        "pages_read",
        "pages_total",
        "crawl",
        "created_at",
        "updated_at",
    }
    assert (document["title"], document["metadata"], document["chunk_count"]) == (FACTS, {"kind": "facts"}, 1)
    assert upload.status_code == 201
    assert upload.json()["document"]["title"] == "style.md"
    assert again.status_code == 200
    assert again.json() == {"document": document, "deduplicated": True, "also_added": [], "failed_pages": []}

    # And the list is newest first, with the total; a document shows its chunks in order
    page = (await api.get(docs, limit=1)).json()
    assert (page["total"], [d["filename"] for d in page["items"]]) == (2, ["style.md"])
    chunks = await api.get(f"{BASE}/documents/{document['id']}/chunks")
    assert [(c["chunk_index"], c["content"]) for c in chunks.json()] == [(0, FACTS)]
    assert (await api.get(f"{BASE}/documents/{document['id']}")).json() == document

    # When she searches by meaning
    found = await api.post(
        f"{BASE}/collections/{collection}/search", {"query": "Where is the studio?", "k": 2}
    )

    # Then the facts come first, with a cosine score
    assert found.status_code == 200, found.text
    hits = found.json()["results"]
    assert [h["document_title"] for h in hits] == [FACTS, "style.md"]
    assert set(hits[0]) == {
        "chunk_id",
        "document_id",
        "document_title",
        "chunk_index",
        "content",
        "score",
        "metadata",
    }
    assert hits[0]["score"] > hits[1]["score"]
    filtered = await api.post(
        f"{BASE}/collections/{collection}/search",
        {"query": "Where is the studio?", "metadata": {"kind": "none"}},
    )
    assert filtered.json() == {"results": []}

    # And deleting a document removes it from search
    assert (await api.delete(f"{BASE}/documents/{document['id']}")).status_code == 204
    assert (await api.get(f"{BASE}/documents/{document['id']}/chunks")).status_code == 404
    again_found = await api.post(f"{BASE}/collections/{collection}/search", {"query": "Where is the studio?"})
    assert [h["document_title"] for h in again_found.json()["results"]] == ["style.md"]


async def test_bad_documents_and_searches_say_what_is_wrong(api: Api) -> None:
    collection = await new_collection(api)
    docs = f"{BASE}/collections/{collection}/documents"
    assert (await api.post(docs, {"source": "text", "text": "  "})).status_code == 422
    assert (await api.post(docs, {"source": "url"})).status_code == 422
    assert (await api.post(docs, {"source": "url", "url": "ftp://example.com/x"})).status_code == 422
    assert (
        await api.post(docs, {"source": "text", "text": "x", "metadata": {"nested": {"a": 1}}})
    ).status_code == 400
    too_big = await api.post(docs, {"source": "file", "content_base64": "QUFB" * (7 * 1024 * 1024)})
    assert too_big.status_code == 413
    assert "20 MB" in too_big.json()["detail"]
    not_base64 = await api.post(docs, {"source": "file", "content_base64": "%%%"})
    assert (not_base64.status_code, not_base64.json()["detail"]) == (422, "The file's content is not base64.")
    search = f"{BASE}/collections/{collection}/search"
    assert (await api.post(search, {"query": ""})).status_code == 400
    assert (await api.post(search, {"query": "x", "k": 51})).status_code == 400
    assert (await api.get(f"{BASE}/collections/{collection}/documents")).json() == {"items": [], "total": 0}


async def test_a_url_document_is_fetched_and_a_failing_one_is_a_bad_gateway(api: Api, pages: Pages) -> None:
    collection = await new_collection(api)
    docs = f"{BASE}/collections/{collection}/documents"
    pages.routes["/about"] = (200, "text/html", b"<title>About</title><p>Ceramics from Lisbon.</p>")
    pages.routes["/down"] = (503, "text/plain", b"down")

    fetched = await api.post(docs, {"source": "url", "url": pages.url("/about")})
    assert fetched.status_code == 201, fetched.text
    assert (fetched.json()["document"]["title"], fetched.json()["document"]["source_url"]) == (
        "About",
        pages.url("/about"),
    )
    failed = await api.post(docs, {"source": "url", "url": pages.url("/down")})
    assert failed.status_code == 502
    assert "HTTP 503" in failed.json()["detail"]


@pytest.mark.usefixtures("worker")
async def test_a_pdf_is_uploaded_and_embedded_by_a_worker_with_its_pages(api: Api) -> None:
    # Given a two-page PDF
    collection = await new_collection(api)
    data = pdf(["Glazes are mixed on Mondays in the back room.", "The kiln is loaded on Thursdays."])

    # When Ada uploads it
    added = await api.post(
        f"{BASE}/collections/{collection}/documents",
        {"source": "file", "filename": "handbook.pdf", "content_base64": base64.b64encode(data).decode()},
    )

    # Then it is queued at once, and a worker embeds it
    assert added.status_code == 201, added.text
    assert added.json()["document"]["status"] == "queued"
    document = await settled(api, added.json()["document"]["id"])
    assert (document["status"], document["filename"], document["metadata"]) == (
        "ready",
        "handbook.pdf",
        {"pages": 2},
    )
    # and search finds the page that answers, naming its page
    found = await api.post(
        f"{BASE}/collections/{collection}/search", {"query": "When is the kiln loaded?", "k": 1}
    )
    (hit,) = found.json()["results"]
    assert hit["content"] == "The kiln is loaded on Thursdays."
    assert (hit["metadata"]["page"], hit["metadata"]["page_end"]) == (2, 2)


async def test_another_user_sees_none_of_it(api: Api, env: dict[str, str], admin_url: str) -> None:
    # Given Ada's collection with a document
    collection = await new_collection(api)
    added = await api.post(f"{BASE}/collections/{collection}/documents", {"source": "text", "text": FACTS})
    document = added.json()["document"]["id"]

    # When Bob asks for any of it
    bob = api.as_user(sign_up(admin_url, load_settings(env)))
    responses = [
        await bob.get(f"{BASE}/collections/{collection}"),
        await bob.get(f"{BASE}/collections/{collection}/documents"),
        await bob.post(f"{BASE}/collections/{collection}/documents", {"source": "text", "text": "mine"}),
        await bob.post(f"{BASE}/collections/{collection}/search", {"query": "Lisbon"}),
        await bob.get(f"{BASE}/documents/{document}"),
        await bob.get(f"{BASE}/documents/{document}/chunks"),
        await bob.delete(f"{BASE}/documents/{document}"),
        await bob.delete(f"{BASE}/collections/{collection}"),
    ]

    # Then every answer is a 404, and his list is empty
    assert [r.status_code for r in responses] == [404] * len(responses)
    assert (await bob.get(f"{BASE}/collections")).json() == []
    # and without a token, a 401
    assert (await api.client.get(f"{BASE}/collections")).status_code == 401


@pytest.mark.usefixtures("worker")
async def test_a_200_page_pdf_is_added_before_it_is_read_and_a_worker_reads_it(api: Api) -> None:
    # Given a 200-page PDF (the most a PDF may have), a fact on each page
    collection = await new_collection(api)
    data = pdf(
        [f"Page {n}: kiln shelf {n} holds {n + 4} mugs of glaze batch {n * 7}." for n in range(1, 201)]
    )

    # When Ada uploads it
    added = await api.post(
        f"{BASE}/collections/{collection}/documents",
        {"source": "file", "filename": "shelves.pdf", "content_base64": base64.b64encode(data).decode()},
    )

    # Then the answer comes before the file was read: queued, no chunks, no page read yet
    assert added.status_code == 201, added.text
    queued = added.json()["document"]
    assert (queued["status"], queued["chunk_count"], queued["pages_read"]) == ("queued", 0, 0)
    # and a worker reads and embeds it: ready, every page read, each chunk naming its page
    document = await settled(api, queued["id"])
    assert (document["status"], document["metadata"], document["pages_read"], document["pages_total"]) == (
        "ready",
        {"pages": 200},
        200,
        200,
    )
    chunks = (await api.get(f"{BASE}/documents/{queued['id']}/chunks")).json()
    assert len(chunks) == document["chunk_count"] > 0
    assert {chunk["metadata"]["page"] for chunk in chunks} == set(range(1, 201))


@pytest.mark.usefixtures("worker")
async def test_a_corrupt_pdf_ends_failed_with_its_reason_and_its_bytes_are_not_kept(
    api: Api, admin_url: str
) -> None:
    # Given a file that starts as a PDF does and is not one
    collection = await new_collection(api)
    data = b"%PDF-1.7\n" + b"\x13\x37" * 2000

    # When Ada uploads it
    added = await api.post(
        f"{BASE}/collections/{collection}/documents",
        {"source": "file", "filename": "broken.pdf", "content_base64": base64.b64encode(data).decode()},
    )

    # Then it is accepted at once, and the worker marks it failed, saying why
    assert added.status_code == 201, added.text
    document = await settled(api, added.json()["document"]["id"])
    assert document["status"] == "failed"
    assert document["error"].startswith("The PDF could not be read")
    # and nothing of the file is kept
    with psycopg.connect(admin_url) as conn:
        assert conn.execute("select count(*) from public.memory_uploads").fetchone() == (0,)
