"""Every state change of a run and its steps, built in one place: pure functions that give
the row fields a change writes AND the event that tells it, from the same facts.

The runner (through its committer, in batches fenced by the lease) and the runs service
(cancel, decide, start, retry: `apply`, in the user's transaction) write only what these
build, so a step's row and its events cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, cast

import msgspec

from orrery.errors import StepError
from orrery.events import durable
from orrery.events import types as ev
from orrery.spec import ERROR_HANDLE
from orrery.store import runs
from orrery.store.database import Connection

StepFields = tuple[str, str, int, dict[str, Any]]
"""(scope, node id, attempt, columns to write) of one step attempt's row; scope '' at the top
level, `scenes[3]` in item 3 of the container `scenes` (nested: `scenes[3]/refine[0]`)."""


@dataclass(frozen=True, slots=True)
class Change:
    """What one state change writes: step rows, the run row, events, usage to add."""

    steps: tuple[StepFields, ...] = ()
    run: dict[str, Any] | None = None
    events: tuple[ev.RunEvent, ...] = ()
    usage: tuple[int, int, float] | None = None
    """(tokens in, tokens out, cost) added to the run's totals."""
    unless_cancelled: bool = False
    """Made only if no cancel of the run was requested (a run's ending or parking)."""
    fence_out: bool = False
    """Whoever held the run's lease may no longer commit (the API ended the run itself)."""
    while_waiting: tuple[tuple[str, str], ...] = ()
    """(scope, node id) of steps that must all still wait for this change to be made (a run
    parks only while what it waits for is undecided: a verdict or a child run's ending that
    landed meanwhile is picked up instead of being slept through)."""
    foldable: bool = False
    """A pure step's `step.queued` / `step.started`: not stored when the step's `step.succeeded`
    commits in the same transaction (it carries their facts instead, `fold_start`); the start is
    then published live only. The row fields are written either way."""

    def __add__(self, other: Change) -> Change:
        return combine([self, other])


def combine(changes: Sequence[Change]) -> Change:
    """Several changes made together (in one transaction, in this order)."""
    if len(changes) == 1:
        return changes[0]
    run: dict[str, Any] = {}
    usage: tuple[int, int, float] | None = None
    for change in changes:
        run |= change.run or {}
        usage = _add_usage(usage, change.usage)
    return Change(
        steps=tuple(step for change in changes for step in change.steps),
        run=run or None,
        events=tuple(event for change in changes for event in change.events),
        usage=usage,
        unless_cancelled=any(change.unless_cancelled for change in changes),
        fence_out=any(change.fence_out for change in changes),
        while_waiting=tuple(key for change in changes for key in change.while_waiting),
        foldable=bool(changes) and all(change.foldable for change in changes),
    )


async def apply(conn: Connection, run_id: str, change: Change) -> list[durable.StoredEvent]:
    """Write a change in the caller's transaction; returns its events as stored (with seqs)."""
    for scope, node_id, attempt, fields in change.steps:
        await runs.upsert_step(conn, run_id, scope, node_id, attempt, fields)
    if change.run or change.usage or change.fence_out:
        await runs.update_run(
            conn, run_id, change.run or {}, add_usage=change.usage, fence_out=change.fence_out
        )
    return await durable.append(conn, run_id, change.events)


def now() -> datetime:
    return datetime.now(UTC)


# -- steps -----------------------------------------------------------------------------


def step_queued(
    run_id: str, node_id: str, attempt: int, *, scope: str = "", foldable: bool = False
) -> Change:
    """The node is ready and has its attempt number; it starts when the run has room.
    `foldable`: a pure step's (see `Change.foldable`)."""
    fields = {"status": "queued"}
    return _step(ev.StepQueued, run_id, node_id, attempt, now(), fields, scope=scope, foldable=foldable)


def step_started(
    run_id: str,
    node_id: str,
    attempt: int,
    *,
    input: dict[str, Any],
    executions: int,
    worker: str,
    scope: str = "",
    idempotency_key: str | None = None,
    foldable: bool = False,
) -> Change:
    """An execution of the attempt begins, reading `input` (`{"inputs", "steps"}`): whole on
    the row, a size marker in the event over `MAX_EVENT_INPUT_BYTES`. `foldable`: a pure
    step's start, executed before it is durable (see `Change.foldable`)."""
    at = now()
    fields = {
        "status": "running",
        "started_at": at,
        "executions": executions,
        "idempotency_key": idempotency_key or f"{run_id}:{node_id}:{attempt}",
        "input": input,
        "worker": worker,
    }
    facts = {"input": event_input(input)}
    return _step(
        ev.StepStarted, run_id, node_id, attempt, at, fields, scope=scope, foldable=foldable, **facts
    )


