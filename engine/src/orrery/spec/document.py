"""The workflow document, `orrery.workflow/v1`, as msgspec types, and its decoding.

A document is plain JSON (ARCHITECTURE.md §7):

    {"schema": "orrery.workflow/v1",
     "inputs": {"topic": {"type": "string", "description": "What the video is about"}},
     "nodes": [{"id": "research", "type": "agent", "type_version": 1, "label": "Researcher",
                "position": {"x": 0, "y": 0}, "config": {...}}],
     "edges": [{"id": "e1", "source": "research", "target": "script",
                "source_handle": null, "target_handle": null}]}

Inputs are a map name -> declaration. A declared input is required unless it says
`"required": false` or has a `default` (the default then supplies it).

Node ids are identifiers (letters, digits and `_`, not starting with a digit, at most
64 characters) so templates can say `{{ steps.research.output }}`. Unknown fields are
refused everywhere (a misspelt `souce_handle` would otherwise be silently dropped).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from orrery.spec.errors import DocumentTooLarge, InvalidDocument
from orrery.spec.problems import Problem

SCHEMA_V1: Final = "orrery.workflow/v1"

MAX_NODES: Final = 1000
"""Nodes accepted in one document (the product promises at least 500)."""
MAX_EDGES: Final = 4000
"""Edges accepted in one document (the product promises at least 2,000)."""
MAX_DOCUMENT_BYTES: Final = 1024 * 1024
"""Documents over 1 MiB (as JSON) are refused before anything else: `DocumentTooLarge`."""
MAX_DECODE_PROBLEMS: Final = 100
"""A broken document reports at most this many decoding problems."""

IDENTIFIER_PATTERN: Final = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"
NODE_TYPE_PATTERN: Final = r"^[a-z][a-z0-9_]{0,63}$"

NodeId = Annotated[
    str, Meta(pattern=IDENTIFIER_PATTERN, description="Letters, digits and `_`; not starting with a digit.")
]
InputName = Annotated[str, Meta(pattern=IDENTIFIER_PATTERN)]
EdgeId = Annotated[str, Meta(min_length=1, max_length=256)]
HandleId = Annotated[str, Meta(min_length=1, max_length=128)]
InputType = Literal["string", "number", "integer", "boolean", "object", "array"]


class InputSpec(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """One declared run input, JSON-Schema-like."""

    type: InputType
    description: str | None = None
    default: Any | UnsetType = UNSET
    enum: list[Any] | None = None
    required: bool = True
    """The run must be given this input (a `default` satisfies it)."""


class Position(msgspec.Struct, forbid_unknown_fields=True):
    x: float = 0.0
    y: float = 0.0


class Size(msgspec.Struct, forbid_unknown_fields=True):
    """A container's size on the canvas (its body is drawn inside it)."""

    width: Annotated[float, Meta(gt=0, le=100_000)]
    height: Annotated[float, Meta(gt=0, le=100_000)]


class Node(msgspec.Struct, forbid_unknown_fields=True):
    id: NodeId
    type: Annotated[str, Meta(pattern=NODE_TYPE_PATTERN)]
    type_version: Annotated[int, Meta(ge=1)] = 1
    label: Annotated[str, Meta(max_length=200)] | None = None
    position: Position = msgspec.field(default_factory=Position)
    """On the canvas; a body node's position is relative to its container's top-left corner."""
    config: dict[str, Any] = msgspec.field(default_factory=dict)
    parent: NodeId | None = None
    """The container (a `map` or `loop` node) whose body this node belongs to; None at the
    top level. A body runs once per item (map) or iteration (loop); edges never cross a
    container's wall: outside nodes connect to the container itself."""
    size: Size | None = None
    """A container's size on the canvas (None: the editor's default)."""


