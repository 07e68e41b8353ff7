"""From an analysis to a workflow document: real node types, configs their schemas take.

Every step becomes one node of a registered type (`agent`, `approval`, `memory_write`,
`memory_search`, `http`), between an `input` node and an `output` node; the run's input is
one string, `brief` (its default is the request's goal, so a draft runs as it is). A step's
templates read the outputs of the steps it names (`{{ steps.<id>.output }}`, or the part
of it that is the content: an approval's `value`, a map's `results`, a page's `body`...).
Consecutive `for_each` steps go inside one `map` container that walks the list their
upstream step is asked for (an output schema `{items: [...]}`). Nodes are laid out left to
right by depth, parallel steps one above the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from orrery.planner.analysis import Analysis, Step
from orrery.spec import Edge, InputSpec, Node, Position, Size, Workflow

INPUT_ID: Final = "start"
OUTPUT_ID: Final = "result"
INPUT_NAME: Final = "brief"
REQUEST: Final = "{{ inputs.brief }}"
"""The template that reads the request (the run's one input)."""
COLUMN: Final = 300.0
ROW: Final = 170.0
BODY_PAD: Final = 40.0
MEMORY_COLLECTION: Final = "Planner notes"

_INSTRUCTIONS: Final = {
    "research": "You are a careful researcher. Find facts, sources and examples; flag anything uncertain.",
    "write": "You are a skilled writer. Write clear, engaging text that fits the audience and the task.",
    "summarise": "You summarise faithfully: the key points, short, in plain words, nothing invented.",
    "agent": "You are a helpful assistant. Do the task well and say what you could not do.",
}
_CONTENT: Final = {"approval": ".value", "http": ".body", "memory_search": ".text", "map": ".results"}
"""The part of a step's output that is its content, by node type (an agent's is all of it)."""


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """The model a draft's agent nodes use (the demo model unless the user chose one)."""

    provider: str = "demo"
    model: str = "demo"
    credential_id: str | None = None


@dataclass
class Draft:
    document: Workflow
    explanations: dict[str, str]
    schedule: str | None = None


@dataclass
class _Build:
    analysis: Analysis
    choice: ModelChoice
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    explanations: dict[str, str] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)
    """Step id -> the top-level node downstream steps connect to (its map, for a body step)."""


def build_draft(analysis: Analysis, choice: ModelChoice | None = None) -> Draft:
    """The workflow document for a (normalised) analysis, with one explanation per node."""
    build = _Build(analysis, choice or ModelChoice())
    steps = {step.id: step for step in analysis.steps}
    build.nodes[INPUT_ID] = Node(id=INPUT_ID, type="input", label="Your request")
    build.explanations[INPUT_ID] = f"Starts the run with your request ({INPUT_NAME}): {analysis.goal}"
    maps: dict[str, str] = {}
    """A body step's id -> its map's id."""
    for step in analysis.steps:
        upstream = steps.get(step.after[0]) if step.after else None
        in_body = step.for_each and step.kind != "approval"
        if in_body and upstream is not None and upstream.id in maps:
            _body_node(build, step, maps[upstream.id], first=False)
            maps[step.id] = maps[upstream.id]
        elif in_body and upstream is not None and upstream.items:
            map_id = _map_node(build, step, upstream)
            _body_node(build, step, map_id, first=True)
            maps[step.id] = map_id
        else:
            _top_node(build, step)
    sinks = [node_id for node_id in _top_level(build) if not _has_downstream(build, node_id)]
    _output_node(build, sinks)
    _layout(build)
    document = Workflow(
        schema="orrery.workflow/v1",
        inputs={
            INPUT_NAME: InputSpec(
                type="string", description="What this workflow works on", default=analysis.goal
            )
        },
        nodes=list(build.nodes.values()),
        edges=build.edges,
    )
    return Draft(document=document, explanations=build.explanations, schedule=analysis.schedule)


def reference(build_nodes: Mapping[str, Node], node_id: str) -> str:
    """The reference to a node's content: `steps.x.output` and, by type, `.value`/`.results`..."""
    node = build_nodes[node_id]
    suffix = _CONTENT.get(node.type, "")
    return f"steps.{node_id}.output{suffix}"


def _context(build: _Build, step: Step, *, item: bool = False) -> str:
    """The prompt's tail: what the step reads (its upstream steps' content, or the request)."""
    if item:
        return "\n\nThe item:\n{{ map.item }}\n\nThe request: " + REQUEST
    parts = [
        f"{_label(build, build.owner[up])}:\n{{{{ {reference(build.nodes, build.owner[up])} }}}}"
        for up in step.after
        if up in build.owner
    ]
    if not parts:
        return "\n\nThe request: " + REQUEST
    return "\n\n" + "\n\n".join(parts)


def _first_read(build: _Build, step: Step, body_reads: str | None) -> str:
    """The one value a step works on: its first upstream step's content, else the request."""
    if body_reads is not None:
        return f"{{{{ {body_reads} }}}}"
    for up in step.after:
        if up in build.owner:
            return f"{{{{ {reference(build.nodes, build.owner[up])} }}}}"
    return REQUEST


def _label(build: _Build, node_id: str) -> str:
    return build.nodes[node_id].label or node_id


