"""Runs as a user makes them: through the HTTP API, executed by real `orrery worker`
processes over the real Dramatiq broker on Valkey, against the real Postgres."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.dev.groups import signal_group
from orrery.settings import Settings
from tests.auth.tokens import hs256
from tests.support.local_server import LocalServer, running_server

TERMINAL = {"succeeded", "failed", "cancelled"}

# Fast leases and sweeps so takeovers happen within a test's patience.
RUNNER_ENV = {
    "ORRERY_LEASE_TTL_S": "3",
    "ORRERY_LEASE_RENEW_S": "0.5",
    "ORRERY_SWEEP_INTERVAL_S": "1",
    "ORRERY_STALE_AFTER_S": "2",
    "ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS": "1",
    "dramatiq_worker_timeout": "25",
}


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self, sig: int | None = None) -> None:
        """A graceful stop (SIGTERM), or `sig` to the whole worker: its main and worker processes.

        The graceful stop goes to Dramatiq's main process only, as a deploy sends it: the main
        process forwards it once. Sent to the group, each worker process got it twice, took the
        second for "kill now" and hung until the SIGKILL below, 20 s later.

        Stopping it again (tests do, in their `finally`) signals nothing that is not its: once
        its group is gone, its id may be another process's (orrery/dev/groups.py)."""
        if sig is None:
            self.process.send_signal(signal.SIGTERM)  # nothing once it is reaped
        else:
            signal_group(self.process, sig)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            signal_group(self.process, signal.SIGKILL)
            self.process.wait()

    def died(self) -> bool:
        """Its worker process was killed (Dramatiq's main process then exits too)."""
        return self.process.poll() is not None

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_worker(
    env: dict[str, str],
    log_dir: Path,
    *,
    threads: int = 8,
    name: str = "worker",
    overrides: dict[str, str] | None = None,
) -> WorkerProcess:
    """`overrides` replace `RUNNER_ENV`'s settings (e.g. the usual lease times)."""
    log = log_dir / f"{name}-{uuid.uuid4().hex[:6]}.log"
    full_env = {**os.environ, **RUNNER_ENV, **env, "PYTHONUNBUFFERED": "1", **(overrides or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "orrery", "worker", "--processes", "1", "--threads", str(threads)],
        env=full_env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = WorkerProcess(process, log)
    deadline = time.monotonic() + 60
    while "ready" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            worker.stop(signal.SIGKILL)  # never leave a half-started worker behind
            raise RuntimeError(f"worker did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    return worker


_shared_workers: list[WorkerProcess] = []


@pytest.fixture(scope="session")
def worker(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """One worker process for the session (tests that kill workers start their own)."""
    process = start_worker(env, tmp_path_factory.mktemp("workers"))
    _shared_workers.append(process)
    yield process
    _shared_workers.remove(process)
    process.stop()


@pytest.fixture
def web() -> Iterator[LocalServer]:
    with running_server() as server:
        yield server


@dataclass
class User:
    id: str
    token: str

    @property
    def claims(self) -> dict[str, Any]:
        return {"sub": self.id, "role": "authenticated", "aud": "authenticated"}


def make_user(admin_url: str, secret: str, email: str | None = None) -> User:
    user_id = str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into auth.users (id, email) values (%s, %s)", (user_id, email or f"{user_id}@example.com")
        )
    return User(id=user_id, token=hs256(secret, sub=user_id))


@pytest.fixture
def user(admin_url: str, settings: Settings) -> User:
    return make_user(admin_url, settings.auth.jwt_secret)


class Api:
    """The engine's HTTP API as the signed-in user calls it."""

    def __init__(self, client: AsyncTestClient[Any], user: User, admin_url: str) -> None:
        self.client = client
        self.user = user
        self.admin_url = admin_url
        self.headers = {"Authorization": f"Bearer {user.token}"}

    def create_workflow(self, spec: dict[str, Any], name: str = "Test workflow") -> str:
        """Stored as the user would store it (versions are immutable; version 1)."""
        workflow_id = str(uuid.uuid4())
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(
                "insert into public.workflows (id, owner_id, name) values (%s, %s, %s)",
                (workflow_id, self.user.id, name),
            )
            conn.execute(
                "insert into public.workflow_versions (workflow_id, version, owner_id, spec, created_by) "
                "values (%s, 1, %s, %s, %s)",
                (workflow_id, self.user.id, psycopg.types.json.Jsonb(spec), self.user.id),
            )
        return workflow_id

    async def start(
        self, workflow_id: str, inputs: dict[str, Any] | None = None, **headers: str
    ) -> httpx.Response:
        return await self.client.post(
            f"/api/v1/workflows/{workflow_id}/runs",
            json={"inputs": inputs or {}},
            headers={**self.headers, **headers},
        )

    async def run(self, run_id: str) -> dict[str, Any]:
        response = await self.client.get(f"/api/v1/runs/{run_id}", headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def post(self, path: str, body: Any = None) -> httpx.Response:
        return await self.client.post(path, json=body, headers=self.headers)

    async def wait(self, run_id: str, statuses: set[str] = TERMINAL, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            run = await self.run(run_id)
            if run["status"] in statuses:
                return run
            if time.monotonic() > deadline:
                raise AssertionError(f"run stayed {run['status']}: {run}")
            await asyncio.sleep(0.05)

    async def wait_step(self, run_id: str, node_id: str, status: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            run = await self.run(run_id)
            steps = [s for s in run["steps"] if s["node_id"] == node_id and s["superseded_at"] is None]
            if steps and steps[-1]["status"] == status:
                return steps[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"{node_id} never became {status}: {run}")
            await asyncio.sleep(0.05)

    def events(self, run_id: str) -> list[tuple[int, str, dict[str, Any]]]:
        with psycopg.connect(self.admin_url) as conn:
            rows = conn.execute(
                "select seq, type, data from public.run_events where run_id = %s order by seq", (run_id,)
            ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]


@pytest.fixture
async def api(settings: Settings, user: User, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, user, admin_url)


def steps_by_node(run: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = {}
    for step in run["steps"]:
        result.setdefault(step["node_id"], []).append(step)
    for attempts in result.values():
        attempts.sort(key=lambda s: s["attempt"])
    return result


@dataclass
class Isolated:
    """An API and workers on a Redis of their own: no other worker can take their runs."""

    api: Api
    env: dict[str, str]
    valkey: Any


@pytest.fixture
async def isolated(env: dict[str, str], user: User, admin_url: str) -> AsyncIterator[Isolated]:
    from orrery.dev.embedded_valkey import EmbeddedValkey
    from orrery.settings import load_settings

    valkey = EmbeddedValkey()
    valkey.start(stdout=subprocess.DEVNULL)
    own_env = {**env, "REDIS_URL": valkey.url}
    # The shared worker's sweeper would otherwise adopt these runs through the shared database.
    try:
        with shared_workers_paused():
            async with AsyncTestClient(app=create_app(load_settings(own_env))) as client:
                yield Isolated(Api(client, user, admin_url), own_env, valkey)
    finally:
        valkey.stop()


@contextlib.contextmanager
def shared_workers_paused() -> Iterator[None]:
    """The session's shared worker (if this process started one) stopped in its tracks: its
    sweeper and recovery loops take nothing from the shared database meanwhile."""
    for shared in _shared_workers:
        signal_group(shared.process, signal.SIGSTOP)
    try:
        yield
    finally:
        for shared in _shared_workers:
            signal_group(shared.process, signal.SIGCONT)
