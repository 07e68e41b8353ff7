"""Apply the local Supabase shim (when needed) and every pending migration.

Migrations are `supabase/migrations/<version>_<name>.sql`, applied in file-name
order, each in its own transaction, and recorded in
`supabase_migrations.schema_migrations` — the table the Supabase CLI keeps, so
`supabase db push` and `orrery migrate` agree on what is applied. A session
advisory lock makes concurrent runs (two processes starting at once) safe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import psycopg

from orrery.errors import MigrationError

log = logging.getLogger(__name__)

# pg_advisory_lock key: any constant shared by every `orrery migrate`.
_LOCK_KEY = 0x0_7272_6572_79  # "orrery"
SHIM_MARKER = "orrery local supabase shim"

_BOOKKEEPING = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: str
    name: str
    path: Path

    @classmethod
    def from_path(cls, path: Path) -> Migration:
        version, _, name = path.stem.partition("_")
        if not version.isdigit():
            raise MigrationError(f"{path.name}: migration files are named <timestamp>_<name>.sql")
        return cls(version=version, name=name, path=path)


def discover(migrations_dir: Path) -> list[Migration]:
    """Every migration file, in the order they are applied."""
    return [Migration.from_path(p) for p in sorted(migrations_dir.glob("*.sql"))]


def _needs_shim(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
    """True on plain Postgres (or one we shimmed before); False on a real Supabase database."""
    row = conn.execute(
        "select to_regclass('auth.users') is null, coalesce(("
        "  select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = 'auth'"
        "), '')"
    ).fetchone()
    assert row is not None
    auth_users_missing, auth_schema_comment = row
    return bool(auth_users_missing) or SHIM_MARKER in str(auth_schema_comment)


def _apply_shim(conn: psycopg.Connection[tuple[object, ...]], shim_dir: Path) -> None:
    for path in sorted(shim_dir.glob("*.sql")):
        with conn.transaction():
            conn.execute(path.read_text())  # type: ignore[arg-type]
        log.info("applied local shim %s", path.name)


def migrate(admin_url: str, supabase_dir: Path) -> list[str]:
    """Bring the database up to date; returns the versions applied now."""
    applied_now: list[str] = []
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(%s)", (_LOCK_KEY,))
        try:
            if _needs_shim(conn):
                _apply_shim(conn, supabase_dir / "local")
            with conn.transaction():
                conn.execute(_BOOKKEEPING)  # type: ignore[arg-type]
            done = {r[0] for r in conn.execute("select version from supabase_migrations.schema_migrations")}
            for migration in discover(supabase_dir / "migrations"):
                if migration.version in done:
                    continue
                sql = migration.path.read_text()
                try:
                    with conn.transaction():
                        conn.execute(sql)  # type: ignore[arg-type]
                        conn.execute(
                            "insert into supabase_migrations.schema_migrations "
                            "(version, statements, name) values (%s, %s, %s)",
                            (migration.version, [sql], migration.name),
                        )
                except psycopg.Error as exc:
                    raise MigrationError(f"{migration.path.name}: {exc}") from exc
                log.info("applied migration %s_%s", migration.version, migration.name)
                applied_now.append(migration.version)
        finally:
            conn.execute("select pg_advisory_unlock(%s)", (_LOCK_KEY,))
    return applied_now
