"""The API's tests: what the API stores and shows, with no worker executing the runs they start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.workers import shared_workers_paused


@pytest.fixture
def no_worker_running() -> Iterator[None]:
    """The runs a test starts stay as the API left them (queued): the session's shared worker,
    if a test run earlier in this process started one, is paused meanwhile. Under xdist a process
    may run a runner test file, which starts that worker, before an API test file."""
    with shared_workers_paused():
        yield
