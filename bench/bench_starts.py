"""Run start latency: from asking for a run to a worker executing it, after the workers were
idle 1 s and 5 s (60 s with ORRERY_BENCH_LONG_IDLE=1, without other runs only), with no other
run and with 100 runs in flight (transform chains that keep both workers busy through the
idle time: their queues were idle, their CPUs were not), on two `orrery worker` processes.

The latency is the run's `started_at` (stamped by the worker that took its lease) minus the
moment before `RunService.start` (insert + enqueue), both on this machine's clock. Beside it,
from the same moment: its first step's `started_at` (the step executing on the worker's loop)
and the run's `finished_at` (a 3-node chain: how long the new run took among the others). An idle
worker is woken by the enqueue (queue/wakeup.py); the reference beside it is the worker's own
poll interval (`--poll-ms`, 1,000 ms), which bounded the wait before. Goal: p95 <= 50 ms, under
load as well.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from datetime import UTC, datetime
from typing import Any

import psycopg
from bench_runner import Bench, _p95, _spec_chain, workers
from stack import embedded_stack, open_run_client

ROUNDS = 8
LOADED_ROUNDS = 5
IN_FLIGHT = 100
GOAL_P95_MS = 50.0
POLL_MS = 1000


def _idles() -> list[float]:
    return [1.0, 5.0] + ([60.0] if os.environ.get("ORRERY_BENCH_LONG_IDLE") else [])


def _active(admin_url: str) -> int:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select count(*) from runs where status in ('queued', 'running')"
        ).fetchone()
    return int(row[0]) if row else 0


async def _started_at(admin_url: str, run_id: str) -> datetime:
    while True:
        with psycopg.connect(admin_url) as conn:
            row = conn.execute(
                "select started_at from runs where id = %s", (run_id,)
            ).fetchone()
        if row and row[0] is not None:
            started: datetime = row[0]
            return started
        await asyncio.sleep(0.01)


def _first_step_and_end(admin_url: str, run_id: str) -> tuple[datetime, datetime]:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select (select min(started_at) from run_steps where run_id = r.id), r.finished_at"
            " from runs r where r.id = %s",
            (run_id,),
        ).fetchone()
    assert row is not None and row[0] is not None and row[1] is not None, row
    return row[0], row[1]


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values):7.1f} ms  p95 {_p95(values):7.1f} ms"


async def _wait_all_done(admin_url: str) -> None:
    while _active(admin_url):
        await asyncio.sleep(0.2)


async def run() -> dict[str, Any]:
    results: dict[str, Any] = {}
    with embedded_stack() as stack:
        bench = Bench(stack)
        client = await open_run_client(stack)
        service = client.service
        probe_id = bench.workflow(_spec_chain(3))
        # Runs that keep both workers busy through the idle time and past it: 100 chains of
        # 150 nodes (the workers execute ~1,000-2,000 node-steps/s together).
        loads = {
            idle: bench.workflow(_spec_chain(150)) for idle in _idles() if idle < 10
        }
        with workers(stack):
            # One run first, not counted: the workers may still be booting (a first start
            # measured the boot: 0.7-21 s at load 5-25), and that is not a start after idle.
            warm, _ = await service.start(bench.claims, probe_id, {})
            await _started_at(stack.admin_url, str(warm.id))
            await _wait_all_done(stack.admin_url)
            for loaded in (False, True):
                for idle in _idles():
                    if loaded and idle not in loads:
                        continue  # a minute of 100 busy runs: too long a chain for the size limits
                    latencies, in_flight, first_steps, ends = [], [], [], []
                    for _ in range(LOADED_ROUNDS if loaded else ROUNDS):
                        if loaded:
                            for _ in range(IN_FLIGHT):
                                await service.start(bench.claims, loads[idle], {})
                        await asyncio.sleep(idle)
                        in_flight.append(_active(stack.admin_url))
                        t0 = datetime.now(UTC)
                        run_row, _ = await service.start(bench.claims, probe_id, {})
                        started = await _started_at(stack.admin_url, str(run_row.id))
                        latencies.append((started - t0).total_seconds() * 1000)
                        await _wait_all_done(stack.admin_url)
                        first_step, ended = _first_step_and_end(stack.admin_url, str(run_row.id))
                        first_steps.append((first_step - t0).total_seconds() * 1000)
                        ends.append((ended - t0).total_seconds() * 1000)
                    key = f"{'100_in_flight' if loaded else 'quiet'}_idle_{idle:g}s"
                    results[key] = {
                        "median_ms": statistics.median(latencies),
                        "p95_ms": _p95(latencies),
                        "first_step_median_ms": statistics.median(first_steps),
                        "first_step_p95_ms": _p95(first_steps),
                        "finished_median_ms": statistics.median(ends),
                        "finished_p95_ms": _p95(ends),
                        "runs_in_flight_median": statistics.median(in_flight),
                        "rounds_ms": [round(v, 1) for v in latencies],
                        "load_average": os.getloadavg()[0],
                    }
                    print(
                        f"  start after {idle:g} s idle, {'100 runs in flight' if loaded else 'no other run':<18}"
                        f" median {results[key]['median_ms']:7.1f} ms  p95 {results[key]['p95_ms']:7.1f} ms"
                        f"  (goal p95 <= {GOAL_P95_MS:g}; poll reference {POLL_MS} ms;"
                        f" in flight {results[key]['runs_in_flight_median']:g};"
                        f" load average {results[key]['load_average']:.2f})"
                    )
                    print(f"{'':>46} first step {_ms(first_steps)}; run done {_ms(ends)}")
        await client.aclose()
    return results


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    started = time.perf_counter()
    print(asyncio.run(run()))
    print(f"{time.perf_counter() - started:.0f} s")
