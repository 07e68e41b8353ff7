"""The one logging setup (`orrery.logs`): URLs lose their query strings, fragments and
userinfo in every line, httpx's per-request lines are quiet, and a flood of the same
line is written once per interval (issue 14, points 11 and 12)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from orrery.api.app import create_app
from orrery.logs import FloodFilter, redact, setup_logging
from orrery.net import SafeHttpClient
from orrery.settings import Settings
from tests.support.local_server import LocalServer, running_server

KEY = "sk-live-PLANTED-4f2a9c0e1b7d3a55"


@pytest.fixture
def log() -> Iterator[io.StringIO]:
    """The process's logging, set up as the engine and worker do it, writing to a buffer."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in ("httpx", "httpcore")})
    root.handlers = []
    stream = io.StringIO()
    setup_logging(stream=stream)
    yield stream
    root.handlers, root.level = saved[0], saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def web() -> Iterator[LocalServer]:
    with running_server() as server:
        yield server


async def test_the_worker_http_client_logs_no_request_line(log: io.StringIO, web: LocalServer) -> None:
    # When the worker's HTTP client calls an API with a key in the query string
    async with SafeHttpClient(allow_private_networks=True) as http:
        response = await http.request("GET", web.url(f"/echo?api_key={KEY}"))

    # Then the call was made, and the log has no line with the key
    assert response.status == 200
    assert web.requests[-1]["path"] == "/echo"
    assert KEY not in log.getvalue()


async def test_even_httpx_turned_up_to_info_logs_the_url_without_its_query(
    log: io.StringIO, web: LocalServer
) -> None:
    # Given someone debugging, with httpx's request log turned back up
    logging.getLogger("httpx").setLevel(logging.INFO)

    # When the worker's HTTP client calls an API with a key in the query string
    async with SafeHttpClient(allow_private_networks=True) as http:
        await http.request("GET", web.url(f"/echo?api_key={KEY}"))

    # Then the request line is there, without the key
    lines = [line for line in log.getvalue().splitlines() if "HTTP Request" in line]
    assert len(lines) == 1, log.getvalue()
    assert f"{web.url('/echo')}?[redacted]" in lines[0]
    assert KEY not in log.getvalue()


def test_a_traceback_with_a_database_url_loses_its_password(log: io.StringIO) -> None:
    # When a failure whose message holds a connection string is logged with its trace
    try:
        raise ConnectionError(
            "could not connect to postgresql://engine:hunter2@db:5432/orrery?sslmode=require"
        )
    except ConnectionError:
        logging.getLogger("orrery.test").exception(
            "start-up failed at https://user:pw@example.com/x#token=abc"
        )

    # Then neither the message nor the trace has the password, the query or the fragment
    text = log.getvalue()
    for secret in ("hunter2", "pw@", "token=abc", "sslmode"):
        assert secret not in text
    assert "postgresql://[redacted]@db:5432/orrery?[redacted]" in text
    assert "https://[redacted]@example.com/x#[redacted]" in text


def test_redact_leaves_text_without_urls_alone() -> None:
    assert (
        redact("run 42: node draft raised ValueError('a=b?c')")
        == "run 42: node draft raised ValueError('a=b?c')"
    )
    assert redact("GET http://127.0.0.1:8000/healthz 200") == "GET http://127.0.0.1:8000/healthz 200"


def test_a_flood_of_one_line_is_written_once_per_interval(log: io.StringIO) -> None:
    # Given a flood-prone logger (asyncio's, which reports accept() failures), and an interval
    # that does not elapse during the test
    flood = next(f for f in logging.getLogger().handlers[0].filters if isinstance(f, FloodFilter))
    flood.interval = 3600.0
    accept = logging.getLogger("asyncio")

    # When 5,000 connections each fail to be accepted, each logged with its error
    for n in range(5000):
        accept.error("socket.accept() out of system resource\nsocket: %d", n, exc_info=OSError(24, f"fd {n}"))
    # and an ordinary line comes after them
    logging.getLogger("orrery.test").warning("still here")

    # Then the flood is one line (one error), and the other line is written
    text = log.getvalue()
    assert text.count("socket.accept() out of system resource") == 1
    assert text.count("OSError: [Errno 24]") == 1
    assert "still here" in text

    # And when the interval has passed, the next one says how many were held back
    flood.interval = 0.0
    accept.error("socket.accept() out of system resource\nsocket: %d", 5000)
    assert "more like this in the last" in log.getvalue().splitlines()[-1]
    assert "[4999 more like this" in log.getvalue()


def test_the_engine_app_keeps_the_logging_setup(log: io.StringIO, settings: Settings) -> None:
    # Given the process's logging set up, then the engine's app built (as uvicorn's factory does)
    create_app(settings)

    # When a line with a key in a URL is logged
    logging.getLogger("orrery.test").warning("calling https://api.example.com/v1?api_key=%s", KEY)

    # Then it still goes through the setup's filters
    assert "https://api.example.com/v1?[redacted]" in log.getvalue()
    assert KEY not in log.getvalue()