def fold_start(succeeded: ev.StepSucceeded, started: ev.StepStarted) -> ev.StepSucceeded:
    """A pure step's `step.succeeded` carrying what its `step.started`, committed in the same
    transaction and so not stored, told: when it started and what it read."""
    return msgspec.structs.replace(succeeded, started_at=started.at, input=started.input)


def step_succeeded(
    run_id: str,
    node_id: str,
    attempt: int,
    *,
    output: Any,
    handles: list[str] | None = None,
    usage: ev.Usage | None = None,
    transcript: list[dict[str, Any]] | None = None,
    duration_ms: int | None = None,
    decision: ev.Decision | None = None,
    scope: str = "",
) -> Change:
    """The step's result. `decision`: a waiting step's verdict made it (see `step_decided`)."""
    at = decision.decided_at if decision is not None else now()
    fields: dict[str, Any] = {"status": "succeeded", "output": output, "handles": handles, "finished_at": at}
    fields |= _usage_fields(usage) | _audit(decision)
    if transcript:
        fields["transcript"] = transcript
    facts = {
        "output": output,
        "handles": handles,
        "usage": usage,
        "duration_ms": duration_ms,
        "decision": decision,
    }
    return _step(ev.StepSucceeded, run_id, node_id, attempt, at, fields, usage, scope=scope, **facts)


def step_seeded(
    run_id: str, node_id: str, *, output: Any, handles: list[str] | None, seeded_from: str
) -> Change:
    """A top-level step given its output when its run is created, never executed in that run (a
    test run's or a fork's upstream): a pin (`seeded_from="pin"`) or another run's output (its id).
    It spent nothing in this run; the runner finds it finished, as it finds a retry's upstream."""
    at = now()
    fields = {"status": "succeeded", "output": output, "handles": handles, "finished_at": at}
    fields["seeded_from"] = seeded_from
    facts = {"output": output, "handles": handles, "seeded_from": seeded_from}
    return _step(ev.StepSucceeded, run_id, node_id, 1, at, fields, **facts)


def step_waiting(
    run_id: str,
    node_id: str,
    attempt: int,
    *,
    pending: Any,
    waiting_until: datetime | None,
    usage: ev.Usage | None = None,
    scope: str = "",
) -> Change:
    """The step waits for a verdict, showing `pending`, until `waiting_until` (None: no limit)."""
    fields = {"status": "waiting", "output": pending, "waiting_until": waiting_until, **_usage_fields(usage)}
    return _step(ev.StepWaiting, run_id, node_id, attempt, now(), fields, usage, scope=scope, output=pending)


def step_failed(
    run_id: str,
    node_id: str,
    attempt: int,
    *,
    error: ev.ErrorInfo,
    duration_ms: int | None = None,
    decision: ev.Decision | None = None,
    handled: bool = False,
    scope: str = "",
) -> Change:
    """The step failed for good. `decision`: a waiting step's verdict failed it (a rejection).
    `handled`: the node's `error` branch takes the failure; its only live handle is `error`, its
    output `{"error": {code, message, attempt}}` (what the branch reads), and the run goes on."""
    at = decision.decided_at if decision is not None else now()
    fields: dict[str, Any] = {
        "status": "failed",
        "error": _json(error),
        "finished_at": at,
        **_audit(decision),
    }
    if handled:
        fields |= {"handled": True, "handles": [ERROR_HANDLE], "output": handled_output(error, attempt)}
    facts: dict[str, Any] = {
        "error": error,
        "duration_ms": duration_ms,
        "decision": decision,
        "handled": handled,
    }
    return _step(ev.StepFailed, run_id, node_id, attempt, at, fields, scope=scope, **facts)


def handled_output(error: ev.ErrorInfo, attempt: int) -> dict[str, Any]:
    """What a handled failure gives its `error` branch: `{"error": {code, message, attempt}}`."""
    return {"error": {"code": error.code, "message": error.message, "attempt": attempt}}


def step_retrying(
    run_id: str, node_id: str, attempt: int, *, error: ev.ErrorInfo, delay_s: float, scope: str = ""
) -> Change:
    """The attempt failed and another follows after `delay_s` (the attempt's row ends failed)."""
    at = now()
    fields = {"status": "failed", "error": _json(error), "finished_at": at}
    return _step(
        ev.StepRetrying,
        run_id,
        node_id,
        attempt,
        at,
        fields,
        scope=scope,
        error=error,
        delay_s=round(delay_s, 3),
    )


