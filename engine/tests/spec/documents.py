"""Small workflow documents for the spec tests (plain JSON data, as the API receives it)."""

from __future__ import annotations

import itertools
from typing import Any


def node(id: str, type: str = "transform", **config: Any) -> dict[str, Any]:
    return {"id": id, "type": type, "position": {"x": 0, "y": 0}, "config": config}


def edge(source: str, target: str, id: str | None = None, handle: str | None = None) -> dict[str, Any]:
    return {"id": id or f"{source}-{target}", "source": source, "target": target, "source_handle": handle}


def document(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], **inputs: Any) -> dict[str, Any]:
    return {"schema": "orrery.workflow/v1", "inputs": inputs, "nodes": nodes, "edges": edges}


def pipeline(*middle: dict[str, Any]) -> dict[str, Any]:
    """input -> middle... -> output, chained in order."""
    nodes = [node("start", "input"), *middle, node("end", "output")]
    ids = [n["id"] for n in nodes]
    return document(nodes, [edge(a, b) for a, b in itertools.pairwise(ids)], topic={"type": "string"})


def chain(count: int, fan: int = 4) -> dict[str, Any]:
    """`count` transform nodes, each reading its predecessor, with up to `fan` edges into each."""
    nodes = [node("start", "input")]
    nodes += [
        node(f"n{i}", template=f"{{{{ steps.n{max(i - 1, 0)}.output }}}} and {{{{ inputs.topic }}}}")
        for i in range(count)
    ]
    nodes.append(node("end", "output"))
    nodes[1]["config"]["template"] = "{{ inputs.topic }}"
    edges = [edge("start", "n0")]
    for i in range(1, count):
        for back in range(1, fan + 1):
            if i - back >= 0:
                edges.append(edge(f"n{i - back}", f"n{i}"))
    edges.append(edge(f"n{count - 1}", "end"))
    return document(nodes, edges, topic={"type": "string"})
