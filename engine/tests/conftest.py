"""Real parts for every test: one embedded Postgres and one Valkey per session.

Both start from the wheels the engine depends on, in a temporary directory, on
free ports (Postgres listens on a unix socket only). The shim and every
migration are applied once; tests that touch the database get a clean slate
afterwards (every table in `public`, and the auth users, truncated).

As in `orrery dev`, every login needs its password, and each process gets its
own role: the API `DATABASE_URL` (orrery_engine), workers `WORKER_DATABASE_URL`
(orrery_worker) and `SWEEPER_DATABASE_URL` (orrery_sweeper), the auth stand-in
`AUTH_DATABASE_URL` (orrery_auth). `env` holds them all; each process reads
only its own.

`worker` is the session's one shared `orrery worker` process (tests/support/workers.py). It is
defined here and nowhere else: a session fixture imported into several conftests is a fixture
of its own in each, and one test process then ran a shared worker per directory, each one's
sweeper taking the others' runs.
"""

from __future__ import annotations

import base64
import os
import secrets
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from orrery.dev.embedded_postgres import EmbeddedPostgres
from orrery.dev.embedded_valkey import EmbeddedValkey
from orrery.settings import LOGIN_ROLES, REPO_ROOT, Settings, load_settings
from orrery.store.claims import install_key
from orrery.store.database import Database
from orrery.store.migrate import migrate
from orrery.store.roles import set_passwords
from tests.support.ports import free_port
from tests.support.workers import WorkerProcess, shared_workers, shared_workers_paused, start_worker

TEST_DATABASE = "orrery_test"
ROLE_PASSWORDS = {role: secrets.token_hex(16) for role in LOGIN_ROLES}
JWT_SECRET = secrets.token_urlsafe(32)


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPostgres]:
    data = Path(tmp_path_factory.mktemp("pg", numbered=True)) / "data"
    server = EmbeddedPostgres(data, password=secrets.token_hex(16))
    server.start()
    server.ensure_database(TEST_DATABASE)
    migrate(server.url(database=TEST_DATABASE), REPO_ROOT / "supabase")
    set_passwords(server.url(database=TEST_DATABASE), ROLE_PASSWORDS)
    install_key(server.url(database=TEST_DATABASE), JWT_SECRET)  # signs user claims (store/claims.py)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def role_urls(postgres: EmbeddedPostgres) -> dict[str, str]:
    """Each of our login roles' URL, with its password."""
    return {
        role: postgres.url(user=role, database=TEST_DATABASE, password=password)
        for role, password in ROLE_PASSWORDS.items()
    }


@pytest.fixture(scope="session")
def valkey() -> Iterator[EmbeddedValkey]:
    server = EmbeddedValkey(pick_port=free_port)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def admin_url(postgres: EmbeddedPostgres) -> str:
    """The schema owner (superuser): for arranging and inspecting, never for the code under test."""
    return postgres.url(database=TEST_DATABASE)


@pytest.fixture(scope="session")
def engine_url(role_urls: dict[str, str]) -> str:
    """The API's own login role, as in production."""
    return role_urls["orrery_engine"]


@pytest.fixture(scope="session")
def env(
    role_urls: dict[str, str],
    admin_url: str,
    valkey: EmbeddedValkey,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, str]:
    return {
        # Files (assets) the API and workers store go to a temporary folder, not the repository's .data.
        "ORRERY_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        "DATABASE_URL": role_urls["orrery_engine"],
        "WORKER_DATABASE_URL": role_urls["orrery_worker"],
        "SWEEPER_DATABASE_URL": role_urls["orrery_sweeper"],
        "AUTH_DATABASE_URL": role_urls["orrery_auth"],
        "DATABASE_ADMIN_URL": admin_url,
        "REDIS_URL": valkey.url,
        "SUPABASE_JWT_SECRET": JWT_SECRET,
        "SUPABASE_ANON_KEY": "test-anon-key",
        "ORRERY_MASTER_KEY": base64.b64encode(os.urandom(32)).decode(),
    }


@pytest.fixture(scope="session")
def settings(env: dict[str, str]) -> Settings:
    """The API process's settings."""
    return load_settings(env)


@pytest.fixture(scope="session")
def auth_settings(env: dict[str, str]) -> Settings:
    """The local Auth stand-in's settings (`orrery auth`)."""
    return load_settings(env, process="auth")


def _truncate_everything(admin_url: str) -> None:
    """Empty every table. A process a test left finishing its work (a worker's last commit)
    can hold one of the tables while it waits for another: Postgres breaks the deadlock by
    aborting one side, and the truncate is tried again once that work is done."""
    for attempt in range(5):
        try:
            _truncate_once(admin_url)
            return
        except psycopg.errors.DeadlockDetected:
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))


def _truncate_once(admin_url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        tables = [
            f'"{schema}"."{name}"'
            for schema, name in conn.execute(
                "select schemaname, tablename from pg_tables "
                "where schemaname = 'public' "
                "or (schemaname = 'auth' and tablename in ('users', 'orrery_login_limits'))"
            )
        ]
        if tables:
            conn.execute(f"truncate {', '.join(tables)} restart identity cascade")  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test that used Postgres or Valkey, leave them as a new test expects."""
    names = set(request.fixturenames)
    admin = (
        request.getfixturevalue("admin_url")
        if names
        & {"postgres", "admin_url", "engine_url", "role_urls", "settings", "auth_settings", "db", "env"}
        else None
    )
    valkey_url = (
        request.getfixturevalue("valkey").url
        if names & {"valkey", "settings", "auth_settings", "env"}
        else None
    )
    yield
    if admin is not None:
        _truncate_everything(admin)
    if valkey_url is not None:
        redis.Redis.from_url(valkey_url).flushall()


@pytest.fixture
def no_worker_running() -> Iterator[None]:
    """The runs a test starts or arranges stay as it left them: the session's shared worker (its
    runs, its sweeper, its recovery loops), if a test run earlier in this process started one, is
    paused meanwhile. Under xdist a process may run a runner test file, which starts that worker,
    before an API test file."""
    with shared_workers_paused():
        yield


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    database = Database(settings.database)
    await database.open()
    await database.pool.wait(timeout=10)
    yield database
    await database.close()


@pytest.fixture(scope="session")
def worker(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """One worker process for the session, with the product's lease times (tests that kill a
    worker start their own). `tests/api/conftest.py:no_worker_running` and `isolated` pause it."""
    if shared_workers:
        raise RuntimeError("a second shared worker in one test process: define `worker` only here")
    process = start_worker(env, tmp_path_factory.mktemp("workers"))
    shared_workers.append(process)
    yield process
    shared_workers.remove(process)
    process.stop()
