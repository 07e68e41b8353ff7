"""The outside world for node tests: a real HTTP server on 127.0.0.1, and the guarded client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from orrery.net import SafeHttpClient
from tests.support.local_server import LocalServer, running_server


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with running_server() as test_server:
        yield test_server


@pytest.fixture
async def local_http() -> AsyncIterator[SafeHttpClient]:
    """The guarded client with private networks explicitly allowed (the test server is on 127.0.0.1)."""
    async with SafeHttpClient(allow_private_networks=True) as client:
        yield client


@pytest.fixture
async def public_http() -> AsyncIterator[SafeHttpClient]:
    """The guarded client as in production: private networks refused."""
    async with SafeHttpClient() as client:
        yield client
