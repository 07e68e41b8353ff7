"""Slow and idle clients cannot hold the engine (issue 14, point 11): with real sockets
against the engine served as `orrery engine` serves it (uvicorn, `api/server.py`) on
127.0.0.1, half-sent requests are answered 408 and closed after the timeout while
`/healthz` keeps answering, connections over the cap are refused at once, and the log
has one line per flood, not one per connection."""

from __future__ import annotations

import logging
import resource
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
import uvicorn

from orrery.api.app import create_app
from orrery.api.auth_local import create_auth_app
from orrery.api.server import FD_RESERVE, connection_cap, raise_fd_limit, server_config
from orrery.errors import ConfigurationError
from orrery.logs import install
from orrery.settings import Settings, load_settings
from tests.support.engine_server import free_port
from tests.workflows.helpers import sign_up

HALF_A_REQUEST = b"GET /healthz HTTP/1.1\r\nHost: engine\r\n"  # no blank line: the headers never end


@dataclass
class Engine:
    host: str
    port: int
    lines: list[str]

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def connect(self, n: int) -> list[socket.socket]:
        return [socket.create_connection((self.host, self.port), timeout=10) for _ in range(n)]


class _Lines(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.INFO)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def engine(settings: Settings, app: Any = None, **limits: Any) -> Iterator[Engine]:
    """The engine (or another app of ours, served the same way) on a free port, its log (as
    the logging setup filters it) in `lines`."""
    lines: list[str] = []
    handler = _Lines(lines)
    install(handler, flood_interval=3600.0)  # one interval for the whole test
    root = logging.getLogger()
    root.addHandler(handler)
    http = replace(settings.http, host="127.0.0.1", port=free_port(), **limits)
    app = app if app is not None else create_app(settings)
    server = uvicorn.Server(server_config(http, app, fd_limit=raise_fd_limit()))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the engine did not start")
            time.sleep(0.05)
        yield Engine(http.host, http.port, lines)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        root.removeHandler(handler)


def read_until_closed(socks: list[socket.socket], patience: float) -> list[bytes | None]:
    """What each socket received until the server closed it; None for those still open
    when `patience` ran out (a generous bound, not a measurement)."""
    received: dict[socket.socket, bytes] = {s: b"" for s in socks}
    open_ = set(socks)
    with selectors.DefaultSelector() as selector:
        for sock in socks:
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
        deadline = time.monotonic() + patience
        while open_ and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=0.5):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                try:
                    chunk = sock.recv(4096)
                except ConnectionResetError:
                    chunk = b""
                if chunk:
                    received[sock] += chunk
                else:
                    selector.unregister(sock)
                    open_.discard(sock)
    return [None if s in open_ else received[s] for s in socks]


@pytest.fixture
def sockets() -> Iterator[list[socket.socket]]:
    opened: list[socket.socket] = []
    yield opened
    for sock in opened:
        sock.close()


def test_half_sent_requests_are_closed_after_the_timeout_while_healthz_answers(
    settings: Settings, sockets: list[socket.socket]
) -> None:
    with engine(settings, header_timeout_s=2.0) as served:
        # Given 300 clients that send half a request line and headers, then nothing
        sockets += served.connect(300)
        for sock in sockets:
            sock.sendall(HALF_A_REQUEST)

        # When someone checks the engine's health while they are held
        health = httpx.get(served.url("/healthz"), timeout=10)

        # Then it answers
        assert health.status_code == 200, health.text
        # and every held connection is answered 408 and closed
        answers = read_until_closed(sockets, patience=60)
        assert [a is not None and a.startswith(b"HTTP/1.1 408 ") for a in answers] == [True] * len(sockets)
        # and the log says so once, not 300 times
        timeouts = [line for line in served.lines if "did not arrive" in line]
        assert timeouts == ["closed a connection whose request headers did not arrive within 2 s"]


