"""Control flow on the embedded stack with one worker process: a map's per-item and a loop's
per-iteration overhead, against a plain node's per-node overhead measured in the same run.

- chain: a 100-node transform chain; wall time per node (the reference). Wall time: from the
  commit of `run.started` to the commit of `run.succeeded`.
- map: 1,000 items, concurrency 20, a one-transform body; wall time per item (each item is
  one durable body step with its own scope, events and row), and the same map one item at a
  time (concurrency 1), sequential like the chain.
- loop: 100 iterations of a one-transform body; wall time per iteration.
Each is the median of a few runs, with the load average beside it (these machines are shared).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from bench_runner import Bench, _spec_chain
from orrery.runs import RunService
from stack import Stack, embedded_stack, open_run_client

CHAIN = 100
ITEMS = 1000
SEQUENTIAL_ITEMS = 200
ITERATIONS = 100
ROUNDS = 3
BUDGET = {"budgets": {"max_steps": 5000}}


def _spec_map(concurrency: int) -> dict[str, Any]:
    return {
        "schema": "orrery.workflow/v1",
        "inputs": {"items": {"type": "array"}},
        "settings": BUDGET,
        "nodes": [
            {"id": "start", "type": "input"},
            {
                "id": "each",
                "type": "map",
                "config": {"items": "{{ inputs.items }}", "concurrency": concurrency},
            },
            {"id": "work", "type": "transform", "parent": "each", "config": {"template": "{{ map.item }}"}},
            {"id": "result", "type": "output", "config": {"value": "{{ steps.each.output.count }}"}},
        ],
        "edges": [
            {"id": "a", "source": "start", "target": "each"},
            {"id": "b", "source": "each", "target": "result"},
        ],
    }


def _spec_loop(iterations: int) -> dict[str, Any]:
    return {
        "schema": "orrery.workflow/v1",
        "settings": BUDGET,
        "nodes": [
            {"id": "start", "type": "input"},
            {"id": "rounds", "type": "loop", "config": {"max_iterations": iterations}},
            {
                "id": "work",
                "type": "transform",
                "parent": "rounds",
                "config": {"template": "{{ loop.index }}"},
            },
            {"id": "result", "type": "output", "config": {"value": "{{ steps.rounds.output.iterations }}"}},
        ],
        "edges": [
            {"id": "a", "source": "start", "target": "rounds"},
            {"id": "b", "source": "rounds", "target": "result"},
        ],
    }


@contextmanager
def worker(stack: Stack) -> Iterator[None]:
    env = {
        **os.environ,
        "DATABASE_URL": stack.engine_url,
        "REDIS_URL": stack.redis_url,
        "SUPABASE_JWT_SECRET": stack.jwt_secret,
        "ORRERY_MAX_PARALLEL_PER_RUN": "64",
    }
    log = open(os.devnull, "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "orrery", "worker", "--processes", "1", "--threads", "8"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    time.sleep(4)
    try:
        yield
    finally:
        process.terminate()
        process.wait(30)
        log.close()


async def _wall_ms(service: RunService, bench: Bench, workflow_id: str, inputs: dict[str, Any]) -> float:
    """One run, from the commit of its `run.started` to the commit of its `run.succeeded` (ms):
    every step's row and events are in Postgres by then (a pure step does not wait for its
    writes, so the run's own `finished_at`, taken before its last writes land, would flatter)."""
    run, _ = await service.start(bench.claims, workflow_id, inputs)
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        (row,) = bench.finished([str(run.id)])
        if row["status"] in {"succeeded", "failed", "cancelled"}:
            if row["status"] != "succeeded":
                raise RuntimeError(f"run {run.id} {row['status']}")
            return _committed_ms(bench, str(run.id))
        await asyncio.sleep(0.02)
    raise RuntimeError("the run did not finish in time")


def _committed_ms(bench: Bench, run_id: str) -> float:
    with psycopg.connect(bench.stack.admin_url) as conn:
        row = conn.execute(
            "select min(created_at) filter (where type = 'run.started'), "
            "max(created_at) filter (where type = 'run.succeeded') from run_events where run_id = %s",
            (run_id,),
        ).fetchone()
    assert row is not None
    return float((row[1] - row[0]).total_seconds() * 1000)


async def _measure(
    service: RunService, bench: Bench, workflow_id: str, inputs: dict[str, Any], units: int
) -> dict[str, float]:
    await _wall_ms(service, bench, workflow_id, inputs)  # warm up
    per_unit, loads = [], []
    for _ in range(ROUNDS):
        per_unit.append(await _wall_ms(service, bench, workflow_id, inputs) / units)
        loads.append(os.getloadavg()[0])
    return {"ms": statistics.median(per_unit), "min_ms": min(per_unit), "load": statistics.mean(loads)}


async def run() -> dict[str, Any]:
    results: dict[str, Any] = {}
    with embedded_stack() as stack:
        bench = Bench(stack)
        client = await open_run_client(stack)
        service = client.service
        chain_id = bench.workflow(_spec_chain(CHAIN))
        map_id = bench.workflow(_spec_map(20))
        sequential_id = bench.workflow(_spec_map(1))
        loop_id = bench.workflow(_spec_loop(ITERATIONS))
        with worker(stack):
            results["chain_per_node"] = await _measure(service, bench, chain_id, {}, CHAIN)
            results["map_per_item_c20"] = await _measure(
                service, bench, map_id, {"items": list(range(ITEMS))}, ITEMS
            )
            results["map_per_item_c1"] = await _measure(
                service, bench, sequential_id, {"items": list(range(SEQUENTIAL_ITEMS))}, SEQUENTIAL_ITEMS
            )
            results["loop_per_iteration"] = await _measure(service, bench, loop_id, {}, ITERATIONS)
            results["chain_per_node_again"] = await _measure(service, bench, chain_id, {}, CHAIN)
        await client.aclose()
    reference = statistics.mean([results["chain_per_node"]["ms"], results["chain_per_node_again"]["ms"]])
    results["ratios_to_chain_node"] = {
        key: results[key]["ms"] / reference
        for key in ("map_per_item_c20", "map_per_item_c1", "loop_per_iteration")
    }
    _print(results)
    return results


def _print(results: dict[str, Any]) -> None:
    print(f"{'measure (wall time, median of ' + str(ROUNDS) + ')':<52}{'ms':>9}{'ratio':>8}{'load 1m':>9}")
    ratios = results["ratios_to_chain_node"]
    rows = [
        ("chain 100: per node", "chain_per_node", None),
        (f"map {ITEMS} items, concurrency 20: per item", "map_per_item_c20", "map_per_item_c20"),
        (f"map {SEQUENTIAL_ITEMS} items, concurrency 1: per item", "map_per_item_c1", "map_per_item_c1"),
        (f"loop {ITERATIONS} iterations: per iteration", "loop_per_iteration", "loop_per_iteration"),
        ("chain 100 again: per node", "chain_per_node_again", None),
    ]
    for label, key, ratio in rows:
        figure = results[key]
        shown = f"{ratios[ratio]:>8.2f}" if ratio else f"{'':>8}"
        print(f"{label:<52}{figure['ms']:>9.2f}{shown}{figure['load']:>9.2f}")
