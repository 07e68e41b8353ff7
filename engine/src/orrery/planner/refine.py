"""Refining a saved workflow from an instruction ("change it so that..."), deterministically.

Three kinds of instruction, read from their words as the demo planner reads a request:
- "remove / drop / delete / skip the X step": the node that best matches X goes, and what
  fed it now feeds what it fed;
- "ask me / approve ... before X" (or "after X"): an approval goes in before (after) the
  node that best matches X; with no match, just before the output;
- anything else is new steps: the instruction is drafted as a request (`demo.analyse`)
  and its steps go in between the workflow's last steps and its output node, reading the
  last step's output where a fresh draft would read the request.
With a saved key, a model reads the instruction instead (`llm.edit_with_model`) and names
the same three edits (`Edit`), targets by node id; `apply_edit` makes them the same way.
The result is a proposal: the service validates and repairs it, and the user accepts or
rejects the diff.
"""

from __future__ import annotations

import re
from typing import Any, Final, Literal

import msgspec

from orrery.planner.analysis import ANALYSIS_SCHEMA, Analysis, normalise, unique_id
from orrery.planner.demo import analyse
from orrery.planner.draft import INPUT_ID, OUTPUT_ID, REQUEST, build_draft, reference
from orrery.spec import Edge, Node, Position, Workflow

_REMOVE: Final = re.compile(
    r"^(?:please\s+)?(?:remove|drop|delete|skip|get rid of|take out)\s+"
    r"(?:the\s+)?(?P<what>.+?)(?:\s+(?:step|node))?\.?$",
    re.IGNORECASE,
)
_APPROVAL: Final = re.compile(
    r"\b(?:ask me|approve|approval|let me (?:review|check)|check with me|sign[- ]off)\b", re.I
)
_WHERE: Final = re.compile(r"\b(?P<side>before|after)\s+(?:the\s+)?(?P<what>.+?)\.?$", re.IGNORECASE)
_WORD: Final = re.compile(r"[a-z0-9]+")


class Edit(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    """One change to a workflow, as a model names it (`EDIT_SCHEMA`)."""

    action: Literal["remove", "approve", "add"]
    target: str | None = None
    """The node to remove, or to put the approval before/after (its id)."""
    side: Literal["before", "after"] = "before"
    plan: Analysis | None = None
    """For `add`: the steps to add, as a request's analysis."""


EDIT_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "action": {"type": "string", "enum": ["remove", "approve", "add"]},
        "target": {"type": ["string", "null"], "description": "The id of the node the change is about."},
        "side": {"type": "string", "enum": ["before", "after"]},
        "plan": {**ANALYSIS_SCHEMA, "description": "For `add`: the steps to add."},
    },
    "required": ["action"],
}


def apply_edit(doc: Workflow, edit: Edit, instruction: str) -> tuple[Workflow, dict[str, str]]:
    """The document with a model's edit made (an unknown target: the instruction read as the
    demo planner reads it)."""
    by_id = {n.id: n for n in doc.nodes if n.type not in ("input", "output")}
    target = by_id.get(edit.target or "")
    text = " ".join(instruction.split())
    if edit.action == "remove" and target is not None:
        return _remove(doc, target), {}
    if edit.action == "approve":
        return _insert_approval(doc, text, target, edit.side if target else "before")
    if edit.action == "add" and edit.plan is not None and edit.plan.steps:
        return _append(doc, text, normalise(edit.plan))
    return refine_document(doc, instruction)


def refine_document(doc: Workflow, instruction: str) -> tuple[Workflow, dict[str, str]]:
    """The proposed document and explanations of the nodes it adds."""
    text = " ".join(instruction.split())
    if removal := _REMOVE.match(text):
        target = _best_match(doc, removal["what"])
        if target is not None:
            return _remove(doc, target), {}
    if _APPROVAL.search(text):
        where = _WHERE.search(text)
        target = _best_match(doc, where["what"]) if where else None
        side = where["side"].lower() if where and target else "before"
        return _insert_approval(doc, text, target, side)
    return _append(doc, text)


def _words(text: str) -> set[str]:
    """Its words of three letters or more, by their first five ("summary" ~ "summarise")."""
    return {word[:5] for word in _WORD.findall(text.lower()) if len(word) > 2}


def _best_match(doc: Workflow, what: str) -> Node | None:
    """The node whose label, id or type shares most words with `what` (input/output never)."""
    wanted = _words(what)
    best: tuple[int, Node] | None = None
    for node in doc.nodes:
        if node.type in ("input", "output"):
            continue
        score = len(wanted & _words(f"{node.label or ''} {node.id.replace('_', ' ')} {node.type}"))
        if score and (best is None or score > best[0]):
            best = (score, node)
    return best[1] if best else None


def _remove(doc: Workflow, target: Node) -> Workflow:
    removed = {target.id} | {n.id for n in doc.nodes if n.parent == target.id}
    sources = [e for e in doc.edges if e.target == target.id]
    targets = [e for e in doc.edges if e.source == target.id]
    edges = [e for e in doc.edges if e.source not in removed and e.target not in removed]
    for into in sources:
        for out in targets:
            edge_id = f"e_{into.source}_{out.target}"
            if not any(e.id == edge_id for e in edges):
                edges.append(
                    Edge(id=edge_id, source=into.source, target=out.target, source_handle=into.source_handle)
                )
    nodes = [n for n in doc.nodes if n.id not in removed]
    return msgspec.structs.replace(doc, nodes=nodes, edges=edges)