ERROR_HANDLE: Final = "error"
"""The output every node (but `input`/`output`) has for its failure: an edge leaving it makes
the node's last failed attempt a handled one. The run follows it with the error as the
step's output (`{"error": {"code", "message", "attempt"}}`) instead of failing."""


class Edge(msgspec.Struct, forbid_unknown_fields=True):
    id: EdgeId
    source: NodeId
    target: NodeId
    source_handle: HandleId | None = None
    """Which output of the source: a router's route name, an approval's `approved`/`rejected`,
    `error` (any node's failure, `ERROR_HANDLE`)."""
    target_handle: HandleId | None = None


class Budgets(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Per-run limits for this workflow, under the operator's (`ORRERY_MAX_STEPS`...); a run that
    would exceed one stops with a `budget_exceeded` failure naming it. Unset: the operator's."""

    max_steps: Annotated[int, Meta(ge=1, le=100_000)] | None = None
    max_tokens: Annotated[int, Meta(ge=1)] | None = None
    max_cost_usd: Annotated[float, Meta(gt=0)] | None = None
    max_duration_s: Annotated[float, Meta(gt=0, le=30 * 24 * 3600)] | None = None
    """How long a run may take, from its start (waits for a decision included)."""


class NodeDefaults(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Timeout and retries for every node of this workflow whose config does not set its own
    (where its type has such a setting); unset: each node type's own default."""

    timeout_s: Annotated[float, Meta(gt=0, le=3600)] | None = None
    """Give up an attempt after this many seconds."""
    max_attempts: Annotated[int, Meta(ge=1, le=10)] | None = None
    """Attempts in all, counting the first; transient errors are retried."""
    retry_initial_delay_s: Annotated[float, Meta(ge=0, le=600)] | None = None
    """Delay before the first retry; it grows exponentially, with jitter."""


class WorkflowSettings(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    budgets: Budgets = msgspec.field(default_factory=Budgets)
    node_defaults: NodeDefaults | None = None
    max_parallel: Annotated[int, Meta(ge=1, le=1000)] | None = None
    """Steps of one run executing at once (unset: the operator's `ORRERY_MAX_PARALLEL_PER_RUN`)."""


class Workflow(msgspec.Struct, forbid_unknown_fields=True):
    schema: Literal["orrery.workflow/v1"]
    inputs: dict[InputName, InputSpec] = msgspec.field(default_factory=dict)
    nodes: list[Node] = msgspec.field(default_factory=list)
    edges: list[Edge] = msgspec.field(default_factory=list)
    settings: WorkflowSettings = msgspec.field(default_factory=WorkflowSettings)

    def has_error_branch(self, node_id: str) -> bool:
        """Whether this node's failure is taken down its `error` handle (an edge leaves it)."""
        return any(e.source == node_id and e.source_handle == ERROR_HANDLE for e in self.edges)


def decode_workflow(data: bytes | str | Mapping[str, Any]) -> Workflow:
    """Decode a document from JSON (bytes/str) or from already-parsed JSON.

    Raises `DocumentTooLarge` over `MAX_DOCUMENT_BYTES`, and `InvalidDocument` with one
    `invalid_document` problem per malformed field (every node and edge is checked).
    Graph rules (cycles, references, configs...) are `validate()`'s job.
    """
    if isinstance(data, bytes | str):
        raw = data.encode() if isinstance(data, str) else data
        _check_size(len(raw))
        try:
            obj: Any = msgspec.json.decode(raw)
        except msgspec.DecodeError as exc:
            raise InvalidDocument([Problem("invalid_document", f"Not valid JSON: {exc}")]) from None
    else:
        try:
            _check_size(len(msgspec.json.encode(data)))
        except TypeError as exc:
            raise InvalidDocument([Problem("invalid_document", f"Not JSON data: {exc}")]) from None
        obj = data
    try:
        return msgspec.convert(obj, Workflow)
    except msgspec.ValidationError:
        pass
    raise InvalidDocument(_explain(obj)[:MAX_DECODE_PROBLEMS] or [Problem("invalid_document", "Invalid.")])


def encode_workflow(doc: Workflow) -> bytes:
    return msgspec.json.encode(doc)


def workflow_to_builtins(doc: Workflow) -> dict[str, Any]:
    """The document as plain JSON data (for storing in a `jsonb` column)."""
    result: dict[str, Any] = msgspec.to_builtins(doc)
    return result


def _check_size(size: int) -> None:
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(size, MAX_DOCUMENT_BYTES)


# --- field-level explanations ------------------------------------------------------------

_PATTERN_WORDS = {
    IDENTIFIER_PATTERN: "an identifier (letters, digits and `_`, not starting with a digit, at most 64)",
    NODE_TYPE_PATTERN: "a node type slug (lowercase letters, digits and `_`)",
}
_AT = re.compile(r" - at `(?P<path>[^`]*)`(?: in `(?P<outer>[^`]*)`)?$")


def _humanize(message: str) -> str:
    for pattern, words in _PATTERN_WORDS.items():
        message = message.replace(f"`str` matching regex '{pattern}'", words)
    return message


def _problem(
    error: msgspec.ValidationError,
    prefix: str,
    *,
    node_id: str | None = None,
    edge_id: str | None = None,
) -> Problem:
    """Turn msgspec's "Expected `int`, got `str` - at `$.x[0]`" into a problem with a path."""
    text = str(error)
    path = ""
    match = _AT.search(text)
    if match:
        text = text[: match.start()]
        where = match["outer"] or match["path"]
        path = where.removeprefix("$").removeprefix(".")
        if match["outer"]:
            text = f"{text} (a key)"
    full = ".".join(p for p in (prefix, path) if p).replace(".[", "[")
    return Problem("invalid_document", _humanize(text), node_id=node_id, edge_id=edge_id, path=full or None)


def _explain(obj: Any) -> list[Problem]:
    """Check a document part by part, so every bad node and edge is reported."""
    if not isinstance(obj, Mapping):
        return [Problem("invalid_document", "A workflow document is a JSON object.")]
    problems: list[Problem] = []
    for key in obj:
        if key not in Workflow.__struct_fields__:
            problems.append(Problem("invalid_document", f"Unknown field `{key}`.", path=str(key)))
    if obj.get("schema") != SCHEMA_V1:
        problems.append(
            Problem(
                "invalid_document",
                f"`schema` must be {SCHEMA_V1!r}, got {obj.get('schema')!r}.",
                path="schema",
            )
        )
    inputs = obj.get("inputs", {})
    if isinstance(inputs, Mapping):
        for name, declaration in inputs.items():
            if not re.match(IDENTIFIER_PATTERN, str(name)):
                words = _PATTERN_WORDS[IDENTIFIER_PATTERN]
                problems.append(
                    Problem(
                        "invalid_document", f"Input name {name!r} must be {words}.", path=f"inputs.{name}"
                    )
                )
            try:
                msgspec.convert(declaration, InputSpec)
            except msgspec.ValidationError as exc:
                problems.append(_problem(exc, f"inputs.{name}"))
    else:
        problems.append(Problem("invalid_document", "`inputs` must be an object.", path="inputs"))
    for field, struct in (("nodes", Node), ("edges", Edge)):
        items = obj.get(field, [])
        if not isinstance(items, list):
            problems.append(Problem("invalid_document", f"`{field}` must be an array.", path=field))
            continue
        for index, item in enumerate(items):
            try:
                msgspec.convert(item, struct)
            except msgspec.ValidationError as exc:
                item_id = item.get("id") if isinstance(item, Mapping) else None
                if isinstance(item_id, str) and item_id:
                    key = "node_id" if struct is Node else "edge_id"
                    problems.append(_problem(exc, "", **{key: item_id}))
                else:
                    problems.append(_problem(exc, f"{field}[{index}]"))
    return problems
