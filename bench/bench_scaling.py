"""Throughput with 1, 2 and 4 worker processes, and what each step costs the shared parts:
the figures the capacity model in ROADMAP is built from.

For each worker count: 100 concurrent 20-node transform runs (commits flushed), and
- node-steps/s in all, per worker process, and per CPU-second the workers used (per core:
  the figure that scales with the hardware, whatever the load beside it);
- Postgres transactions committed per node-step (`pg_stat_database.xact_commit`, all roles:
  the API's starts, the workers' commits, leases, the sweeper);
- Redis commands per node-step and per durable event (`INFO stats`, everything: the broker,
  wake-ups, live events, the hub, control).
The load average is printed beside each line; the machine is shared.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import psutil
import psycopg
import redis
from bench_runner import Bench, _spec_chain, _start_and_wait, workers
from stack import embedded_stack, open_run_client

CONCURRENT = 100
NODES = 20
PROCESSES = tuple(
    int(p) for p in os.environ.get("ORRERY_BENCH_PROCESSES", "1,2,4").split(",")
)
"""Worker process counts to measure (`ORRERY_BENCH_PROCESSES=2`: only two, for a before/after)."""
COMMITS = tuple(os.environ.get("ORRERY_BENCH_COMMITS", "on").split(","))
"""`synchronous_commit` modes to measure each count in (`on`: flushed, `off`: not flushed)."""


def _commits(admin_url: str) -> int:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("select pg_stat_clear_snapshot()")
        row = conn.execute(
            "select xact_commit from pg_stat_database where datname = current_database()"
        ).fetchone()
    return int(row[0]) if row else 0


def _wal_fsyncs(admin_url: str) -> int:
    """WAL fsyncs so far (`pg_stat_io`): about one per commit flushed, next to none when
    `synchronous_commit` is off (what shows the setting really applied)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("select pg_stat_clear_snapshot()")
        row = conn.execute(
            "select coalesce(sum(fsyncs), 0) from pg_stat_io where object = 'wal'"
        ).fetchone()
    return int(row[0]) if row else 0


def _events(admin_url: str) -> int:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute("select count(*) from run_events").fetchone()
    return int(row[0]) if row else 0


def _redis_commands(url: str) -> int:
    return int(redis.Redis.from_url(url).info("stats")["total_commands_processed"])


def _redis_by_command(url: str) -> dict[str, int]:
    stats = redis.Redis.from_url(url).info("commandstats")
    return {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()}


def _tree_cpu_s(pid: int | None) -> float:
    """CPU seconds of a server process and its children, those that exited included (the
    postmaster waits for its backends, so their time lands in its `children_*`)."""
    if pid is None:
        return 0.0
    try:
        root = psutil.Process(pid)
        times = root.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
    except psutil.NoSuchProcess:
        return 0.0
    for child in root.children(recursive=True):
        try:
            times = child.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def _cpu_s(master: psutil.Process) -> float:
    total = 0.0
    for child in master.children(recursive=True):
        try:
            times = child.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def _label(name: str) -> str:
    """`2_workers` -> `2`, `2_workers_commit_off` -> `2 (off)`."""
    return name.split("_")[0] + (" (off)" if name.endswith("_commit_off") else "")