def _insert_approval(
    doc: Workflow, text: str, target: Node | None, side: str
) -> tuple[Workflow, dict[str, str]]:
    taken = {n.id for n in doc.nodes}
    approval_id = unique_id("approval", taken)
    if target is None:
        target = next((n for n in doc.nodes if n.type == "output"), None)
    if target is None:
        return doc, {}
    if side == "after":
        feeds, anchor = [target.id], target
        moved = [e for e in doc.edges if e.source == target.id]
        kept = [e for e in doc.edges if e.source != target.id]
        new_edges = [Edge(id=f"e_{target.id}_{approval_id}", source=target.id, target=approval_id)]
        new_edges += [
            msgspec.structs.replace(e, id=f"{e.id}_approved", source=approval_id, source_handle="approved")
            for e in moved
        ]
    else:
        moved = [e for e in doc.edges if e.target == target.id]
        kept = [e for e in doc.edges if e.target != target.id]
        feeds = [e.source for e in moved]
        anchor = target
        new_edges = [msgspec.structs.replace(e, id=f"{e.id}_review", target=approval_id) for e in moved]
        new_edges.append(
            Edge(
                id=f"e_{approval_id}_{target.id}",
                source=approval_id,
                target=target.id,
                source_handle="approved",
            )
        )
    nodes_by_id = {n.id: n for n in doc.nodes}
    value = f"{{{{ {reference(nodes_by_id, feeds[0])} }}}}" if feeds and feeds[0] in nodes_by_id else None
    config: dict[str, Any] = {
        "message": f"{text[:1].upper()}{text[1:]} — approve to go on.",
        "allow_edit": False,
    }
    if value and nodes_by_id[feeds[0]].type != "input":
        config["value"] = value
    approval = Node(
        id=approval_id,
        type="approval",
        label="Your approval",
        position=Position(
            x=anchor.position.x - (150 if side == "before" else -150), y=anchor.position.y + 120
        ),
        config=config,
        parent=anchor.parent,
    )
    document = msgspec.structs.replace(doc, nodes=[*doc.nodes, approval], edges=[*kept, *new_edges])
    where = f"{side} “{target.label or target.id}”"
    return document, {approval_id: f"Pauses for your approval {where}, as you asked: {text}"}


def _append(doc: Workflow, text: str, analysis: Analysis | None = None) -> tuple[Workflow, dict[str, str]]:
    """The instruction's steps (or the model's `analysis` of them) between the last steps and
    the output node."""
    output = next((n for n in doc.nodes if n.type == "output" and n.parent is None), None)
    draft = build_draft(analysis or analyse(text))
    taken = {n.id for n in doc.nodes}
    renamed = {
        n.id: unique_id(n.id, taken) for n in draft.document.nodes if n.id not in (INPUT_ID, OUTPUT_ID)
    }
    last = [e.source for e in doc.edges if output is not None and e.target == output.id]
    by_id = {n.id: n for n in doc.nodes}
    reads = f"{{{{ {reference(by_id, last[0])} }}}}" if last else None
    shift = max((n.position.x for n in doc.nodes if n.parent is None), default=0.0)
    added: list[Node] = []
    for node in draft.document.nodes:
        if node.id not in renamed:
            continue
        config = _rename_in(node.config, renamed)
        if reads is not None:
            config = _replace_in(config, REQUEST, reads)
        added.append(
            msgspec.structs.replace(
                node,
                id=renamed[node.id],
                parent=renamed.get(node.parent) if node.parent else None,
                config=config,
                position=node.position
                if node.parent
                else Position(x=node.position.x + shift - 300, y=node.position.y + 200),
            )
        )
    edges = [e for e in doc.edges if output is None or e.target != output.id]
    for edge in draft.document.edges:
        source = last if edge.source == INPUT_ID else [renamed.get(edge.source, edge.source)]
        target = output.id if edge.target == OUTPUT_ID and output is not None else renamed.get(edge.target)
        if target is None or (edge.target == OUTPUT_ID and output is None):
            continue
        for one in source or []:
            handle = "approved" if one in by_id and by_id[one].type == "approval" else edge.source_handle
            edges.append(Edge(id=f"e_{one}_{target}", source=one, target=target, source_handle=handle))
    nodes = list(doc.nodes)
    if output is not None:
        draft_output = next(n for n in draft.document.nodes if n.id == OUTPUT_ID)
        new_config = _rename_in(draft_output.config, renamed)
        nodes = [
            msgspec.structs.replace(n, config={**new_config, "name": n.config.get("name", "result")})
            if n.id == output.id
            else n
            for n in nodes
        ]
    explanations = {renamed[k]: v for k, v in draft.explanations.items() if k in renamed}
    return msgspec.structs.replace(doc, nodes=[*nodes, *added], edges=edges), explanations


def _rename_in(value: Any, renamed: dict[str, str]) -> Any:
    """Every `steps.<old>` in a config's strings (and pick keys) with its new id."""
    if isinstance(value, str):
        for old, new in renamed.items():
            if old != new:
                value = re.sub(rf"\bsteps\.{re.escape(old)}\b", f"steps.{new}", value)
        return value
    if isinstance(value, dict):
        return {renamed.get(k, k): _rename_in(v, renamed) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename_in(v, renamed) for v in value]
    return value


def _replace_in(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {k: _replace_in(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_in(v, old, new) for v in value]
    return value
