"""Runs as a user makes them: through the HTTP API, executed by real `orrery worker`
processes over the real Dramatiq broker on Valkey, against the real Postgres.

The worker processes themselves (`start_worker`, and the session's shared `worker` fixture,
one per test process) are in tests/support/workers.py and tests/conftest.py; their names are
re-exported here for the tests that import them from this module."""

from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from orrery.api.app import create_app
from orrery.settings import Settings, load_settings
from orrery.store.database import Database
from tests.auth.tokens import hs256
from tests.conftest import EmbeddedValkey
from tests.support.local_server import LocalServer, running_server
from tests.support.ports import free_port
from tests.support.workers import (
    FAST_LEASES,
    RUNNER_ENV,
    WorkerProcess,
    shared_workers,
    shared_workers_paused,
    start_worker,
)

__all__ = [
    "FAST_LEASES",
    "PATIENCE_S",
    "RUNNER_ENV",
    "TERMINAL",
    "Api",
    "Isolated",
    "User",
    "WorkerProcess",
    "make_user",
    "shared_workers",
    "shared_workers_paused",
    "start_worker",
    "steps_by_node",
]

TERMINAL = {"succeeded", "failed", "cancelled"}
PATIENCE_S = 120.0
"""The least a test waits for a run or step: on a machine at load 15-20 (CI's two cores, four
test processes) a run takes many times what it takes on a quiet one. A test that passes never
waits it out, and tests assert no durations (bench/ measures speed)."""


@pytest.fixture
async def worker_db(env: dict[str, str]) -> AsyncIterator[Database]:
    """A database pool as a worker process opens it (its login role)."""
    db = Database(load_settings(env, process="worker").database)
    await db.open()
    yield db
    await db.close()


@pytest.fixture
async def sweeper_db(settings: Settings, role_urls: dict[str, str]) -> AsyncIterator[Database]:
    """The workers' sweeper connection: its own login, `orrery_sweeper`."""
    db = Database(settings.database, url=role_urls["orrery_sweeper"], application_name="sweeper", max_size=1)
    await db.open()
    yield db
    await db.close()


@pytest.fixture
async def redis(valkey: EmbeddedValkey) -> AsyncIterator[Redis]:
    client = Redis.from_url(valkey.url)
    yield client
    await client.aclose()


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


def seed_workflow(admin_url: str) -> tuple[str, str]:
    """A new user and a workflow of theirs (version 1, an empty document), written as the admin:
    (user id, workflow id), for tests that write runs straight into the tables."""
    user_id, workflow_id = str(uuid.uuid4()), str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into auth.users (id, email) values (%s, %s)", (user_id, f"{user_id}@example.com")
        )
        conn.execute(
            "insert into workflows (id, owner_id, name) values (%s, %s, 'w')", (workflow_id, user_id)
        )
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, 1, %s, %s, %s)",
            (workflow_id, user_id, psycopg.types.json.Jsonb({"schema": "orrery.workflow/v1"}), user_id),
        )
    return user_id, workflow_id


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

    async def run_warm(self, workflow_id: str, inputs: dict[str, Any] | None = None) -> dict[str, Any]:
        """The workflow run to its end twice; the second run. A template's first render in a
        worker compiles it on a thread, so the step yields and its start may commit on its own:
        tests of which events a pure step stores look at a run whose templates are compiled."""
        first = await self.wait((await self.start(workflow_id, inputs)).json()["id"])
        assert first["status"] == "succeeded", first
        return await self.wait((await self.start(workflow_id, inputs)).json()["id"])

    async def run(self, run_id: str) -> dict[str, Any]:
        response = await self.client.get(f"/api/v1/runs/{run_id}", headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def post(self, path: str, body: Any = None) -> httpx.Response:
        return await self.client.post(path, json=body, headers=self.headers)

    async def wait(
        self, run_id: str, statuses: set[str] = TERMINAL, timeout: float = PATIENCE_S
    ) -> dict[str, Any]:
        """The run once its status is one of `statuses`; `timeout` is raised to `PATIENCE_S`."""
        deadline = time.monotonic() + max(timeout, PATIENCE_S)
        while True:
            run = await self.run(run_id)
            if run["status"] in statuses:
                return run
            if time.monotonic() > deadline:
                raise AssertionError(f"run stayed {run['status']}: {run}")
            await asyncio.sleep(0.05)

    async def wait_step(
        self, run_id: str, node_id: str, status: str, timeout: float = PATIENCE_S
    ) -> dict[str, Any]:
        """The node's current step once it is `status`; `timeout` is raised to `PATIENCE_S`."""
        deadline = time.monotonic() + max(timeout, PATIENCE_S)
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

    valkey = EmbeddedValkey(pick_port=free_port)
    valkey.start(stdout=subprocess.DEVNULL)
    own_env = {**env, "REDIS_URL": valkey.url}
    # The shared worker's sweeper would otherwise adopt these runs through the shared database.
    try:
        with shared_workers_paused():
            async with AsyncTestClient(app=create_app(load_settings(own_env))) as client:
                yield Isolated(Api(client, user, admin_url), own_env, valkey)
    finally:
        valkey.stop()
