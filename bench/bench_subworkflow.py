"""What running a workflow as a sub-workflow step costs, over running the same steps in one run.

A parent (input -> sub -> output) whose step runs a child (input -> transform -> output), against
a plain run of five steps (input -> three transforms -> output), both started one at a time on
two worker processes: wall time from queued to finished, median and p95 of `ROUNDS` runs each.
The difference is what the child run adds: its start (validation, insert), a hand-over to a
worker, its lease, the parent's step parked and resumed (a second hand-over). Load average beside.
"""

from __future__ import annotations

import os
import statistics
from typing import Any

from bench_runner import Bench, _p95, _start_and_wait, workers
from stack import embedded_stack, open_run_client

ROUNDS = 20


def _chain(*middle: dict[str, Any]) -> dict[str, Any]:
    nodes = [{"id": "start", "type": "input"}, *middle, {"id": "result", "type": "output"}]
    edges = [
        {"id": f"e{i}", "source": a["id"], "target": b["id"]}
        for i, (a, b) in enumerate(zip(nodes, nodes[1:]))
    ]
    return {"schema": "orrery.workflow/v1", "nodes": nodes, "edges": edges}


def _transform(node_id: str) -> dict[str, Any]:
    return {"id": node_id, "type": "transform", "config": {"template": node_id}}


def _wall_ms(rows: list[dict[str, Any]]) -> list[float]:
    return [(r["finished_at"] - r["created_at"]).total_seconds() * 1000 for r in rows]


async def run() -> dict[str, Any]:
    load_before = os.getloadavg()
    with embedded_stack() as stack:
        bench = Bench(stack)
        client = await open_run_client(stack)
        service = client.service
        plain_id = bench.workflow(_chain(_transform("a"), _transform("b"), _transform("c")))
        child_id = bench.workflow(_chain(_transform("a")))
        parent_id = bench.workflow(
            _chain({"id": "sub", "type": "subworkflow", "config": {"workflow_id": child_id}})
        )
        with workers(stack):
            await _start_and_wait(service, bench, plain_id, 1)  # warm up
            await _start_and_wait(service, bench, parent_id, 1)
            plain: list[dict[str, Any]] = []
            nested: list[dict[str, Any]] = []
            for _ in range(ROUNDS):  # interleaved, so both see the same machine
                plain += await _start_and_wait(service, bench, plain_id, 1)
                nested += await _start_and_wait(service, bench, parent_id, 1)
        await client.aclose()
    load_after = os.getloadavg()
    plain_ms, nested_ms = _wall_ms(plain), _wall_ms(nested)
    result = {
        "plain_5_steps_ms": {"median": statistics.median(plain_ms), "p95": _p95(plain_ms)},
        "parent_with_child_ms": {"median": statistics.median(nested_ms), "p95": _p95(nested_ms)},
        "subworkflow_adds_ms_median": statistics.median(nested_ms) - statistics.median(plain_ms),
        "rounds": ROUNDS,
        "load_average_1m": [load_before[0], load_after[0]],
        "cores": os.cpu_count(),
    }
    print(
        f"plain run of 5 steps {result['plain_5_steps_ms']['median']:.1f} ms median "
        f"(p95 {result['plain_5_steps_ms']['p95']:.1f}); parent + child (6 steps, 2 runs) "
        f"{result['parent_with_child_ms']['median']:.1f} ms (p95 {result['parent_with_child_ms']['p95']:.1f}): "
        f"a sub-workflow adds {result['subworkflow_adds_ms_median']:.1f} ms; {ROUNDS} runs each; "
        f"load average {load_before[0]:.2f} -> {load_after[0]:.2f} on {result['cores']} cores"
    )
    return result
