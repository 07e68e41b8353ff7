"""What the API takes and returns about runs and their steps (msgspec: the OpenAPI schema comes
from these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from orrery.events.types import HeldLimit, HoldReason

TriggerKind = Literal["manual", "api", "webhook", "schedule"]
"""What started a run: a person in the app, a script with an API key, a webhook, a schedule."""
RunStatus = Literal["queued", "running", "waiting", "succeeded", "failed", "cancelled"]
RunKind = Literal["run", "test", "fork"]
"""A normal run; a test of one node from the editor; a run forked from a step of another run."""
StepStatus = Literal["queued", "running", "waiting", "succeeded", "failed", "skipped", "cancelled"]


@dataclass(frozen=True, slots=True)
class Trigger:
    """What starts a run (`RunService.start`): its kind, and for a webhook or schedule its id
    (and a schedule's fire time, one run per fire)."""

    kind: TriggerKind = "manual"
    id: str | None = None
    fire_at: datetime | None = None


MANUAL = Trigger()


class StepRead(msgspec.Struct, kw_only=True):
    """One attempt of one node."""

    id: UUID
    node_id: str
    scope: str | None = None
    """The container iteration (`scenes[3]`, nested `a[0]/b[2]`); None at the top level."""
    attempt: int
    status: StepStatus
    handled: bool = False
    """A failure the node's `error` handle took (the run went on)."""
    child_run_id: UUID | None = None
    """A sub-workflow step's child run."""
    input: Any = None
    output: Any = None
    error: dict[str, Any] | None = None
    model: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    cost_unknown: bool = False
    """The model has no known price: `cost_usd` leaves it out ("unknown cost")."""
    cached: bool = False
    """The agent's answer came from its response cache (no provider call)."""
    idempotency_key: str | None = None
    handles: list[str] | None = None
    executions: int = 0
    worker: str | None = None
    decided_by: UUID | None = None
    decided_at: datetime | None = None
    decision: dict[str, Any] | None = None
    waiting_until: datetime | None = None
    superseded_at: datetime | None = None
    seeded_from: str | None = None
    """Not executed in this run (a test run's or a fork's upstream): its output is a pin (`"pin"`)
    or was reused from the run with this id."""
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


class LogRead(msgspec.Struct, kw_only=True):
    """One `step.log` event of the run, as the snapshot carries it (the inspector's log list)."""

    seq: int
    node_id: str
    scope: str | None = None
    attempt: int = 1
    at: datetime
    level: Literal["debug", "info", "warning", "error"] = "info"
    message: str
    data: dict[str, Any] | None = None


class HoldRead(msgspec.Struct, kw_only=True):
    """A `step.held` or `step.resumed` event of the run, as the snapshot carries it: the page
    applies them as it applies the live ones, so a step held by a provider limit still says
    "waiting for rate limit" after a reload."""

    seq: int
    type: Literal["step.held", "step.resumed"]
    node_id: str
    scope: str | None = None
    attempt: int = 1
    at: datetime
    reason: HoldReason = "rate_limit"
    limit: HeldLimit | None = None
    provider: str | None = None
    allowance: str | None = None
    retry_after_s: float | None = None
    until: datetime | None = None


class RunRead(msgspec.Struct, kw_only=True):
    id: UUID
    workflow_id: UUID
    workflow_version: int
    workflow_name: str | None = None
    status: RunStatus
    inputs: dict[str, Any]
    outputs: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    budgets: dict[str, Any] = {}
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    cancel_requested_at: datetime | None = None
    last_event_seq: int = 0
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    failed_node_id: str | None = None
    parent_run_id: UUID | None = None
    """For a sub-workflow's child run: the run whose step started it."""
    parent_node_id: str | None = None
    parent_scope: str | None = None
    depth: int = 0
    """0 for a run started by a person or a trigger; a child run is its parent's depth + 1."""
    trigger_kind: TriggerKind = "manual"
    """What started the run (a child run: its parent's trigger is on the parent)."""
    trigger_id: UUID | None = None
    """The webhook or schedule that started it."""
    trigger_name: str | None = None
    """That webhook's or schedule's name, while it exists."""
    trigger_fire_at: datetime | None = None
    """A scheduled run: the fire time it is for."""
    kind: RunKind = "run"
    """`test`: one node tested from the editor; `fork`: re-run from a step of another run."""
    forked_from_run_id: UUID | None = None
    """A fork: the run it re-ran from (None once that run is gone)."""
    forked_from_step: str | None = None
    """A fork: the node of the origin it re-ran from (it and everything downstream executed)."""
    steps: list[StepRead] | None = None
    logs: list[LogRead] | None = None
    holds: list[HoldRead] | None = None
    """Every `step.held` / `step.resumed` event up to `last_event_seq` (with `steps`)."""
    """Every `step.log` event up to `last_event_seq` (with `steps`, in `GET /runs/{id}`): the
    snapshot is read in one repeatable-read transaction, so steps, logs and `last_event_seq`
    agree, and the page applies only events after `last_event_seq` on top of it."""


class RunStarted(RunRead, kw_only=True):
    """`POST /workflows/{id}/runs`: the run, and where to follow it."""

    events_url: str
    """Its events (SSE, `GET /api/v1/runs/{id}/events`), to follow a run that has not ended."""


class RunPage(msgspec.Struct, kw_only=True):
    items: list[RunRead]
    next_cursor: str | None = None


class RunCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    inputs: dict[str, Any] = {}
    version: int | None = msgspec.field(default=None)
    """Pin a version; the workflow's current version when omitted."""


class Decision(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A reviewer's decision on a waiting approval step."""

    approved: bool
    comment: str | None = None
    output: Any = msgspec.UNSET
    """An edited output to continue with (approved only, when the node allows edits)."""


class RetryRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    from_node: str | None = None
    """Re-run this node and everything downstream; the failed node when omitted."""
    items: list[Annotated[int, msgspec.Meta(ge=0)]] | Literal["failed"] | None = None
    """With a `map` (or `loop`) node as `from_node`: re-run only these items (0-based), or
    `"failed"`: every item that failed; the items that succeeded keep their results."""


class NodeTestRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """`POST /workflows/{id}/test-runs`: run one node of the workflow, nothing else."""

    node_id: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    """The node to execute (a top-level node)."""
    inputs: dict[str, Any] | None = None
    """The run's inputs; those of the workflow's latest run when omitted."""
    outputs: dict[str, Any] = {}
    """Upstream node id -> the output to use for it (edited JSON), over its pin and its last output."""
    version: int | None = None
    """The version to test; the workflow's current version (the saved draft) when omitted."""


class ForkRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """`POST /runs/{id}/fork`: re-run `from_node` and everything downstream as a new run that
    reuses the origin's other outputs."""

    from_node: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    inputs: dict[str, Any] | None = None
    """The run's inputs; the origin's when omitted."""
    outputs: dict[str, Any] = {}
    """Upstream node id -> an edited output to use instead of the origin's (what `from_node` reads)."""
    version: int | None = None
    """Fork onto another version of the workflow (a config edited in the editor); the origin's when
    omitted. Its nodes upstream of `from_node` must be the origin's."""


class PinRead(msgspec.Struct, kw_only=True):
    """An output pinned on a node of the workflow's draft: test runs use it instead of executing
    that node; normal runs never do."""

    node_id: str
    output: Any = None
    updated_at: datetime


class PinWrite(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    output: Any = None


_RUN_FIELDS = frozenset(RunRead.__struct_fields__) - {"steps", "logs", "holds", "cost_usd", "failed_node_id"}


def run_from_row(row: dict[str, Any]) -> RunRead:
    """A run as lists show it (no steps, no logs), from its row (and `workflow_name`)."""
    data = {k: v for k, v in row.items() if k in _RUN_FIELDS}
    data["cost_usd"] = float(row.get("cost_usd") or 0)
    error = row.get("error") or {}
    data["failed_node_id"] = error.get("node_id") if row.get("status") == "failed" else None
    return msgspec.convert(data, RunRead, strict=False)


def started(run: RunRead) -> RunStarted:
    """The run as `POST /workflows/{id}/runs` answers it."""
    fields = {name: getattr(run, name) for name in RunRead.__struct_fields__}
    return RunStarted(**fields, events_url=f"/api/v1/runs/{run.id}/events")


def snapshot_from_row(row: dict[str, Any]) -> RunRead:
    """`GET /runs/{id}`: the run with its steps and logs, from `store.runs.fetch_snapshot`."""
    run = run_from_row(row)
    run.steps = _with_child_runs(_decode_steps(row["steps_json"]), _decode_children(row["children_json"]))
    run.logs = _decode_logs(row["logs_json"])
    run.holds = _decode_holds(row["holds_json"])
    return run


class _ChildLink(msgspec.Struct):
    """A child run and the step attempt that started it (`children_json`)."""

    id: UUID
    node_id: str
    scope: str | None
    attempt: int


def _with_child_runs(steps: list[StepRead], children: list[_ChildLink]) -> list[StepRead]:
    """Each sub-workflow step attempt with the child run it started (`child_run_id`)."""
    if children:
        started = {(c.node_id, c.scope or None, c.attempt): c.id for c in children}
        for step in steps:
            step.child_run_id = started.get((step.node_id, step.scope or None, step.attempt))
    return steps


_decode_steps = msgspec.json.Decoder(list[StepRead]).decode
_decode_logs = msgspec.json.Decoder(list[LogRead]).decode
_decode_holds = msgspec.json.Decoder(list[HoldRead]).decode
_decode_children = msgspec.json.Decoder(list[_ChildLink]).decode
