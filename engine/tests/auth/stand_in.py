"""The local Auth stand-in served for real, as `orrery auth` serves it (uvicorn, same options)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from orrery.api.auth_local import SERVER_OPTIONS, create_auth_app
from orrery.settings import Settings
from tests.support.engine_server import free_port


@contextmanager
def serving_stand_in(settings: Settings, host: str = "127.0.0.1") -> Iterator[str]:
    """`orrery auth` on a free port of `host`, in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_auth_app(settings), host=host, port=port, log_level="warning", lifespan="on", **SERVER_OPTIONS
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the auth stand-in did not start")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
