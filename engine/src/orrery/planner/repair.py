"""Repair: a draft changed so that the validator's problems go away, one round at a time.

Each problem code has one mechanical fix, chosen to keep as much of the draft as it can:
- a template that does not parse or reads a step that is not upstream: its `{{ ... }}`
  parts read the run's first input instead (a reference field is pointed at it);
- a config its type refuses: the offending field is reset to the type's default (or
  removed), and when the config still does not decode, the type's default config with
  the node's agent model kept;
- an unknown node type: an agent asked to do what the node's label says;
- edges that dangle, loop, repeat, close a cycle or cross a container's wall: dropped;
  an unknown output handle: the default one (an approval's `approved`);
- a missing input or output node: added and connected to the nodes with no edge in/out;
- a body node that may not be in one, or whose container is no container: moved to the
  top level; a container with an empty body: removed, its edges joined.
`repair_once` returns None when none of the problems has a fix, so the loop stops early.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import msgspec

from orrery.nodes import Registry
from orrery.spec import Problem, Workflow

_TEMPLATE: Final = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_TEMPLATE_CODES: Final = frozenset({"invalid_template", "template_too_complex", "unknown_reference"})
_EDGE_DROPS: Final = frozenset(
    {"dangling_edge", "self_loop", "duplicate_edge", "duplicate_edge_id", "edge_crosses_container"}
)
_TO_TOP_LEVEL: Final = frozenset(
    {"parent_not_container", "container_cycle", "nested_too_deep", "not_allowed_in_body"}
)
_KEEP_ON_RESET: Final = ("provider", "model", "credential_id")


def repair_once(doc: Workflow, problems: Sequence[Problem], registry: Registry) -> Workflow | None:
    """`doc` with a fix for each problem that has one; None when nothing could be fixed."""
    data: dict[str, Any] = msgspec.to_builtins(doc)
    first_input = next(iter(data.get("inputs") or {}), None)
    if first_input is None:
        data["inputs"] = {"brief": {"type": "string", "default": ""}}
        first_input = "brief"
    changed = False
    for problem in problems:
        changed |= _fix(data, problem, registry, first_input)
    if not changed:
        return None
    try:
        return msgspec.convert(data, Workflow)
    except msgspec.ValidationError:
        return None


def _fix(data: dict[str, Any], problem: Problem, registry: Registry, first_input: str) -> bool:
    nodes: list[dict[str, Any]] = data["nodes"]
    edges: list[dict[str, Any]] = data["edges"]
    node = next((n for n in nodes if n["id"] == problem.node_id), None) if problem.node_id else None
    code = problem.code
    if code in _EDGE_DROPS and problem.edge_id:
        return _drop_edge(edges, problem.edge_id, duplicate=code == "duplicate_edge_id")
    if code == "unknown_handle" and problem.edge_id:
        edge = next((e for e in edges if e["id"] == problem.edge_id), None)
        if edge is None:
            return False
        source = next((n for n in nodes if n["id"] == edge["source"]), None)
        edge["source_handle"] = "approved" if source and source["type"] == "approval" else None
        return True
    if code == "cycle" and node is not None:
        before = len(edges)
        data["edges"] = [e for e in edges if e["target"] != node["id"] or _is_input(nodes, e["source"])]
        return len(data["edges"]) < before
    if code == "missing_input_node":
        return _add_end(data, "input")
    if code == "missing_output_node":
        return _add_end(data, "output")
    if code == "invalid_input":
        data["inputs"] = {first_input: {"type": "string", "default": ""}}
        return True
    if node is None:
        return False
    if code == "duplicate_node_id":
        return _rename_duplicate(nodes, node["id"])
    if code in _TO_TOP_LEVEL and node.get("parent"):
        node["parent"] = None
        return True
    if code == "empty_body":
        return _remove_joining(data, node["id"])
    if code == "unknown_node_type":
        label = node.get("label") or node["id"]
        node.update(
            type="agent", type_version=1, config={"provider": "demo", "model": "demo", "prompt": label}
        )
        return True
    if code in _TEMPLATE_CODES:
        return _retarget(node, problem.path, first_input)
    if code == "invalid_config":
        return _reset(node, problem.path, registry)
    return False


def _is_input(nodes: list[dict[str, Any]], node_id: str) -> bool:
    return any(n["id"] == node_id and n["type"] == "input" for n in nodes)


def _drop_edge(edges: list[dict[str, Any]], edge_id: str, *, duplicate: bool) -> bool:
    indexes = [i for i, e in enumerate(edges) if e["id"] == edge_id]
    drop = indexes[1:] if duplicate else indexes
    for index in reversed(drop):
        del edges[index]
    return bool(drop)


def _field_of(path: str | None) -> list[str | int]:
    """`config.routes[0].name` -> ["routes", 0, "name"]; other paths -> []."""
    if not path or not path.startswith("config."):
        return []
    keys: list[str | int] = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path.removeprefix("config.")):
        keys.append(int(part[1:-1]) if part.startswith("[") else part)
    return keys


def _retarget(node: dict[str, Any], path: str | None, first_input: str) -> bool:
    """The template at `path` reads the first input where it read something it may not."""
    keys = _field_of(path)
    holder: Any = node["config"]
    for key in keys[:-1]:
        try:
            holder = holder[key]
        except (KeyError, IndexError, TypeError):
            return False
    if not keys:
        return False
    try:
        text = holder[keys[-1]]
    except (KeyError, IndexError, TypeError):
        return False
    if not isinstance(text, str):
        return False
    if "{{" not in text and "{%" not in text:
        fixed = f"inputs.{first_input}"  # a bare reference expression
    else:
        fixed = _TEMPLATE.sub("{{ inputs." + first_input + " }}", text)
    if fixed == text:
        fixed = text.replace("{", "(").replace("}", ")")
    holder[keys[-1]] = fixed
    return True


def _reset(node: dict[str, Any], path: str | None, registry: Registry) -> bool:
    """The field at `path` back to its default (or gone); at worst the whole config."""
    try:
        node_type = registry.get(node["type"], node.get("type_version", 1))
    except Exception:
        return False
    defaults = dict(node_type.default_config)
    keys = _field_of(path)
    config = node["config"]
    if keys and isinstance(keys[0], str) and keys[0] in config:
        if keys[0] in defaults and config[keys[0]] != defaults[keys[0]]:
            config[keys[0]] = defaults[keys[0]]
        else:
            del config[keys[0]]
        decoded, issues = node_type.decode(config)
        if decoded is not None and not issues:
            return True
    reset: dict[str, Any] = {**defaults, **{k: config[k] for k in _KEEP_ON_RESET if k in config}}
    if config == reset:
        return False
    node["config"] = reset
    return True


def _add_end(data: dict[str, Any], kind: str) -> bool:
    nodes, edges = data["nodes"], data["edges"]
    taken = {n["id"] for n in nodes}
    node_id = "start" if kind == "input" else "result"
    while node_id in taken:
        node_id += "_"
    top = [n for n in nodes if not n.get("parent") and n["type"] not in ("input", "output")]
    if kind == "input":
        ends = [n["id"] for n in top if not any(e["target"] == n["id"] for e in edges)]
        new_edges = [{"id": f"e_{node_id}_{end}", "source": node_id, "target": end} for end in ends]
        nodes.insert(0, {"id": node_id, "type": "input", "label": "Your request", "config": {}})
    else:
        ends = [n["id"] for n in top if not any(e["source"] == n["id"] for e in edges)]
        new_edges = [{"id": f"e_{end}_{node_id}", "source": end, "target": node_id} for end in ends]
        nodes.append({"id": node_id, "type": "output", "label": "Result", "config": {"name": "result"}})
    edges.extend(new_edges)
    return True


def _rename_duplicate(nodes: list[dict[str, Any]], node_id: str) -> bool:
    same = [n for n in nodes if n["id"] == node_id]
    taken = {n["id"] for n in nodes}
    for index, node in enumerate(same[1:], start=2):
        candidate = f"{node_id[:58]}_{index}"
        while candidate in taken:
            candidate += "_"
        node["id"] = candidate
        taken.add(candidate)
    return len(same) > 1


def _remove_joining(data: dict[str, Any], node_id: str) -> bool:
    """Remove a node; whatever fed it now feeds whatever it fed."""
    edges = data["edges"]
    sources = [e["source"] for e in edges if e["target"] == node_id]
    targets = [e["target"] for e in edges if e["source"] == node_id]
    data["nodes"] = [n for n in data["nodes"] if n["id"] != node_id]
    data["edges"] = [e for e in edges if node_id not in (e["source"], e["target"])]
    for source in sources:
        for target in targets:
            data["edges"].append({"id": f"e_{source}_{target}", "source": source, "target": target})
    return True
