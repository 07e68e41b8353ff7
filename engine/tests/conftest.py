"""Real parts for every test: one embedded Postgres and one Valkey per session.

Both start from the wheels the engine depends on, in a temporary directory, on
free ports (Postgres listens on a unix socket only). The shim and every
migration are applied once; tests that touch the database get a clean slate
afterwards (every table in `public`, and the auth users, truncated).
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from orrery.dev.embedded_postgres import EmbeddedPostgres
from orrery.dev.embedded_valkey import EmbeddedValkey
from orrery.settings import REPO_ROOT, Settings, load_settings
from orrery.store.database import Database
from orrery.store.migrate import migrate

TEST_DATABASE = "orrery_test"


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres(Path(tmp_path_factory.mktemp("pg", numbered=True)) / "data")
    server.start()
    server.ensure_database(TEST_DATABASE)
    migrate(server.url(database=TEST_DATABASE), REPO_ROOT / "supabase")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def valkey() -> Iterator[EmbeddedValkey]:
    server = EmbeddedValkey()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def admin_url(postgres: EmbeddedPostgres) -> str:
    """The schema owner (superuser): for arranging and inspecting, never for the code under test."""
    return postgres.url(database=TEST_DATABASE)


@pytest.fixture(scope="session")
def engine_url(postgres: EmbeddedPostgres) -> str:
    """The engine's own login role, as in production."""
    return postgres.url(user="orrery_engine", database=TEST_DATABASE)


@pytest.fixture(scope="session")
def env(engine_url: str, admin_url: str, valkey: EmbeddedValkey) -> dict[str, str]:
    return {
        "DATABASE_URL": engine_url,
        "DATABASE_ADMIN_URL": admin_url,
        "REDIS_URL": valkey.url,
        "SUPABASE_JWT_SECRET": secrets.token_urlsafe(32),
        "SUPABASE_ANON_KEY": "test-anon-key",
        "ORRERY_MASTER_KEY": base64.b64encode(os.urandom(32)).decode(),
    }


@pytest.fixture(scope="session")
def settings(env: dict[str, str]) -> Settings:
    return load_settings(env)


def _truncate_everything(admin_url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        tables = [
            f'"{schema}"."{name}"'
            for schema, name in conn.execute(
                "select schemaname, tablename from pg_tables "
                "where schemaname = 'public' "
                "or (schemaname = 'auth' and tablename in ('users', 'orrery_login_failures'))"
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
        if names & {"postgres", "admin_url", "engine_url", "settings", "db", "env"}
        else None
    )
    valkey_url = request.getfixturevalue("valkey").url if names & {"valkey", "settings", "env"} else None
    yield
    if admin is not None:
        _truncate_everything(admin)
    if valkey_url is not None:
        redis.Redis.from_url(valkey_url).flushall()


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    database = Database(settings.database)
    await database.open()
    await database.pool.wait(timeout=10)
    yield database
    await database.close()