def step_skipped(run_id: str, node_id: str, attempt: int, *, scope: str = "") -> Change:
    at = now()
    fields = {"status": "skipped", "finished_at": at}
    return _step(ev.StepSkipped, run_id, node_id, attempt, at, fields, scope=scope)


def step_cancelled(run_id: str, node_id: str, attempt: int, *, scope: str = "") -> Change:
    at = now()
    fields = {"status": "cancelled", "finished_at": at}
    return _step(ev.StepCancelled, run_id, node_id, attempt, at, fields, scope=scope)


def step_decided(
    run_id: str,
    node_id: str,
    attempt: int,
    *,
    decision: ev.Decision,
    output: Any = None,
    handles: list[str] | None = None,
    error: ev.ErrorInfo | None = None,
    handled: bool = False,
    scope: str = "",
) -> Change:
    """A waiting step decided (by a reviewer, or by its timeout's default): it succeeds with
    the verdict's result, or fails with `error` (`handled` by its error branch, if it has one);
    the row and the event carry the decision."""
    if error is not None:
        return step_failed(
            run_id, node_id, attempt, error=error, decision=decision, handled=handled, scope=scope
        )
    return step_succeeded(
        run_id, node_id, attempt, output=output, handles=handles, decision=decision, scope=scope
    )


@dataclass(frozen=True, slots=True)
class Decided:
    """A waiting step's verdict applied: the change, and the step's new state."""

    change: Change
    status: str
    output: Any = None
    handles: list[str] | None = None
    error: ev.ErrorInfo | None = None
    """The failure (None when it succeeded)."""
    handled: bool = False
    """The failure went down the node's `error` branch: the run goes on."""


class _Resumed(Protocol):
    output: Any
    handles: list[str] | None


def step_verdict(
    run_id: str,
    node_id: str,
    attempt: int,
    *,
    decision: ev.Decision,
    resume: Callable[[], _Resumed],
    error_branch: bool = False,
    scope: str = "",
) -> Decided:
    """Apply a verdict to a waiting step: `resume()` is its node's final result, or raises the
    `StepError` the step fails with (a rejection with nowhere to go; with an `error_branch`, the
    failure takes it). Used for a reviewer's decision (the runs service) and a timeout's default
    (the runner) alike."""
    try:
        result = resume()
    except StepError as exc:
        error = error_info(exc, node_id)
        change = step_decided(
            run_id, node_id, attempt, decision=decision, error=error, handled=error_branch, scope=scope
        )
        if error_branch:
            output = handled_output(error, attempt)
            return Decided(change, "failed", output=output, handles=[ERROR_HANDLE], error=error, handled=True)
        return Decided(change, "failed", error=error)
    change = step_decided(
        run_id, node_id, attempt, decision=decision, output=result.output, handles=result.handles, scope=scope
    )
    return Decided(change, "succeeded", output=result.output, handles=result.handles)


# -- runs ------------------------------------------------------------------------------


def run_queued(run_id: str, *, workflow_id: str, version: int, inputs: dict[str, Any]) -> Change:
    """Queued for a worker: a new run, or one retried (its ending is cleared)."""
    fields = {
        "status": "queued",
        "error": None,
        "outputs": None,
        "finished_at": None,
        "cancel_requested_at": None,
    }
    event = ev.RunQueued(run_id=run_id, at=now(), workflow_id=workflow_id, version=version, inputs=inputs)
    return Change(run=fields, events=(event,))


def run_started(run_id: str, *, started_at: datetime, first: bool) -> Change:
    """A worker executes the run (`run.started` the first time only)."""
    events: tuple[ev.RunEvent, ...] = (ev.RunStarted(run_id=run_id, at=now()),) if first else ()
    return Change(run={"status": "running", "started_at": started_at}, events=events)


def run_resumed() -> Change:
    """A decision lets a waiting run go on (a worker picks it up)."""
    return Change(run={"status": "running"})


def run_waiting(
    run_id: str, *, waiting_nodes: list[str], waiting_on: tuple[tuple[str, str], ...] = ()
) -> Change:
    """The run parks, if no cancel was requested and the steps it waits on (`waiting_on`:
    (scope, node id)) all still wait."""
    event = ev.RunWaiting(run_id=run_id, at=now(), waiting_nodes=waiting_nodes)
    return Change(run={"status": "waiting"}, events=(event,), unless_cancelled=True, while_waiting=waiting_on)


