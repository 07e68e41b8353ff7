"""The memory service on the real database, with the real built-in embedding model."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import respx

from orrery.credentials import CredentialService
from orrery.memory import LocalEmbedder, MemoryService
from orrery.memory.models import MemoryCollectionCreate, MemoryCollectionRead
from orrery.memory.recovery import recover_once
from orrery.net import SafeHttpClient
from orrery.settings import Settings
from orrery.store.database import Database
from tests.agents import respx_httpx2  # noqa: F401  (registers respx's "httpx2" mocker)
from tests.support.workers import shared_workers_paused
from tests.workflows.helpers import User, sign_up


@pytest.fixture(autouse=True)
def _no_shared_worker() -> Iterator[None]:
    """These tests are the workers here (an in-memory queue, one recovery round at a time): the
    session's shared worker, if a runner test file in this process started it, is paused. Its
    own recovery looks every second and had re-sent a test's stalled crawl before the test's
    round looked (which then found nothing: seen under xdist)."""
    with shared_workers_paused():
        yield


@pytest.fixture(scope="session")
def embedder() -> LocalEmbedder:
    """One model per test session, as one per process in the engine."""
    return LocalEmbedder(threads=2)


@pytest.fixture
async def http() -> AsyncIterator[SafeHttpClient]:
    # The local test server is on 127.0.0.1, which the guard refuses unless allowed.
    async with SafeHttpClient(allow_private_networks=True) as client:
        yield client


@pytest.fixture
def memory(db: Database, embedder: LocalEmbedder, http: SafeHttpClient, settings: Settings) -> MemoryService:
    from orrery.crypto import CredentialCipher

    assert settings.credentials.master_key is not None
    return MemoryService(
        db, embedder, http, CredentialService(db, CredentialCipher(settings.credentials.master_key))
    )


@pytest.fixture
def ada(admin_url: str, settings: Settings) -> User:
    return sign_up(admin_url, settings)


@pytest.fixture
def bob(admin_url: str, settings: Settings) -> User:
    return sign_up(admin_url, settings)


class Pages:
    """A real web server on 127.0.0.1 serving the pages a test puts in `routes`."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.posts: dict[str, Callable[[bytes], tuple[int, str, bytes]]] = {}
        routes, posts = self.routes, self.posts

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                status, kind, answer = (
                    posts[self.path](body) if self.path in posts else (404, "text/plain", b"")
                )
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def do_GET(self) -> None:
                status, kind, body = routes.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def pages() -> Iterator[Pages]:
    server = Pages()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


async def collection(memory: MemoryService, user: User, name: str = "Channel") -> MemoryCollectionRead:
    return await memory.create_collection(user.claims, MemoryCollectionCreate(name=name))


@pytest.fixture
def openai() -> Iterator[respx.MockRouter]:
    """OpenAI's API, stood in for by respx (nothing reaches the network)."""
    with respx.mock(using="httpx2", assert_all_called=False) as router:
        yield router


class Jobs:
    """The jobs handed to workers, in order (an in-memory queue)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.busy: dict[str, bool] = {}
        """Per document sent, whether it went to the busy lane (the last time it was sent)."""
        self.crawls: list[tuple[str, str]] = []

    async def embed_document(self, document_id: str, owner_id: str, *, busy: bool = False) -> None:
        self.sent.append((document_id, owner_id))
        self.busy[document_id] = busy

    async def crawl_site(self, document_id: str, owner_id: str) -> None:
        self.crawls.append((document_id, owner_id))


@pytest.fixture
def jobs() -> Jobs:
    return Jobs()


@pytest.fixture
def queued(memory: MemoryService, jobs: Jobs) -> MemoryService:
    """The memory service as the API has it: documents go to the worker queue."""
    return dataclasses.replace(memory, jobs=jobs)


async def recover_as_sweeper(settings: Settings, role_urls: dict[str, str], jobs: Jobs) -> int:
    """One round of a worker's document recovery on the sweeper's login (work stalled 60 s)."""
    sweeper = Database(settings.database, url=role_urls["orrery_sweeper"], application_name="orrery-sweeper")
    await sweeper.open()
    try:
        return await recover_once(
            sweeper, jobs, stale_after_s=60, busy_at=settings.memory.busy_owner_documents
        )
    finally:
        await sweeper.close()


# An API and a worker on a Redis of their own (tests/runner), for the busy lane's test.
from tests.runner.conftest import isolated  # noqa: E402, F401
from tests.runner.conftest import user as user  # noqa: E402  (the fixture `isolated` signs in)