def test_bodies_that_stop_arriving_are_a_408_logged_once(
    auth_settings: Settings, sockets: list[socket.socket]
) -> None:
    # (the Auth stand-in, `orrery auth`, is served the same way and reads a body with no token)
    with engine(auth_settings, create_auth_app(auth_settings), body_timeout_s=2.0) as served:
        # Given 20 clients that each announce a 1,000-byte body and send 10 bytes of it
        sockets += served.connect(20)
        for sock in sockets:
            sock.sendall(
                b"POST /auth/v1/signup HTTP/1.1\r\nHost: engine\r\ncontent-type: application/json\r\n"
                b"content-length: 1000\r\n\r\n" + b'{"email": '
            )

        # When they send no more, then each is answered 408 and closed
        answers = read_until_closed(sockets, patience=60)
        assert [a is not None and a.startswith(b"HTTP/1.1 408 ") for a in answers] == [True] * 20
        # and the log has one line for them all (the handlers that lost their clients add none)
        assert [line for line in served.lines if "request" in line] == [
            "closed a connection whose request body did not arrive within 2 s"
        ]


def test_a_large_upload_that_keeps_arriving_is_not_cut_off(
    settings: Settings, admin_url: str, sockets: list[socket.socket]
) -> None:
    # Given bodies must arrive within 1 s, or keep coming at 64 KiB/s or faster
    user = sign_up(admin_url, settings)
    with engine(settings, body_timeout_s=1.0) as served:
        # When Ada's upload of 1.25 MiB arrives over ~4 s (64 KiB every 0.2 s: 320 KiB/s),
        # as from a slow line
        piece = b"a line of a long transcript\n" * 2340 + b"abcd"  # 65,524 bytes
        size = 20 * len(piece)
        [sock] = served.connect(1)
        sockets.append(sock)
        sock.sendall(
            f"POST /api/v1/assets/?name=slow.txt HTTP/1.1\r\nHost: engine\r\n"
            f"Authorization: Bearer {user.token}\r\ncontent-length: {size}\r\n\r\n".encode()
        )
        for _ in range(20):
            sock.sendall(piece)
            time.sleep(0.2)  # the client's pace, not a measurement

        # Then the whole file is stored, not cut off with a 408 after the first second (the
        # connection is closed when it has been idle for the keep-alive time)
        [answer] = read_until_closed([sock], patience=30)
        assert answer is not None
        assert answer.startswith(b"HTTP/1.1 201 "), answer
        assert f'"size":{size}'.encode() in answer
        assert not [line for line in served.lines if "did not arrive" in line]


def test_connections_over_the_cap_are_refused_at_once(
    settings: Settings, sockets: list[socket.socket]
) -> None:
    with engine(settings, max_connections=20, header_timeout_s=120.0) as served:
        # Given 20 idle connections, as many as the cap
        sockets += served.connect(20)
        # When 10 more arrive
        extra = served.connect(10)
        sockets += extra

        # Then each of those is answered 503 and closed
        answers = read_until_closed(extra, patience=60)
        assert [a is not None and a.startswith(b"HTTP/1.1 503 ") for a in answers] == [True] * 10
        # while the first 20 are still open (nothing for them to read yet)
        for sock in sockets[:20]:
            sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                sock.recv(1)
        # and the log has one line for the ten refusals
        assert sum("refused a connection" in line for line in served.lines) == 1


def test_the_descriptor_limit_is_raised_and_the_cap_kept_below_it(settings: Settings) -> None:
    # Given this process's descriptor limits
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        # When the engine raises them at start
        raised = raise_fd_limit()

        # Then the soft limit is the hard one, and the connection cap leaves room below it
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (hard, hard) == (raised, hard)
        assert connection_cap(settings.http, raised) <= raised - FD_RESERVE
        assert connection_cap(replace(settings.http, max_connections=10**9), 4096) == 4096 - FD_RESERVE
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_the_limits_come_from_the_environment(env: dict[str, str]) -> None:
    # When an operator sets the limits
    http = load_settings(
        {
            **env,
            "ENGINE_HEADER_TIMEOUT_S": "5",
            "ENGINE_BODY_TIMEOUT_S": "60",
            "ENGINE_MAX_CONNECTIONS": "1000",
        }
    ).http

    # Then the engine uses them, and refuses a limit that is no limit
    assert (http.header_timeout_s, http.body_timeout_s, http.max_connections) == (5.0, 60.0, 1000)
    with pytest.raises(ConfigurationError, match="ENGINE_MAX_CONNECTIONS must be positive"):
        load_settings({**env, "ENGINE_MAX_CONNECTIONS": "0"})