def run_succeeded(run_id: str, *, outputs: dict[str, Any], usage: ev.Usage, duration_ms: int) -> Change:
    at = now()
    event = ev.RunSucceeded(run_id=run_id, at=at, outputs=outputs, usage=usage, duration_ms=duration_ms)
    return Change(
        run={"status": "succeeded", "outputs": outputs, "finished_at": at},
        events=(event,),
        unless_cancelled=True,
    )


def run_failed(run_id: str, *, error: ev.ErrorInfo, duration_ms: int | None) -> Change:
    at = now()
    event = ev.RunFailed(run_id=run_id, at=at, error=error, duration_ms=duration_ms)
    return Change(
        run={"status": "failed", "error": _json(error), "finished_at": at},
        events=(event,),
        unless_cancelled=True,
    )


def run_cancelled(run_id: str, *, by_request: bool = False) -> Change:
    """Ended cancelled. `by_request`: ended by the API itself (nobody held it), which also
    records the request and fences out any worker that still thinks it holds the run."""
    at = now()
    fields: dict[str, Any] = {"status": "cancelled", "finished_at": at}
    if by_request:
        fields["cancel_requested_at"] = at
    event = ev.RunCancelled(run_id=run_id, at=at, reason="cancelled by the user")
    return Change(run=fields, events=(event,), fence_out=by_request)


def cancel_requested() -> Change:
    """The API asks the worker that holds the run to end it cancelled."""
    return Change(run={"cancel_requested_at": now()})


# -- facts -----------------------------------------------------------------------------


def error_info(error: StepError, node_id: str | None = None) -> ev.ErrorInfo:
    """A step error as steps and events carry it: its class's code, its message, whether a
    retry may help, and its details (with the wait the other side asked for)."""
    details = dict(error.details)
    if error.retry_after_s is not None:
        details["retry_after_s"] = error.retry_after_s
    return ev.ErrorInfo(
        code=error.code,
        message=error.message,
        node_id=node_id,
        retryable=error.retryable,
        details=details or None,
    )


def event_input(step_input: dict[str, Any]) -> Any:
    """A step's input as `step.started` carries it: whole, or a size marker over the cap."""
    size = len(msgspec.json.encode(step_input))
    if size > ev.MAX_EVENT_INPUT_BYTES:
        return {"truncated": True, "bytes": size}
    return step_input


def decision_record(decision: ev.Decision) -> dict[str, Any]:
    """A decision as the step row's `decision` column keeps it (every field, defaults too)."""
    record: dict[str, Any] = msgspec.to_builtins(decision)
    return {"comment": None, "decided_by": None, "edited": False, "by_timeout": False, **record}


def _step(
    kind: type[ev.StepEvent],
    run_id: str,
    node_id: str,
    attempt: int,
    at: datetime,
    fields: dict[str, Any],
    spent: ev.Usage | None = None,
    *,
    scope: str = "",
    foldable: bool = False,
    **facts: Any,
) -> Change:
    """A step attempt's row fields with the event of `kind` that tells them (and what the
    attempt `spent`, added to the run's totals)."""
    event = cast(
        ev.RunEvent,
        kind(run_id=run_id, at=at, node_id=node_id, attempt=attempt, scope=scope or None, **facts),
    )
    totals = (spent.tokens_in, spent.tokens_out, spent.cost_usd) if spent is not None else None
    return Change(
        steps=((scope, node_id, attempt, fields),), events=(event,), usage=totals, foldable=foldable
    )


def _audit(decision: ev.Decision | None) -> dict[str, Any]:
    """Who decided a waiting step, when, and what (the row's audit columns)."""
    if decision is None:
        return {}
    return {
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at,
        "decision": decision_record(decision),
    }


def _usage_fields(usage: ev.Usage | None) -> dict[str, Any]:
    if usage is None:
        return {}
    return {
        "tokens_in": usage.tokens_in,
        "tokens_out": usage.tokens_out,
        "cost_usd": usage.cost_usd,
        "model": usage.model,
        "cost_unknown": usage.cost_unknown,
        "cached": usage.cached,
    }


def _add_usage(
    a: tuple[int, int, float] | None, b: tuple[int, int, float] | None
) -> tuple[int, int, float] | None:
    if a is None or b is None:
        return a or b
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _json(error: ev.ErrorInfo) -> dict[str, Any]:
    found: dict[str, Any] = msgspec.to_builtins(error)
    return found
