"""The DynamicWorkflowRunner on the embedded stack with two worker processes.

Measures, against LangGraph + its Postgres checkpointer (durability "sync") on the
same Postgres in the same run: per-node overhead on a 100-node chain (commits
flushed, and with synchronous_commit off), a 50-wide fan-out/fan-in, throughput
of 20 and 100 concurrent 20-node runs with each worker's peak memory, and the
time from starting a run to its `run.started` after 5 s idle.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import psycopg
from orrery.runs import RunService
from psycopg.types.json import Jsonb
from stack import Stack, embedded_stack, open_run_client

HERE = Path(__file__).resolve().parent
REFERENCE_PYTHON = {
    "langgraph": HERE / ".venv-langgraph" / "bin" / "python",
    "dbos": HERE / ".venv-dbos" / "bin" / "python",
}
CHAIN = 100
FAN = 50
ROUNDS = 8


def _spec_chain(n: int) -> dict[str, Any]:
    nodes = [{"id": "start", "type": "input"}]
    edges = []
    previous = "start"
    for i in range(n - 2):
        nodes.append(
            {"id": f"t{i}", "type": "transform", "config": {"template": f"{i}"}}
        )
        edges.append({"id": f"e{i}", "source": previous, "target": f"t{i}"})
        previous = f"t{i}"
    nodes.append({"id": "result", "type": "output", "config": {"value": "done"}})
    edges.append({"id": "last", "source": previous, "target": "result"})
    return {"schema": "orrery.workflow/v1", "nodes": nodes, "edges": edges}


def _spec_fan(width: int) -> dict[str, Any]:
    nodes = [
        {"id": "start", "type": "input"},
        {"id": "join", "type": "transform", "config": {"template": "j"}},
    ]
    edges = []
    for i in range(width):
        nodes.append(
            {"id": f"b{i}", "type": "transform", "config": {"template": f"{i}"}}
        )
        edges += [
            {"id": f"in{i}", "source": "start", "target": f"b{i}"},
            {"id": f"out{i}", "source": f"b{i}", "target": "join"},
        ]
    nodes.append({"id": "result", "type": "output", "config": {"value": "done"}})
    edges.append({"id": "last", "source": "join", "target": "result"})
    return {"schema": "orrery.workflow/v1", "nodes": nodes, "edges": edges}


class Bench:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self._poll: psycopg.Connection[Any] | None = None
        self.user = str(uuid.uuid4())
        self.claims = {
            "sub": self.user,
            "role": "authenticated",
            "aud": "authenticated",
        }
        with psycopg.connect(stack.admin_url, autocommit=True) as conn:
            conn.execute(
                "insert into auth.users (id, email) values (%s, 'bench@example.com')",
                (self.user,),
            )

    def workflow(self, spec: dict[str, Any]) -> str:
        workflow_id = str(uuid.uuid4())
        with psycopg.connect(self.stack.admin_url, autocommit=True) as conn:
            conn.execute(
                "insert into workflows (id, owner_id, name) values (%s, %s, 'bench')",
                (workflow_id, self.user),
            )
            conn.execute(
                "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) values (%s, 1, %s, %s, %s)",
                (workflow_id, self.user, Jsonb(spec), self.user),
            )
        return workflow_id

    def set_synchronous_commit(self, on: bool) -> None:
        with psycopg.connect(self.stack.admin_url, autocommit=True) as conn:
            conn.execute(
                f"alter system set synchronous_commit = {'on' if on else 'off'}"
            )
            conn.execute("select pg_reload_conf()")

    def finished(self, run_ids: list[str]) -> list[dict[str, Any]]:
        # One connection for every poll (every 20 ms while runs are in flight): a new one each
        # time cost Postgres a backend and a password exchange per poll, counted in its CPU per
        # step and taken from the cores the workers measure on.
        if self._poll is None or self._poll.closed:
            self._poll = psycopg.connect(self.stack.admin_url, autocommit=True)
        rows = self._poll.execute(
            "select id::text, status, created_at, started_at, finished_at from runs where id = any(%s::uuid[])",
            (run_ids,),
        ).fetchall()
        return [
            dict(
                zip(
                    ("id", "status", "created_at", "started_at", "finished_at"),
                    r,
                    strict=True,
                )
            )
            for r in rows
        ]

    def node_work_s(self, run_id: str) -> float:
        with psycopg.connect(self.stack.admin_url) as conn:
            row = conn.execute(
                "select coalesce(sum(extract(epoch from finished_at - started_at)), 0) from run_steps where run_id = %s",
                (run_id,),
            ).fetchone()
        return float(row[0]) if row else 0.0


@contextmanager
def workers(
    stack: Stack, processes: int = 2, *, threads: int = 64, env: dict[str, str] | None = None
) -> Iterator[psutil.Process]:
    """`orrery worker` processes on the stack (`threads` each; `env` on top of the stack's)."""
    env = {
        **os.environ,
        "DATABASE_URL": stack.engine_url,
        "REDIS_URL": stack.redis_url,
        "SUPABASE_JWT_SECRET": stack.jwt_secret,
        "ORRERY_MAX_PARALLEL_PER_RUN": "64",
        **(env or {}),
    }
    log = open(os.devnull, "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "orrery",
            "worker",
            "--processes",
            str(processes),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    time.sleep(4)
    try:
        yield psutil.Process(process.pid)
    finally:
        process.terminate()
        process.wait(30)
        log.close()


class PeakMemory:
    def __init__(self, master: psutil.Process) -> None:
        self.master = master
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            for child in self.master.children():
                try:
                    self.peaks[child.pid] = max(
                        self.peaks.get(child.pid, 0), child.memory_info().rss
                    )
                except psutil.NoSuchProcess:
                    pass
            time.sleep(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def _start_and_wait(
    service: RunService, bench: Bench, workflow_id: str, count: int
) -> list[dict[str, Any]]:
    run_ids = []
    for _ in range(count):
        run, _ = await service.start(bench.claims, workflow_id, {})
        run_ids.append(str(run.id))
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        rows = bench.finished(run_ids)
        if all(r["status"] in {"succeeded", "failed", "cancelled"} for r in rows):
            failed = [r for r in rows if r["status"] != "succeeded"]
            if failed:
                raise RuntimeError(f"{len(failed)} run(s) did not succeed")
            return rows
        await asyncio.sleep(0.02)
    raise RuntimeError("runs did not finish in time")


def _ms_per_node(bench: Bench, rows: list[dict[str, Any]], nodes: int) -> list[float]:
    return [
        (
            (r["finished_at"] - r["started_at"]).total_seconds()
            - bench.node_work_s(r["id"])
        )
        / nodes
        * 1000
        for r in rows
    ]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _reference(stack: Stack, name: str) -> dict[str, Any] | None:
    """The same chain and fan-out in a reference framework (`langgraph` or `dbos`), run by
    its own script in its own virtualenv against this run's Postgres."""
    python = REFERENCE_PYTHON[name]
    if not python.exists():
        print(
            f"  ({name} reference skipped: run `make bench` to create {python.parent.parent.name})"
        )
        return None
    out = subprocess.run(
        [
            str(python),
            str(HERE / f"{name}_reference.py"),
            stack.admin_url,
            str(CHAIN),
            str(FAN),
            str(ROUNDS),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


async def run() -> dict[str, Any]:
    results: dict[str, Any] = {}
    with embedded_stack() as stack:
        bench = Bench(stack)
        client = await open_run_client(stack)
        service = client.service
        chain_id = bench.workflow(_spec_chain(CHAIN))
        fan_id = bench.workflow(_spec_fan(FAN))
        small_id = bench.workflow(_spec_chain(20))
        with workers(stack) as master:
            for commit in ("on", "off"):
                bench.set_synchronous_commit(commit == "on")
                await _start_and_wait(service, bench, chain_id, 1)  # warm up
                chain_rows = []
                for _ in range(ROUNDS):
                    chain_rows += await _start_and_wait(service, bench, chain_id, 1)
                chain = _ms_per_node(bench, chain_rows, CHAIN)
                fan_rows = []
                for _ in range(ROUNDS):
                    fan_rows += await _start_and_wait(service, bench, fan_id, 1)
                fan = _ms_per_node(bench, fan_rows, FAN + 3)
                throughput = {}
                peaks: dict[str, list[float]] = {}
                for concurrent in (20, 100):
                    with PeakMemory(master) as memory:
                        started = time.perf_counter()
                        await _start_and_wait(service, bench, small_id, concurrent)
                        elapsed = time.perf_counter() - started
                    throughput[str(concurrent)] = concurrent * 20 / elapsed
                    peaks[str(concurrent)] = [
                        round(v / 2**20, 1) for v in memory.peaks.values()
                    ]
                results[f"synchronous_commit_{commit}"] = {
                    "chain_ms_per_node": {
                        "median": statistics.median(chain),
                        "p95": _p95(chain),
                    },
                    "fan_ms_per_node": {
                        "median": statistics.median(fan),
                        "p95": _p95(fan),
                    },
                    "node_steps_per_s": throughput,
                    "worker_peak_rss_mib": peaks,
                }
            bench.set_synchronous_commit(True)
            latencies = []
            for _ in range(ROUNDS):
                await asyncio.sleep(5)  # idle
                t0 = datetime.now(UTC)
                rows = await _start_and_wait(service, bench, small_id, 1)
                latencies.append((rows[0]["started_at"] - t0).total_seconds() * 1000)
            results["run_start_after_idle_ms"] = {
                "median": statistics.median(latencies),
                "p95": _p95(latencies),
            }
        await client.aclose()
        for name in REFERENCE_PYTHON:
            for commit in ("off", "on"):
                bench.set_synchronous_commit(commit == "on")
                results[f"{name}_sync_commit_{commit}"] = _reference(stack, name)
        bench.set_synchronous_commit(True)
    _print(results)
    return results


def _print(results: dict[str, Any]) -> None:
    print(f"{'measure':<44}{'commit on':>14}{'commit off':>14}")
    on, off = results["synchronous_commit_on"], results["synchronous_commit_off"]

    def row(label: str, a: float, b: float, unit: str = "") -> None:
        print(f"{label:<44}{a:>12.3f}{unit:>2}{b:>12.3f}{unit:>2}")

    row(
        "chain 100: overhead per node, median (ms)",
        on["chain_ms_per_node"]["median"],
        off["chain_ms_per_node"]["median"],
    )
    row(
        "chain 100: overhead per node, p95 (ms)",
        on["chain_ms_per_node"]["p95"],
        off["chain_ms_per_node"]["p95"],
    )
    row(
        "fan-out 50 + fan-in: per node, median (ms)",
        on["fan_ms_per_node"]["median"],
        off["fan_ms_per_node"]["median"],
    )
    for n in ("20", "100"):
        row(
            f"{n} concurrent 20-node runs: node-steps/s",
            on["node_steps_per_s"][n],
            off["node_steps_per_s"][n],
        )
        print(
            f"  peak RSS per worker (MiB), {n} runs: on {on['worker_peak_rss_mib'][n]}, off {off['worker_peak_rss_mib'][n]}"
        )
    latency = results["run_start_after_idle_ms"]
    print(
        f"run start after 5 s idle (ms): median {latency['median']:.1f}, p95 {latency['p95']:.1f}"
    )
    for name, label in (("langgraph", "LangGraph"), ("dbos", "DBOS")):
        ref_on, ref_off = (
            results.get(f"{name}_sync_commit_on"),
            results.get(f"{name}_sync_commit_off"),
        )
        if not (ref_on and ref_off):
            continue
        for shape, what in (("chain", "chain"), ("fan", "fan")):
            row(
                f"{label} {what} per node, median (ms)",
                ref_on[f"{shape}_ms_per_node"]["median"],
                ref_off[f"{shape}_ms_per_node"]["median"],
            )
        for shape, what in (("chain", "chain"), ("fan", "fan")):
            goal = " (goal <= 0.2)" if (name, shape) == ("langgraph", "chain") else ""
            row(
                f"ratio Orrery / {label}, {what}{goal}",
                on[f"{shape}_ms_per_node"]["median"]
                / ref_on[f"{shape}_ms_per_node"]["median"],
                off[f"{shape}_ms_per_node"]["median"]
                / ref_off[f"{shape}_ms_per_node"]["median"],
            )
