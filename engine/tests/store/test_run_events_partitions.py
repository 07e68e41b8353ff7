"""`run_events` partitioned by month of run start (20261214500000_run_events_partitions.sql):
the migration keeps every event, its seq and who may see it; new runs' events land in their
month's partition, a month without one in the default, moved out once the month is made."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from orrery.dev.embedded_postgres import EmbeddedPostgres
from orrery.settings import REPO_ROOT, Settings
from orrery.store.claims import install_key
from orrery.store.database import Database
from orrery.store.migrate import migrate

from .rls_helpers import claims, count, create_everything, create_user

SUPABASE_DIR = REPO_ROOT / "supabase"
PARTITIONING = "20261214500000"

CATALOG = {
    "columns": (
        "select a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
        "pg_get_expr(d.adbin, d.adrelid) "
        "from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum "
        "where a.attrelid = 'public.run_events'::regclass and a.attnum > 0 and not a.attisdropped "
        "order by a.attnum"
    ),
    "constraints": (
        "select conname, pg_get_constraintdef(oid) from pg_constraint "
        "where conrelid = 'public.run_events'::regclass order by conname"
    ),
    "indexes": (
        "select indexname, replace(indexdef, ' ON ONLY ', ' ON ') from pg_indexes "
        "where schemaname = 'public' and tablename = 'run_events' order by indexname"
    ),
    "triggers": (
        "select tgname, pg_get_triggerdef(oid) from pg_trigger "
        "where tgrelid = 'public.run_events'::regclass and not tgisinternal order by tgname"
    ),
    "policies": (
        "select policyname, cmd, roles::text, qual, with_check from pg_policies "
        "where schemaname = 'public' and tablename = 'run_events' order by policyname"
    ),
    "grants": (
        "select grantee, privilege_type from information_schema.role_table_grants "
        "where table_schema = 'public' and table_name = 'run_events' order by 1, 2"
    ),
    "security": (
        "select relrowsecurity, relforcerowsecurity from pg_class where oid = 'public.run_events'::regclass"
    ),
}
"""What defines the table for its users: all of it must read the same after the migration."""


def _catalog(url: str) -> dict[str, list[tuple[Any, ...]]]:
    with psycopg.connect(url) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in CATALOG.items()}  # type: ignore[arg-type]


def _rows(url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select run_id, seq, owner_id, type, data, created_at from run_events order by run_id, seq"
        ).fetchall()


def _partition_of(url: str, run_id: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select distinct tableoid::regclass::text from run_events where run_id = %s", (run_id,)
        )
        return {r[0] for r in rows}


def _this_month() -> str:
    return f"orrery_partitions.run_events_{datetime.now(UTC):%Y_%m}"


@pytest.fixture
def before_partitioning(postgres: EmbeddedPostgres, tmp_path: Path, settings: Settings) -> Iterator[str]:
    """A database migrated up to the migration before partitioning; its admin URL."""
    name = "partition_upgrade"
    with psycopg.connect(postgres.url(), autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')  # type: ignore[arg-type]
        conn.execute(f'create database "{name}"')  # type: ignore[arg-type]
    earlier = tmp_path / "supabase"
    shutil.copytree(SUPABASE_DIR / "local", earlier / "local")
    (earlier / "migrations").mkdir()
    for migration in sorted((SUPABASE_DIR / "migrations").glob("*.sql")):
        if migration.name < PARTITIONING:
            shutil.copy(migration, earlier / "migrations")
    url = postgres.url(database=name)
    migrate(url, earlier)
    assert settings.database.claims_secret is not None
    install_key(url, settings.database.claims_secret)
    yield url
    with psycopg.connect(postgres.url(), autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')  # type: ignore[arg-type]


@pytest.fixture
async def upgrade_db(
    before_partitioning: str, settings: Settings, role_urls: dict[str, str]
) -> AsyncIterator[Database]:
    """The API's login (orrery_engine) on that database."""
    url = role_urls["orrery_engine"].replace("/orrery_test?", "/partition_upgrade?")
    db = Database(settings.database, url=url, application_name="upgrade", max_size=2)
    await db.open()
    yield db
    await db.close()


async def _append(db: Database, user: str, run_id: str, kinds: list[str]) -> list[int]:
    async with db.as_user(claims(user)) as conn:
        cur = await conn.execute(
            "insert into public.run_events (run_id, type) select %s, unnest(%s::text[]) returning seq",
            (run_id, kinds),
        )
        return sorted(r["seq"] for r in await cur.fetchall())


