"""The embedded parts a benchmark runs against, started from the engine's own modules."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from dramatiq.brokers.redis import RedisBroker
from redis.asyncio import Redis

from orrery.dev.embedded_postgres import EmbeddedPostgres
from orrery.dev.embedded_valkey import EmbeddedValkey
from orrery.events.live import LivePublisher
from orrery.queue.control import publish_control
from orrery.queue.dispatcher import DramatiqDispatcher, create_broker
from orrery.runs import RunService
from orrery.settings import REPO_ROOT, DatabaseSettings, RunnerSettings
from orrery.store.claims import install_key
from orrery.store.database import Database
from orrery.store.migrate import migrate

JWT_SECRET = "bench-secret-bench-secret-bench-secret"
"""The engine's SUPABASE_JWT_SECRET in benchmarks; the key that signs user claims derives from it."""


@dataclass
class Stack:
    admin_url: str
    engine_url: str
    redis_url: str
    jwt_secret: str = JWT_SECRET
    pg_pid: int | None = None
    """The postmaster's process id (its backends are its children)."""
    redis_pid: int | None = None


@contextmanager
def embedded_stack() -> Iterator[Stack]:
    with tempfile.TemporaryDirectory(prefix="orrery-bench-") as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg")
        valkey = EmbeddedValkey()
        pg.start(stdout=subprocess.DEVNULL)
        valkey.start(stdout=subprocess.DEVNULL)
        try:
            pg.ensure_database("orrery")
            migrate(pg.url(database="orrery"), REPO_ROOT / "supabase")
            install_key(pg.url(database="orrery"), JWT_SECRET)
            yield Stack(
                admin_url=pg.url(database="orrery"),
                engine_url=pg.url(user="orrery_engine", database="orrery"),
                redis_url=valkey.url,
                pg_pid=pg.process.pid if pg.process is not None else None,
                redis_pid=valkey.process.pid if valkey.process is not None else None,
            )
        finally:
            valkey.stop()
            pg.stop()


@dataclass
class RunClient:
    """What a benchmark starts runs with: the engine's own RunService on the stack (as the API
    has it), and the broker it enqueues on. `aclose()` when done."""

    service: RunService
    broker: RedisBroker
    redis: Redis
    db: Database

    async def aclose(self) -> None:
        await self.redis.aclose()
        self.broker.close()
        await self.db.close()


async def open_run_client(stack: Stack, *, pool_max: int = 4) -> RunClient:
    db = Database(
        DatabaseSettings(
            url=stack.engine_url, admin_url=stack.admin_url, claims_secret=stack.jwt_secret, pool_max=pool_max
        )
    )
    await db.open()
    redis = Redis.from_url(stack.redis_url)
    broker = create_broker(stack.redis_url)
    service = RunService(
        db=db,
        dispatcher=DramatiqDispatcher(broker),
        publisher=LivePublisher(redis),
        control=lambda run_id, action: publish_control(redis, run_id, action),
        settings=RunnerSettings(),
    )
    return RunClient(service, broker, redis, db)


@dataclass
class EngineProcess:
    """A real `orrery engine` process on the stack: `base` is its URL, `pid` its process."""

    base: str
    pid: int


@contextmanager
def engine_process(stack: Stack, env: dict[str, str] | None = None) -> Iterator[EngineProcess]:
    """Start `orrery engine` on a free 127.0.0.1 port (with `env` on top of the stack's), wait
    until `/healthz` answers 200, and stop it afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    full_env = {
        **os.environ,
        "DATABASE_URL": stack.engine_url,
        "REDIS_URL": stack.redis_url,
        "SUPABASE_JWT_SECRET": stack.jwt_secret,
        "ENGINE_PORT": str(port),
        **(env or {}),
    }
    engine = subprocess.Popen(
        [sys.executable, "-m", "orrery", "engine"],
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        yield EngineProcess(base, engine.pid)
    finally:
        engine.terminate()
        engine.wait(20)
