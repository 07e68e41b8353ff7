"""What a proposed document changes: nodes added, removed and changed, edges in and out."""

from __future__ import annotations

from orrery.planner.models import DiffSummary, NodeChange
from orrery.spec import Node, Workflow


def diff_documents(before: Workflow, after: Workflow) -> DiffSummary:
    old = {node.id: node for node in before.nodes}
    new = {node.id: node for node in after.nodes}
    added = [_change(node) for node_id, node in new.items() if node_id not in old]
    removed = [_change(node) for node_id, node in old.items() if node_id not in new]
    changed = [
        _change(node)
        for node_id, node in new.items()
        if node_id in old and _shape(old[node_id]) != _shape(node)
    ]
    old_edges = {(e.source, e.target, e.source_handle) for e in before.edges}
    new_edges = {(e.source, e.target, e.source_handle) for e in after.edges}
    return DiffSummary(
        added=added,
        removed=removed,
        changed=changed,
        edges_added=len(new_edges - old_edges),
        edges_removed=len(old_edges - new_edges),
        summary=_sentence(added, removed, changed),
    )


def _change(node: Node) -> NodeChange:
    return NodeChange(id=node.id, type=node.type, label=node.label)


def _shape(node: Node) -> tuple[object, ...]:
    """What counts as a change (a move on the canvas does not)."""
    return (node.type, node.type_version, node.label, node.config, node.parent)


def _names(changes: list[NodeChange]) -> str:
    return ", ".join(f"“{c.label or c.id}”" for c in changes[:5]) + (" …" if len(changes) > 5 else "")


def _sentence(added: list[NodeChange], removed: list[NodeChange], changed: list[NodeChange]) -> str:
    parts = []
    if added:
        parts.append(f"adds {len(added)} step{'s' * (len(added) != 1)} ({_names(added)})")
    if removed:
        parts.append(f"removes {len(removed)} ({_names(removed)})")
    if changed:
        parts.append(f"changes {len(changed)} ({_names(changed)})")
    if not parts:
        return "No change."
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."
