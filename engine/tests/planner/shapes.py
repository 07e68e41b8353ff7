"""The shape of a draft, as the corpus states it: node types, parallel steps, approvals, maps."""

from __future__ import annotations

from typing import Any

from orrery.spec import Workflow


def shape(doc: Workflow) -> dict[str, Any]:
    """Node types (besides input/output), the most top-level steps at one depth (`parallel`:
    steps that run side by side), and the number of approvals and maps."""
    top = [n.id for n in doc.nodes if n.parent is None]
    depth: dict[str, int] = {}
    pending = list(top)
    while pending:  # longest path from the input, in any node order
        progressed = False
        for node_id in list(pending):
            sources = [e.source for e in doc.edges if e.target == node_id]
            if all(s in depth for s in sources):
                depth[node_id] = max((depth[s] + 1 for s in sources), default=0)
                pending.remove(node_id)
                progressed = True
        assert progressed, "the draft has a cycle"
    steps = [n for n in doc.nodes if n.parent is None and n.type not in ("input", "output")]
    widths: dict[int, int] = {}
    for node in steps:
        widths[depth[node.id]] = widths.get(depth[node.id], 0) + 1
    return {
        "types": sorted({n.type for n in doc.nodes} - {"input", "output"}),
        "parallel": max(widths.values(), default=0),
        "approvals": sum(n.type == "approval" for n in doc.nodes),
        "maps": sum(n.type == "map" for n in doc.nodes),
    }