async def test_the_migration_keeps_every_event_its_seq_and_who_may_see_it(
    before_partitioning: str, upgrade_db: Database
) -> None:
    # Given two users' runs with events (random, v4 ids as before), and one run whose id happens
    # to read as made this month, on a database not yet partitioned
    url = before_partitioning
    alice, bob = create_user(url), create_user(url)
    mine, theirs = await create_everything(upgrade_db, alice), await create_everything(upgrade_db, bob)
    await _append(
        upgrade_db, alice, mine.run_id, ["run.started", "step.started", "step.log", "step.succeeded"]
    )
    await _append(upgrade_db, bob, theirs.run_id, ["run.started", "step.failed"])
    in_band = str(
        uuid.UUID(bytes=int(datetime.now(UTC).timestamp() * 1000).to_bytes(6, "big") + uuid.uuid4().bytes[6:])
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version) values (%s, %s, %s, 1)",
            (in_band, alice, mine.workflow_id),
        )
    await _append(upgrade_db, alice, in_band, ["run.queued", "run.started"])
    rows, catalog = _rows(url), _catalog(url)

    # When the partitioning migration is applied (and those after it)
    applied = migrate(url, SUPABASE_DIR)

    # Then every event is there, unchanged (same run, seq, owner, type, data and time)
    assert applied[0] == PARTITIONING
    assert _rows(url) == rows
    # And the table reads the same to its users: columns, defaults, keys, checks, triggers,
    # policies, grants and forced row-level security (but for the foreign key to auth.users,
    # implied by the one to runs and dropped by 20261215400000_run_event_append_cost.sql)
    catalog["constraints"] = [c for c in catalog["constraints"] if c[0] != "run_events_owner_id_fkey"]
    assert _catalog(url) == catalog
    # And the run whose id reads as this month's sits in this month's partition, the others in
    # the legacy or default partitions, one partition per run
    assert _partition_of(url, in_band) == {_this_month()}
    for run_id in (mine.run_id, theirs.run_id):
        (where,) = _partition_of(url, run_id)
        assert where.startswith("orrery_partitions.run_events_")

    # And each user still sees only their own events, and cannot append to another's run
    assert await count(upgrade_db, claims(alice), "run_events") == 5 + 2
    assert await count(upgrade_db, claims(bob), "run_events") == 3
    assert await count(upgrade_db, claims(alice), "run_events", "run_id = %(r)s", r=theirs.run_id) == 0
    with pytest.raises(psycopg.errors.ForeignKeyViolation):  # to her, that run does not exist
        await _append(upgrade_db, alice, theirs.run_id, ["step.log"])

    # And the runs' events are numbered on from where they were
    assert await _append(upgrade_db, alice, mine.run_id, ["step.log", "run.succeeded"]) == [6, 7]
    assert await _append(upgrade_db, bob, theirs.run_id, ["run.failed"]) == [4]


async def test_a_new_runs_events_land_in_the_partition_of_the_month_it_started(
    admin_url: str, db: Database
) -> None:
    # Given a user who starts a run now
    user = create_user(admin_url)
    owned = await create_everything(db, user)

    # When its events are appended
    await _append(db, user, owned.run_id, ["run.started", "run.succeeded"])

    # Then its id is time-ordered (made now) and all its events sit in this month's partition
    made_ms = int.from_bytes(uuid.UUID(owned.run_id).bytes[:6], "big")
    assert abs(made_ms / 1000 - datetime.now(UTC).timestamp()) < 3600
    assert uuid.UUID(owned.run_id).version == 7
    assert _partition_of(admin_url, owned.run_id) == {_this_month()}


async def test_a_month_without_its_partition_goes_to_the_default_and_moves_out_when_made(
    admin_url: str, db: Database, role_urls: dict[str, str]
) -> None:
    # Given a run whose id was made in a month that has no partition yet (six months ahead)
    user = create_user(admin_url)
    owned = await create_everything(db, user)
    now = datetime.now(UTC)
    month = datetime(now.year + (now.month + 5) // 12, (now.month + 5) % 12 + 1, 3, tzinfo=UTC)
    ahead = str(uuid.UUID(bytes=int(month.timestamp() * 1000).to_bytes(6, "big") + uuid.uuid4().bytes[6:]))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version) values (%s, %s, %s, 1)",
            (ahead, user, owned.workflow_id),
        )
    partition = f"orrery_partitions.run_events_{month:%Y_%m}"
    try:
        # When its events are appended
        assert await _append(db, user, ahead, ["run.queued", "run.started"]) == [1, 2]

        # Then the insert did not fail: they are in the default partition
        assert _partition_of(admin_url, ahead) == {"orrery_partitions.run_events_default"}

        # When the sweeper makes the partitions up to that month
        with psycopg.connect(role_urls["orrery_sweeper"], autocommit=True) as conn:
            made = conn.execute("select orrery_private.prepare_run_event_partitions(6)").fetchone()

        # Then that month's partition took them, seqs and all, and the run numbers on
        assert made is not None
        assert made[0] >= 1
        assert _partition_of(admin_url, ahead) == {partition}
        assert await _append(db, user, ahead, ["run.succeeded"]) == [3]
        assert await count(db, claims(user), "run_events", "run_id = %(r)s", r=ahead) == 3
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            for n in range(3, 7):
                later = datetime(now.year + (now.month + n - 1) // 12, (now.month + n - 1) % 12 + 1, 1)
                conn.execute(f"drop table if exists orrery_partitions.run_events_{later:%Y_%m}")  # type: ignore[arg-type]


def test_replaying_a_run_reads_one_partition(admin_url: str) -> None:
    # Given run_events with its legacy, default and month partitions, and a run made now
    with psycopg.connect(admin_url) as conn:
        row = conn.execute("select orrery_private.time_ordered_uuid()::text").fetchone()
        assert row is not None
        # When the replay statement (events/durable.py) is planned once for any run, as a
        # prepared statement is, and run for this one
        conn.execute("set plan_cache_mode = force_generic_plan")
        conn.execute(
            "prepare replay(uuid, bigint) as select seq, type, data::text as data from public.run_events "
            "where run_id = $1 and seq > $2 order by seq limit 1000"
        )
        plan = [r[0] for r in conn.execute(f"explain (costs off) execute replay('{row[0]}', 0)")]  # type: ignore[arg-type]

    # Then only the run's month is read, however many months are kept (a bitmap scan names the
    # partition twice: its heap and its index, `<partition>_pkey`)
    read = set(re.findall(r" on (run_events_[a-z0-9_]+?)(?:_pkey)?(?: |$)", "\n".join(plan), re.M))
    assert any("Subplans Removed" in line for line in plan)
    assert read == {f"run_events_{datetime.now(UTC):%Y_%m}"}, plan