def _config(
    build: _Build, step: Step, *, item: bool = False, body_reads: str | None = None
) -> dict[str, Any]:
    """A step's node config, for its kind (the agent's provider and model: the build's choice)."""
    if body_reads is not None:
        tail = f"\n\nThe previous result for this item:\n{{{{ {body_reads} }}}}"
    else:
        tail = _context(build, step, item=item)
    first = "{{ map.item }}" if item else _first_read(build, step, body_reads)
    if step.kind == "approval":
        return {"message": f"{step.task} — approve to go on.", "value": first, "allow_edit": True}
    if step.kind == "memory_write":
        return {"collection": MEMORY_COLLECTION, "content": first, "title": step.title}
    if step.kind == "memory_search":
        return {"collection": MEMORY_COLLECTION, "query": REQUEST, "k": 5}
    if step.kind == "http":
        return {"method": "GET", "url": step.url or "https://example.com/"}
    config: dict[str, Any] = {
        "provider": build.choice.provider,
        "model": build.choice.model,
        "instructions": _INSTRUCTIONS.get(step.kind, _INSTRUCTIONS["agent"]),
        "prompt": step.task + tail,
    }
    if build.choice.credential_id:
        config["credential_id"] = build.choice.credential_id
    if step.items:
        config["output_schema"] = {
            "type": "object",
            "properties": {
                "items": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": step.items,
                    "items": {"type": "string"},
                    "description": f"The {step.items} items, one per entry",
                }
            },
            "required": ["items"],
        }
        config["prompt"] += f"\n\nAnswer with a list of {step.items} items."
    return config


def _top_node(build: _Build, step: Step) -> None:
    build.nodes[step.id] = Node(id=step.id, type=_type(step), label=step.title, config=_config(build, step))
    build.explanations[step.id] = step.explanation or step.task
    build.owner[step.id] = step.id
    sources = [build.owner[up] for up in step.after if up in build.owner] or [INPUT_ID]
    for source in dict.fromkeys(sources):
        _connect(build, source, step.id)


def _map_node(build: _Build, step: Step, upstream: Step) -> str:
    map_id = f"{step.id}_each"
    source = build.owner[upstream.id]
    build.nodes[map_id] = Node(
        id=map_id,
        type="map",
        label="For each item",
        config={"items": f"{{{{ {reference(build.nodes, source)}.items }}}}", "concurrency": 3},
    )
    build.explanations[map_id] = (
        f"Runs the steps inside once for each item “{upstream.title}” lists, three at a time; "
        "its output lists every item's result."
    )
    _connect(build, source, map_id)
    return map_id


def _body_node(build: _Build, step: Step, map_id: str, *, first: bool) -> None:
    reads = None if first else reference(build.nodes, step.after[0])
    build.nodes[step.id] = Node(
        id=step.id,
        type=_type(step),
        label=step.title,
        parent=map_id,
        config=_config(build, step, item=first, body_reads=reads),
    )
    build.explanations[step.id] = step.explanation or step.task
    build.owner[step.id] = map_id
    if not first:
        _connect(build, step.after[0], step.id)


def _output_node(build: _Build, sinks: list[str]) -> None:
    config: dict[str, Any] = {"name": "result"}
    if len(sinks) == 1:
        config["value"] = f"{{{{ {reference(build.nodes, sinks[0])} }}}}"
    else:
        config["pick"] = {sink: reference(build.nodes, sink) for sink in sinks}
    build.nodes[OUTPUT_ID] = Node(id=OUTPUT_ID, type="output", label="Result", config=config)
    build.explanations[OUTPUT_ID] = "What the run returns: the result of the last step(s)."
    for sink in sinks:
        _connect(build, sink, OUTPUT_ID)


def _type(step: Step) -> str:
    return step.kind if step.kind in ("approval", "memory_write", "memory_search", "http") else "agent"


def _connect(build: _Build, source: str, target: str) -> None:
    handle = "approved" if build.nodes[source].type == "approval" else None
    edge_id = f"e_{source}_{target}"
    if any(edge.id == edge_id for edge in build.edges):
        return
    build.edges.append(Edge(id=edge_id, source=source, target=target, source_handle=handle))


def _top_level(build: _Build) -> list[str]:
    return [n.id for n in build.nodes.values() if n.parent is None and n.type not in ("input", "output")]


def _has_downstream(build: _Build, node_id: str) -> bool:
    return any(edge.source == node_id for edge in build.edges)


def _layout(build: _Build) -> None:
    """Left to right by depth (the longest path from the input), parallel nodes stacked."""
    depth: dict[str, int] = {}
    for node_id in build.nodes:  # nodes were added upstream first
        sources = [e.source for e in build.edges if e.target == node_id and e.source in depth]
        depth[node_id] = max((depth[s] + 1 for s in sources), default=0)
    columns: dict[int, list[str]] = {}
    for node_id, node in build.nodes.items():
        if node.parent is None:
            columns.setdefault(depth[node_id], []).append(node_id)
    x = 0.0
    for column in sorted(columns):
        ids = columns[column]
        width = 0.0
        for row, node_id in enumerate(ids):
            node = build.nodes[node_id]
            node.position = Position(x=x, y=(row - (len(ids) - 1) / 2) * ROW)
            if node.type == "map":
                body = [n for n in build.nodes.values() if n.parent == node_id]
                for index, child in enumerate(body):
                    child.position = Position(x=BODY_PAD + index * COLUMN, y=70.0)
                node.size = Size(width=2 * BODY_PAD + len(body) * COLUMN - 80.0, height=200.0)
                width = max(width, node.size.width - COLUMN + 120.0)
        x += COLUMN + width
