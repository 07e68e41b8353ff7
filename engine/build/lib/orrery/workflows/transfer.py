"""Export and import: a workflow as one self-contained JSON document, and fresh ids on the way in.

An imported document gets new node and edge ids, so pasting the same export twice (or
into a workflow that already has a `research` node, later) never aliases anything.
Every reference to an old node id is rewritten with it: edge endpoints, and
`steps.<id>` in the node configs' templates and reference expressions. Which config
strings are templates the node catalog says (`NodeInspection.templates`); for a node
it cannot inspect (an unknown type, a broken config), any string with `{{ }}` or
`{% %}` is treated as a template. Text outside `{{ }}` is never touched.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from typing import Any

import msgspec

from orrery.spec import NodeCatalog, Workflow

_TEMPLATE_PART = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_STEPS_ATTR = re.compile(r"(?<![\w.])(steps\s*\.\s*)([A-Za-z_]\w*)")
_STEPS_ITEM = re.compile(r"""(?<![\w.])(steps\s*\[\s*)(['"])([^'"\\]*)\2""")
_SUFFIX = re.compile(r"_[0-9a-f]{6}$")


def fresh_node_id(old: str, taken: set[str]) -> str:
    """`research` -> `research_3fa2c1` (an earlier suffix is replaced, so ids do not grow)."""
    base = _SUFFIX.sub("", old)[:57] or "node"
    while True:
        candidate = f"{base}_{secrets.token_hex(3)}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def fresh_edge_id(taken: set[str]) -> str:
    while True:
        candidate = f"e_{secrets.token_hex(6)}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def remap_ids(doc: Workflow, catalog: NodeCatalog) -> tuple[Workflow, dict[str, str], dict[str, str]]:
    """The document with fresh node and edge ids and every reference rewritten;
    also the (old -> new) maps for nodes and edges."""
    taken: set[str] = set()
    nodes: dict[str, str] = {}
    for node in doc.nodes:
        if node.id not in nodes:  # a duplicated id keeps its duplicate (the validator reports it)
            nodes[node.id] = fresh_node_id(node.id, taken)
    edge_taken: set[str] = set()
    edges: dict[str, str] = {}
    for edge in doc.edges:
        if edge.id not in edges:
            edges[edge.id] = fresh_edge_id(edge_taken)

    new_nodes = []
    for node in doc.nodes:
        inspection = catalog.inspect(node.type, node.type_version, node.config)
        fields: dict[str, bool] | None = None
        if inspection is not None and not inspection.config_issues:
            fields = {f.path: f.expression for f in inspection.templates}
        config = _rewrite(node.config, "", fields, lambda text: _rename_steps(text, nodes))
        new_nodes.append(msgspec.structs.replace(node, id=nodes[node.id], config=config))
    new_edges = [
        msgspec.structs.replace(
            edge,
            id=edges[edge.id],
            source=nodes.get(edge.source, edge.source),
            target=nodes.get(edge.target, edge.target),
        )
        for edge in doc.edges
    ]
    return msgspec.structs.replace(doc, nodes=new_nodes, edges=new_edges), nodes, edges


def _rewrite(value: Any, path: str, fields: dict[str, bool] | None, rename: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        expression = fields.get(path) if fields is not None else None
        if expression:
            return rename(value)
        if expression is False or (fields is None and ("{{" in value or "{%" in value)):
            return _TEMPLATE_PART.sub(lambda m: rename(m.group(0)), value)
        return value
    if isinstance(value, Mapping):
        return {k: _rewrite(v, f"{path}.{k}" if path else str(k), fields, rename) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, f"{path}[{i}]", fields, rename) for i, v in enumerate(value)]
    return value


def _rename_steps(text: str, ids: Mapping[str, str]) -> str:
    """`steps.<old>` and `steps['<old>']` -> the new id; unknown ids are left as they are."""

    def attr(m: re.Match[str]) -> str:
        return m.group(1) + ids.get(m.group(2), m.group(2))

    def item(m: re.Match[str]) -> str:
        return f"{m.group(1)}{m.group(2)}{ids.get(m.group(3), m.group(3))}{m.group(2)}"

    return _STEPS_ITEM.sub(item, _STEPS_ATTR.sub(attr, text))
