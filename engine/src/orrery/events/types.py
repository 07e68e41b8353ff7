"""Run events, declared once as a msgspec tagged union.

Everything else (the SSE stream, the JSON Schema in `contracts/`, the web's
TypeScript types) is generated from these. Durable events get a per-run `seq`
when they are committed to `run_events`; `step.delta` (streamed tokens) is live
only and never stored.
"""

from __future__ import annotations

import inspect
from datetime import datetime
from typing import Any, Literal

import msgspec

StepStatus = Literal["queued", "running", "waiting", "succeeded", "failed", "skipped", "cancelled"]
RunStatus = Literal["queued", "running", "waiting", "succeeded", "failed", "cancelled"]


class ErrorInfo(msgspec.Struct, kw_only=True, omit_defaults=True):
    """What went wrong, in words a user understands, with a stable code."""

    code: str
    message: str
    node_id: str | None = None
    retryable: bool = False
    details: dict[str, Any] | None = None


class Usage(msgspec.Struct, kw_only=True, omit_defaults=True):
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    model: str | None = None
    cost_unknown: bool = False
    """The model has no known price: `cost_usd` leaves it out (the step shows "unknown cost")."""
    cached: bool = False
    """The answer came from the agent's response cache (no provider call, no cost)."""


class Decision(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A reviewer's answer to an approval step: the audit the run page shows beside its result."""

    approved: bool
    comment: str | None = None
    decided_by: str | None = None
    """The reviewer's user id; None when the approval's timeout applied its default decision."""
    decided_at: datetime
    edited: bool = False
    """The reviewer replaced the value under review (`allow_edit`)."""
    by_timeout: bool = False


class _Event(msgspec.Struct, kw_only=True, tag_field="type"):
    run_id: str
    at: datetime


class _StepEvent(_Event, kw_only=True):
    node_id: str
    attempt: int = 1
    scope: str | None = None
    """The container iteration the step belongs to: None at the top level; `scenes[3]` for
    the body step of item 3 (0-based) of map `scenes` or iteration 3 of a loop; nested
    containers join with `/` (`scenes[3]/refine[0]`). A node's steps are keyed by
    (scope, node_id, attempt)."""


StepEvent = _StepEvent
"""The base of every `step.*` event (for code that builds any of them)."""


class RunQueued(_Event, tag="run.queued", kw_only=True):
    workflow_id: str
    version: int
    inputs: dict[str, Any] = {}


class RunStarted(_Event, tag="run.started", kw_only=True):
    pass


class RunWaiting(_Event, tag="run.waiting", kw_only=True):
    waiting_nodes: list[str] = []


class RunSucceeded(_Event, tag="run.succeeded", kw_only=True):
    outputs: dict[str, Any] = {}
    usage: Usage = msgspec.field(default_factory=Usage)
    duration_ms: int | None = None


class RunFailed(_Event, tag="run.failed", kw_only=True):
    error: ErrorInfo
    duration_ms: int | None = None


class RunCancelled(_Event, tag="run.cancelled", kw_only=True):
    reason: str | None = None


class StepQueued(_StepEvent, tag="step.queued", kw_only=True):
    """The node is ready and scheduled; it starts when the run and the worker have room."""


class StepStarted(_StepEvent, tag="step.started", kw_only=True):
    input: Any = None
    """What the step reads: `{"inputs": {...}, "steps": {node_id: output}}` with the outputs of
    the upstream steps it references (or, referencing none, its direct predecessors); in a
    container's body `{"map" | "loop": {...}, "steps": {...}}` (its containers' variables, the
    run's inputs being on the run). When its
    JSON is over `MAX_EVENT_INPUT_BYTES` it is `{"truncated": true, "bytes": N}` here and whole
    in the run's snapshot (`GET /runs/{id}`)."""


class StepLog(_StepEvent, tag="step.log", kw_only=True):
    level: Literal["debug", "info", "warning", "error"] = "info"
    message: str
    data: dict[str, Any] | None = None


class StepRetrying(_StepEvent, tag="step.retrying", kw_only=True):
    error: ErrorInfo
    delay_s: float


class StepWaiting(_StepEvent, tag="step.waiting", kw_only=True):
    output: Any = None


HoldReason = Literal["rate_limit"]
HeldLimit = Literal["requests", "tokens", "concurrency"]


class StepHeld(_StepEvent, tag="step.held", kw_only=True):
    """A running attempt waits for a limit it shares with every worker: a provider key's
    requests or tokens per minute, or the provider's calls in flight. Not a status change (the
    step is still running, its row says so); it goes ahead by itself (`step.resumed`), or
    ends (any later event of the attempt ends the wait)."""

    reason: HoldReason = "rate_limit"
    limit: HeldLimit
    provider: str
    allowance: str
    """The limit in words: "60 requests per 60 s", "2 call(s) in flight at once"."""
    retry_after_s: float
    """The expected wait, from the limit's own clock."""
    until: datetime
    """When it expects to go ahead (`at` + `retry_after_s`)."""


class StepResumed(_StepEvent, tag="step.resumed", kw_only=True):
    """The held attempt goes ahead: the limit admitted its request."""

    reason: HoldReason = "rate_limit"


class StepSucceeded(_StepEvent, tag="step.succeeded", kw_only=True):
    output: Any = None
    handles: list[str] | None = None
    usage: Usage | None = None
    duration_ms: int | None = None
    decision: Decision | None = None
    """For an approval step: who approved it, when, with what comment."""
    seeded_from: str | None = None
    """Not executed in this run (a test run or a fork): its output is a pin (`"pin"`) or was
    reused from the run with this id."""
    started_at: datetime | None = None
    """Set when this attempt's `step.started` was not stored: a pure step (transform, router,
    ...) that started and succeeded in one commit. When it started; its `step.started` went
    to live watchers only (no `id`)."""
    input: Any = None
    """With `started_at`: what the step read, as `step.started` carries it."""


class StepFailed(_StepEvent, tag="step.failed", kw_only=True):
    error: ErrorInfo
    duration_ms: int | None = None
    handled: bool = False
    """The node's `error` handle took the failure: the run follows it (the step's output is
    `{"error": {...}}`) and does not fail."""
    decision: Decision | None = None
    """For an approval step rejected without a `rejected` handle: the reviewer's decision."""


class StepSkipped(_StepEvent, tag="step.skipped", kw_only=True):
    pass


class StepCancelled(_StepEvent, tag="step.cancelled", kw_only=True):
    pass


class StepDelta(_StepEvent, tag="step.delta", kw_only=True):
    """Streamed tokens: live only, never stored; the final output arrives in step.succeeded."""

    text: str


RunEvent = (
    RunQueued
    | RunStarted
    | RunWaiting
    | RunSucceeded
    | RunFailed
    | RunCancelled
    | StepQueued
    | StepStarted
    | StepLog
    | StepRetrying
    | StepWaiting
    | StepHeld
    | StepResumed
    | StepSucceeded
    | StepFailed
    | StepSkipped
    | StepCancelled
    | StepDelta
)

MAX_EVENT_INPUT_BYTES = 64 * 1024
"""A `step.started` input larger than this (compact JSON) travels as a size marker."""

TERMINAL_RUN_EVENTS = frozenset({"run.succeeded", "run.failed", "run.cancelled"})


def event_type(event: RunEvent) -> str:
    return str(type(event).__struct_config__.tag)


def is_durable(event: RunEvent) -> bool:
    return not isinstance(event, StepDelta)


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(RunEvent)


def encode(event: RunEvent) -> bytes:
    return _encoder.encode(event)


def decode(data: bytes | str) -> RunEvent:
    event: RunEvent = _decoder.decode(data)
    return event


def json_schema() -> dict[str, Any]:
    """The run events' JSON Schema, committed in contracts/ and turned into TypeScript.

    Descriptions are the classes' docstrings, cleaned (`inspect.cleandoc`): Python 3.13 strips
    a docstring's indentation when it compiles it and 3.11 does not, so the raw text made the
    committed schema depend on the Python version that generated it."""
    schema = msgspec.json.schema(RunEvent)
    for definition in schema.get("$defs", {}).values():
        if isinstance(definition.get("description"), str):
            definition["description"] = inspect.cleandoc(definition["description"])
    return schema
