"""`orrery migrate` on plain Postgres and on a database that looks like Supabase."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest

from orrery.dev.embedded_postgres import EmbeddedPostgres
from orrery.errors import MigrationError
from orrery.settings import REPO_ROOT
from orrery.store.migrate import discover, migrate

SUPABASE_DIR = REPO_ROOT / "supabase"


def _fresh_database(postgres: EmbeddedPostgres, name: str) -> str:
    with psycopg.connect(postgres.url(), autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')  # type: ignore[arg-type]
        conn.execute(f'create database "{name}"')  # type: ignore[arg-type]
    return postgres.url(database=name)


def _applied(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("select version from supabase_migrations.schema_migrations order by version")
        return [r[0] for r in rows]


def test_a_new_database_gets_the_shim_and_every_migration_once(postgres: EmbeddedPostgres) -> None:
    # Given a brand-new plain Postgres database
    url = _fresh_database(postgres, "migrate_fresh")
    expected = [m.version for m in discover(SUPABASE_DIR / "migrations")]

    # When migrations run twice
    first = migrate(url, SUPABASE_DIR)
    second = migrate(url, SUPABASE_DIR)

    # Then everything was applied by the first run, in order, and nothing by the second
    assert first == expected
    assert second == []
    assert _applied(url) == expected
    with psycopg.connect(url) as conn:
        # and the Supabase shim answers like Supabase does
        conn.execute(
            "select set_config('request.jwt.claims', %s, true)",
            ('{"sub": "6d3f0b5e-8a43-4d1e-9c2b-1f0f5a3c2b10", "role": "authenticated"}',),
        )
        row = conn.execute("select auth.uid()::text, auth.role(), auth.jwt() ->> 'role'").fetchone()
    assert row == ("6d3f0b5e-8a43-4d1e-9c2b-1f0f5a3c2b10", "authenticated", "authenticated")


def test_two_processes_migrating_at_once_apply_each_migration_once(postgres: EmbeddedPostgres) -> None:
    # Given a new database and two migrators starting together
    url = _fresh_database(postgres, "migrate_race")
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(migrate(url, SUPABASE_DIR))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]

    # When both run
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # Then one applied everything, the other nothing, and neither failed
    assert errors == []
    assert sorted(len(r) for r in results) == [0, len(discover(SUPABASE_DIR / "migrations"))]


def test_a_supabase_database_is_not_shimmed(postgres: EmbeddedPostgres, tmp_path: Path) -> None:
    # Given a database that already has Supabase's auth schema (not made by our shim)
    url = _fresh_database(postgres, "migrate_supabase_like")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create schema auth")
        conn.execute("create table auth.users (id uuid primary key)")
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "00_shim.sql").write_text("create table public.shim_was_here (id int);")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "20260101000000_first.sql").write_text("create table public.t (id int);")

    # When it is migrated
    migrate(url, tmp_path)

    # Then the shim was skipped and the migration applied
    with psycopg.connect(url) as conn:
        tables = {r[0] for r in conn.execute("select tablename from pg_tables where schemaname = 'public'")}
    assert tables == {"t"}


def test_a_failing_migration_leaves_nothing_half_applied(postgres: EmbeddedPostgres, tmp_path: Path) -> None:
    # Given a migration whose second statement fails
    url = _fresh_database(postgres, "migrate_failing")
    (tmp_path / "local").mkdir()
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "20260101000000_good.sql").write_text("create table public.good (id int);")
    (tmp_path / "migrations" / "20260102000000_bad.sql").write_text(
        "create table public.half (id int);\nselect * from no_such_table;"
    )

    # When it is applied
    with pytest.raises(MigrationError, match=r"20260102000000_bad\.sql"):
        migrate(url, tmp_path)

    # Then the good one is recorded, the bad one left no table and no record
    assert _applied(url) == ["20260101000000"]
    with psycopg.connect(url) as conn:
        assert conn.execute("select to_regclass('public.half')").fetchone() == (None,)


def test_the_engine_role_cannot_bypass_row_level_security(engine_url: str) -> None:
    # Given the role the engine logs in as
    with psycopg.connect(engine_url) as conn:
        row = conn.execute(
            "select rolsuper, rolbypassrls, rolinherit, "
            "(select count(*) from pg_class c where c.relowner = r.oid) "
            "from pg_roles r where rolname = current_user"
        ).fetchone()
    # Then it is no superuser, cannot bypass RLS, inherits nothing and owns nothing
    assert row == (False, False, False, 0)


# Supabase Storage's tables and helper, as far as the migration reads them (the outside world:
# a Supabase project's `storage` schema, made by its Storage server).
STORAGE_STAND_IN = """
create schema storage;
create table storage.buckets (id text primary key, name text not null, public boolean default false);
create table storage.objects (
  id uuid primary key default gen_random_uuid(),
  bucket_id text references storage.buckets (id),
  name text not null
);
alter table storage.objects enable row level security;
create function storage.foldername(name text) returns text[]
  language sql immutable as $$
    select (string_to_array(name, '/'))[1:array_length(string_to_array(name, '/'), 1) - 1]
  $$;
grant usage on schema storage to authenticated;
grant select, delete on storage.objects to authenticated;
"""


def test_on_supabase_the_assets_bucket_is_private_and_each_user_reads_only_their_folder(
    postgres: EmbeddedPostgres,
) -> None:
    # Given a database with Supabase Storage's schema, migrated
    url = _fresh_database(postgres, "migrate_storage")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(STORAGE_STAND_IN)  # type: ignore[arg-type]
    migrate(url, SUPABASE_DIR)
    ada, bob = "6d3f0b5e-8a43-4d1e-9c2b-1f0f5a3c2b10", "0b1e6a4c-2f7d-4c59-8d0e-5a9b3c7e1f22"
    with psycopg.connect(url, autocommit=True) as conn:
        # Then the bucket is there, private
        assert conn.execute("select public from storage.buckets where id = 'orrery-assets'").fetchone() == (
            False,
        )
        # and, with a file of Ada's and one of Bob's stored by the engine
        for owner in (ada, bob):
            conn.execute(
                "insert into storage.objects (bucket_id, name) values ('orrery-assets', %s)",
                (f"{owner}/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",),
            )

    # When Ada talks to Storage directly with her JWT
    with psycopg.connect(url) as conn:
        conn.execute("set role authenticated")
        conn.execute(
            "select set_config('request.jwt.claims', %s, true)",
            (f'{{"sub": "{ada}", "role": "authenticated"}}',),
        )
        seen = [r[0] for r in conn.execute("select name from storage.objects")]
        deleted = conn.execute("delete from storage.objects").rowcount

    # Then she sees and deletes her own file only
    assert [name.split("/")[0] for name in seen] == [ada]
    assert deleted == 1


def test_without_supabase_storage_no_bucket_is_made(postgres: EmbeddedPostgres) -> None:
    # Given a plain database (the embedded mode keeps files on disk), migrated
    url = _fresh_database(postgres, "migrate_no_storage")
    migrate(url, SUPABASE_DIR)
    # Then there is no storage schema to speak of
    with psycopg.connect(url) as conn:
        assert conn.execute("select to_regclass('storage.buckets')").fetchone() == (None,)