async def run() -> dict[str, Any]:
    results: dict[str, Any] = {}
    with embedded_stack() as stack:
        bench = Bench(stack)
        client = await open_run_client(stack)
        service = client.service
        small_id = bench.workflow(_spec_chain(NODES))
        for processes in PROCESSES:
            for commit in COMMITS:
                bench.set_synchronous_commit(commit == "on")
                with workers(stack, processes=processes) as master:
                    await _start_and_wait(service, bench, small_id, 10)  # warm up
                    commits, events, fsyncs = (
                        _commits(stack.admin_url),
                        _events(stack.admin_url),
                        _wal_fsyncs(stack.admin_url),
                    )
                    commands, cpu = _redis_commands(stack.redis_url), _cpu_s(master)
                    pg_cpu, redis_cpu = (
                        _tree_cpu_s(stack.pg_pid),
                        _tree_cpu_s(stack.redis_pid),
                    )
                    by_command = _redis_by_command(stack.redis_url)
                    started = time.perf_counter()
                    await _start_and_wait(service, bench, small_id, CONCURRENT)
                    elapsed = time.perf_counter() - started
                    steps = CONCURRENT * NODES
                    used = _cpu_s(master) - cpu
                    pg_used = _tree_cpu_s(stack.pg_pid) - pg_cpu
                    redis_used = _tree_cpu_s(stack.redis_pid) - redis_cpu
                    new_events = _events(stack.admin_url) - events
                    redis_commands = _redis_commands(stack.redis_url) - commands
                    after = _redis_by_command(stack.redis_url)
                    top = sorted(
                        ((after[c] - by_command.get(c, 0), c) for c in after),
                        reverse=True,
                    )[:6]
                    name = f"{processes}_workers" + (
                        "" if commit == "on" else "_commit_off"
                    )
                    results[name] = {
                        "node_steps_per_s": steps / elapsed,
                        "per_process": steps / elapsed / processes,
                        "per_worker_cpu_s": steps / used if used else None,
                        "worker_cpu_ms_per_step": used / steps * 1000,
                        "postgres_cpu_ms_per_step": pg_used / steps * 1000,
                        "redis_cpu_ms_per_step": redis_used / steps * 1000,
                        "pg_commits_per_step": (_commits(stack.admin_url) - commits)
                        / steps,
                        "redis_commands_per_step": redis_commands / steps,
                        "redis_commands_per_event": redis_commands / new_events
                        if new_events
                        else None,
                        "events_per_step": new_events / steps,
                        "wal_fsyncs_per_step": (_wal_fsyncs(stack.admin_url) - fsyncs)
                        / steps,
                        "load_average": os.getloadavg()[0],
                        "redis_per_step_by_command": {
                            c: round(n / steps, 2) for n, c in top if n
                        },
                    }
        bench.set_synchronous_commit(True)
        await client.aclose()
    print(
        f"{'workers':<9}{'steps/s':>9}{'/process':>10}{'/CPU-s':>8}{'PG commits/step':>17}"
        f"{'Redis cmds/step':>17}{'/event':>8}{'events/step':>13}{'load avg':>10}"
    )
    for name, r in results.items():
        print(
            f"{_label(name):<9}{r['node_steps_per_s']:>9.0f}{r['per_process']:>10.0f}"
            f"{r['per_worker_cpu_s'] or 0:>8.0f}{r['pg_commits_per_step']:>17.2f}"
            f"{r['redis_commands_per_step']:>17.2f}{r['redis_commands_per_event'] or 0:>8.2f}"
            f"{r['events_per_step']:>13.2f}{r['load_average']:>10.2f}"
        )
    for name, r in results.items():
        print(
            f"  CPU per step (ms), {_label(name)} worker(s): workers "
            f"{r['worker_cpu_ms_per_step']:.3f}, Postgres {r['postgres_cpu_ms_per_step']:.3f}, "
            f"Valkey {r['redis_cpu_ms_per_step']:.3f} (Postgres: the API starts made by this process included); "
            f"WAL fsyncs per step {r['wal_fsyncs_per_step']:.3f}"
        )
    for name, r in results.items():
        print(
            f"  Redis commands per step, {_label(name)} worker(s): {r['redis_per_step_by_command']}"
        )
    if "on" not in COMMITS:
        return results
    base = results[f"{PROCESSES[0]}_workers"]["node_steps_per_s"]
    print(
        f"scaling vs {PROCESSES[0]} worker process(es) (same run): "
        + ", ".join(
            f"{p}: x{results[f'{p}_workers']['node_steps_per_s'] / base:.2f}"
            for p in PROCESSES
        )
        + f" on {psutil.cpu_count()} cores (goal >= 1,000 steps/s flushed with 2 workers)"
    )
    return results


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    asyncio.run(run())
