"""Validating the largest accepted document (1,000 nodes, ~4,000 edges) with the node registry.

The editor validates as the user types, so this bounds how fluid that feels. Reference:
decoding the same document (msgspec), in the same process.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from orrery.nodes import default_registry
from orrery.spec import decode_workflow, validate


def _largest() -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [{"id": "start", "type": "input"}]
    edges: list[dict[str, Any]] = []
    for i in range(998):
        nodes.append({"id": f"t{i}", "type": "transform", "config": {"template": "{{ inputs.topic }}"}})
        for back in range(1, 5):
            source = f"t{i - back}" if i - back >= 0 else "start"
            if i - back >= -1 and (source, f"t{i}") not in {(e["source"], e["target"]) for e in edges[-8:]}:
                edges.append({"id": f"e{i}_{back}", "source": source, "target": f"t{i}"})
    nodes.append({"id": "result", "type": "output"})
    edges.append({"id": "last", "source": "t997", "target": "result"})
    return {
        "schema": "orrery.workflow/v1",
        "inputs": {"topic": {"type": "string"}},
        "nodes": nodes,
        "edges": edges,
    }


async def run() -> dict[str, Any]:
    document = _largest()
    registry = default_registry()
    doc = decode_workflow(document)
    validate(doc, registry)
    decode_ms, validate_ms = [], []
    for _ in range(20):
        started = time.perf_counter()
        doc = decode_workflow(document)
        decode_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        problems = validate(doc, registry)
        validate_ms.append((time.perf_counter() - started) * 1000)
    result = {
        "nodes": len(document["nodes"]),
        "edges": len(document["edges"]),
        "problems": len(problems),
        "decode_ms_median": statistics.median(decode_ms),
        "validate_ms_median": statistics.median(validate_ms),
    }
    print(
        f"{result['nodes']} nodes, {result['edges']} edges: decode {result['decode_ms_median']:.1f} ms, "
        f"validate {result['validate_ms_median']:.1f} ms (median of 20; {result['problems']} problems)"
    )
    return result
