"""Cost per event of the runner's append to `run_events`, before and after a migration.

The statements measured are the runner's own, numbered by the seq triggers, each in a pipelined
transaction acting as the runs' owner, as the committer sends them: `single`, one run's commit
(events/durable.py `start_append`: a step's `step.succeeded` and its successor's `step.started`);
`batched`, 25 runs' commits in one statement (`start_append_many`, as runner/batcher.py sends
them), where the transaction's own cost is shared by 50 events and the insert's cost shows.
Databases in one embedded Postgres, measured in turn, round after round, so that the machine's
load falls on all alike:
- `before`: the migrations before `CUT` (env BENCH_EVENT_INSERT_CUT, default the latest migration
  measured: 20261215400000_run_event_append_cost.sql; 20261214500000 measured partitioning);
- `after`: every migration (two legacy partitions, the default, this month and two ahead);
- `after_18_months`: the same with eighteen past months' partitions (a long retention), only when
  the cut is before partitioning;
- with BENCH_EVENT_INSERT_PARTS=1, also `without_seq_lookup`, `without_counter`, `without_run_fk`:
  every migration with one part of the append removed (diagnostic: what each part costs).
Each figure is the median over rounds of wall time and of the serving Postgres backend's CPU
(/proc, clock ticks) per event, with the load average beside it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from orrery.dev.embedded_postgres import EmbeddedPostgres
from orrery.events.durable import start_append_many
from orrery.events.types import StepStarted, StepSucceeded
from orrery.settings import REPO_ROOT, DatabaseSettings
from orrery.store.claims import install_key
from orrery.store.database import Database
from orrery.store.migrate import migrate
from psycopg.types.json import Jsonb
from stack import JWT_SECRET

PARTITIONING = "20261214500000"
CUT = os.environ.get("BENCH_EVENT_INSERT_CUT", "20261215400000")
RUNS = 50
COMMITS_PER_ROUND = {"single": 1000, "batched": 100}
RUNS_PER_COMMIT = {"single": 1, "batched": 25}
ROUNDS = 5
EVENTS_PER_RUN = 2
TICK_S = 1 / os.sysconf("SC_CLK_TCK")
WITHOUT: dict[str, list[str]] = {
    # Diagnostic only (BENCH_EVENT_INSERT_PARTS=1): every migration, then one part of the append
    # taken away, to show what each part costs. Not a schema anyone could run: without the seq
    # lookup events are numbered from a sequence, without the statement trigger the run's counter
    # stands still, without the foreign key an event may name any run.
    "without_seq_lookup": [
        "create sequence public.bench_event_seq",
        "grant usage on sequence public.bench_event_seq to authenticated",
        "create or replace function public.assign_run_event_seq() returns trigger language plpgsql "
        "security invoker set search_path = '' as $$ begin new.seq := nextval('public.bench_event_seq'); "
        "new.owner_id := coalesce(new.owner_id, auth.uid()); return new; end $$",
    ],
    "without_counter": ["drop trigger run_events_advance_seq on public.run_events"],
    "without_run_fk": ["alter table public.run_events drop constraint run_events_run_fkey"],
}
NAMES = ("before", "after", "after_18_months") if CUT <= PARTITIONING else ("before", "after")
if os.environ.get("BENCH_EVENT_INSERT_PARTS") == "1":
    NAMES = (*NAMES, *WITHOUT)


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_S


def _migrations_before(tmp: Path) -> Path:
    earlier = tmp / "supabase-before"
    shutil.copytree(REPO_ROOT / "supabase" / "local", earlier / "local")
    (earlier / "migrations").mkdir()
    for migration in sorted((REPO_ROOT / "supabase" / "migrations").glob("*.sql")):
        if migration.name < CUT:
            shutil.copy(migration, earlier / "migrations")
    return earlier


def _seed(admin_url: str) -> tuple[str, list[str]]:
    """A user, a workflow and `RUNS` running runs (ids as the schema makes them); the user and run ids."""
    user, workflow = str(uuid.uuid4()), str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into auth.users (id, email) values (%s, %s)",
            (user, f"{user}@example.test"),
        )
        conn.execute(
            "insert into workflows (id, owner_id, name) values (%s, %s, 'bench')",
            (workflow, user),
        )
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, 1, %s, %s, %s)",
            (workflow, user, Jsonb({"schema": "orrery.workflow/v1"}), user),
        )
        runs = [
            str(row[0])
            for row in conn.execute(
                "insert into runs (owner_id, workflow_id, workflow_version, status, started_at) "
                "select %s, %s, 1, 'running', now() from generate_series(1, %s) returning id",
                (user, workflow, RUNS),
            )
        ]
    return user, runs


def _past_months(admin_url: str, months: int) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        now = datetime.now(UTC)
        for back in range(1, months + 1):
            index = now.year * 12 + now.month - 1 - back
            conn.execute(
                "select orrery_private.create_run_events_partition(make_date(%s, %s, 1))",
                (index // 12, index % 12 + 1),
            )


class Target:
    """One database: its engine pool (one connection, so one backend) and its runs."""

    def __init__(self, name: str, admin_url: str, engine_url: str) -> None:
        self.name = name
        self.user, self.runs = _seed(admin_url)
        self.db = Database(
            DatabaseSettings(
                url=engine_url,
                admin_url=admin_url,
                claims_secret=JWT_SECRET,
                pool_min=1,
                pool_max=1,
            )
        )
        self.node = 0
        self.wall: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}
        with psycopg.connect(admin_url) as conn:
            row = conn.execute(
                "select count(*) from pg_inherits where inhparent = 'public.run_events'::regclass"
            )
            found = row.fetchone()
        self.partitions = int(found[0]) if found else 0

    async def open(self) -> None:
        await self.db.open()
        await self.db.pool.wait()
        async with self.db.pool.connection() as conn:
            row = await (
                await conn.execute("select pg_backend_pid() as pid")
            ).fetchone()
        assert row is not None
        self.backend = int(row["pid"])

    async def round(self, mode: str) -> None:
        claims = {"sub": self.user, "role": "authenticated", "aud": "authenticated"}
        now = datetime.now(UTC)
        width = RUNS_PER_COMMIT[mode]
        cpu0, wall0 = _cpu_s(self.backend), time.perf_counter()
        for i in range(COMMITS_PER_ROUND[mode]):
            self.node += 1
            batch = [
                (
                    run_id,
                    [
                        StepSucceeded(
                            run_id=run_id,
                            at=now,
                            node_id=f"n{self.node}",
                            output={"text": "x" * 40},
                        ),
                        StepStarted(
                            run_id=run_id,
                            at=now,
                            node_id=f"n{self.node + 1}",
                            input={"steps": {}},
                        ),
                    ],
                )
                for run_id in (self.runs[(i * width + k) % RUNS] for k in range(width))
            ]
            async with self.db.as_user(claims, pipelined=True) as conn:
                pending = await start_append_many(conn, batch)
                await pending.stored()
        events = COMMITS_PER_ROUND[mode] * width * EVENTS_PER_RUN
        self.wall.setdefault(mode, []).append((time.perf_counter() - wall0) / events)
        self.cpu.setdefault(mode, []).append((_cpu_s(self.backend) - cpu0) / events)

    def summary(self) -> dict[str, Any]:
        result: dict[str, Any] = {"partitions": self.partitions}
        for mode in COMMITS_PER_ROUND:
            result[mode] = {
                "wall_us_per_event": statistics.median(self.wall[mode]) * 1e6,
                "pg_cpu_us_per_event": statistics.median(self.cpu[mode]) * 1e6,
                "rounds_wall_us": [round(w * 1e6, 1) for w in self.wall[mode]],
                "rounds_pg_cpu_us": [round(c * 1e6, 1) for c in self.cpu[mode]],
            }
        return result


async def run() -> dict[str, Any]:
    load_before = tuple(round(x, 1) for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="orrery-bench-") as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg")
        pg.start(stdout=subprocess.DEVNULL)
        try:
            targets: list[Target] = []
            for name in NAMES:
                pg.ensure_database(name)
                admin = pg.url(database=name)
                migrate(
                    admin,
                    _migrations_before(Path(tmp))
                    if name == "before"
                    else REPO_ROOT / "supabase",
                )
                install_key(admin, JWT_SECRET)
                if name == "after_18_months":
                    _past_months(admin, 18)
                with psycopg.connect(admin, autocommit=True) as conn:
                    for sql in WITHOUT.get(name, []):
                        conn.execute(sql)  # type: ignore[arg-type]
                targets.append(
                    Target(name, admin, pg.url(user="orrery_engine", database=name))
                )
            for target in targets:
                await target.open()
                for mode in COMMITS_PER_ROUND:  # warm-up: plans cached, pages in memory
                    await target.round(mode)
                target.wall.clear()
                target.cpu.clear()
            for _ in range(ROUNDS):
                for mode in COMMITS_PER_ROUND:
                    for target in targets:
                        await target.round(mode)
        finally:
            for target in targets:
                await target.db.close()
            pg.stop()
    load_after = tuple(round(x, 1) for x in os.getloadavg())
    result: dict[str, Any] = {t.name: t.summary() for t in targets}
    for mode in COMMITS_PER_ROUND:
        base = result["before"][mode]
        for name in NAMES[1:]:
            row = result[name][mode]
            row["wall_ratio"] = row["wall_us_per_event"] / base["wall_us_per_event"]
            row["pg_cpu_ratio"] = (
                row["pg_cpu_us_per_event"] / base["pg_cpu_us_per_event"]
            )
    result["load_average"] = {"before": load_before, "after": load_after}
    result["cut"] = CUT
    print(f"load average (1, 5, 15 min) {load_before} -> {load_after}")
    print(
        f"{'mode':<9}{'table':<19}{'partitions':>11}{'wall us/event':>15}{'pg CPU us/event':>17}"
        f"{'ratio wall':>12}{'ratio CPU':>11}"
    )
    for mode in COMMITS_PER_ROUND:
        for name in NAMES:
            row = result[name][mode]
            ratios = (
                f"{row['wall_ratio']:>12.2f}{row['pg_cpu_ratio']:>11.2f}"
                if name != "before"
                else f"{'(ref)':>12}{'':>11}"
            )
            print(
                f"{mode:<9}{name:<19}{result[name]['partitions']:>11}{row['wall_us_per_event']:>15.1f}"
                f"{row['pg_cpu_us_per_event']:>17.1f}{ratios}"
            )
    return result
