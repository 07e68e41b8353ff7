"""One node's attempts within an execution, in its frame (the top level or an iteration of
a container's body): start (made durable first unless the node is pure and the run was not
taken over), execute under the node's timeout (a container runs its body instead:
`containers`), then record the result, retry with backoff, or fail the step (down its
`error` branch when it has one).

A step whose attempt was started `max_attempts` times by workers that never finished it
(they died or froze) fails as `worker_lost` instead of being started again.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from typing import TYPE_CHECKING, Any

import msgspec

from orrery.errors import LeaseLost, StepError
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.nodes import NodeResult
from orrery.runner import children, containers, failpoints, waits
from orrery.runner.context import StepContext
from orrery.runner.frames import Frame
from orrery.runner.plan import PlannedNode

if TYPE_CHECKING:
    from orrery.runner.execution import RunExecution

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 300.0
MAX_TRANSCRIPT_BYTES = 800_000
"""A transcript larger than this (compact JSON) is not kept: the table allows 1 MiB of its text form."""


async def run_node(ex: RunExecution, frame: Frame, node_id: str) -> None:
    """Every attempt the node gets, holding one of the run's and one of the worker's step slots
    (a container holds none: its body's steps hold theirs). A pure step's `step.queued` is
    submitted here, so that when it gets its slots at once, its queued, start and success go in
    one commit (and are folded into the success, `Change.foldable`)."""
    queued = frame.queued_change(node_id)
    if queued is not None:
        ex.committer.submit(queued)
    if ex.plan.nodes[node_id].container is not None:
        await _attempts(ex, frame, node_id)
    else:
        async with ex.slots, ex.deps.worker_slots.slot(ex.run_id, ex.owner_id):
            await _attempts(ex, frame, node_id)
    frame.wakeup.set()


async def _attempts(ex: RunExecution, frame: Frame, node_id: str) -> None:
    node = ex.plan.nodes[node_id]
    state = frame.state.nodes[node_id]
    attempt, executions = state.attempt, state.executions + 1
    while True:
        state.attempt, state.executions = attempt, executions
        # A container is executed again after waiting on its body; it cannot kill a worker itself.
        if executions > node.policy.max_attempts and executions > 1 and node.container is None:
            lost = f"the worker running this step stopped {executions - 1} time(s); giving up"
            frame.fail_step(node_id, attempt, ev.ErrorInfo(code="worker_lost", message=lost, node_id=node_id))
            return
        steps = frame.step_input(node_id, node.reads)
        context = StepContext(ex, frame, node_id, attempt, steps, frame.state.live_predecessors(node_id))
        change = t.step_started(
            ex.run_id,
            node_id,
            attempt,
            input=_recorded_input(ex, frame, steps),
            executions=executions,
            worker=ex.deps.worker_id,
            scope=frame.scope,
            idempotency_key=context.idempotency_key,
            foldable=_foldable(ex, node),
        )
        if not node.pure or ex.careful:
            await ex.committer.committed(change)
        else:
            ex.committer.submit(change)
        clock = time.monotonic()
        result, error = await _execute(ex, frame, node, node_id, context)
        await context.end_deltas()
        # Nothing of a secret's value leaves the attempt: not its output, transcript or error.
        result = context.redactor.result(result) if result is not None else None
        error = context.redactor.error(error) if error is not None else None
        duration_ms = int((time.monotonic() - clock) * 1000)
        if result is not None:
            failpoints.kill_at(ex.deps.settings, f"before_commit:{node_id}")
            _record(ex, frame, node_id, attempt, node, result, duration_ms)
            await children.after_record(ex, context, result)
            if f"after_commit:{node_id}" in ex.deps.settings.failpoints:
                await ex.committer.flush()
                failpoints.kill_at(ex.deps.settings, f"after_commit:{node_id}")
            return
        assert error is not None
        if not (error.retryable and attempt < node.policy.max_attempts):
            frame.fail_step(node_id, attempt, error, duration_ms)
            return
        delay = _backoff(node.policy.retry_initial_delay_s, attempt, error)
        ex.committer.submit(
            t.step_retrying(ex.run_id, node_id, attempt, error=error, delay_s=delay, scope=frame.scope)
        )
        await asyncio.sleep(delay)
        attempt, executions = attempt + 1, 1
        ex.spend.steps += 1


async def _execute(
    ex: RunExecution, frame: Frame, node: PlannedNode, node_id: str, context: StepContext
) -> tuple[NodeResult | None, ev.ErrorInfo | None]:
    limit = node.policy.timeout_s or ex.deps.settings.default_node_timeout_s
    try:
        await context.load_secrets(node.secrets)
        container = node.container
        if container is not None:  # its body's steps have their own limits; the run's bounds it
            return await containers.run_body(ex, frame, node_id, container, context), None
        async with asyncio.timeout(limit):
            return await node.execute(context), None
    except TimeoutError:
        message = f"the step did not finish within {limit:g} s"
        return None, ev.ErrorInfo(code="timeout", message=message, node_id=node_id, retryable=True)
    except StepError as exc:
        return None, t.error_info(exc, node_id)
    except LeaseLost:
        raise
    except Exception as exc:
        if context.secrets:  # its trace could hold a secret's value: the type alone
            log.error("run %s: node %s raised %s", ex.run_id, node_id, type(exc).__name__)
        else:
            log.exception("run %s: node %s raised", ex.run_id, node_id)
        return None, ev.ErrorInfo(
            code="internal_error", message=f"{type(exc).__name__}: {exc}", node_id=node_id
        )


def _record(
    ex: RunExecution,
    frame: Frame,
    node_id: str,
    attempt: int,
    node: PlannedNode,
    result: NodeResult,
    duration_ms: int,
) -> None:
    usage = _usage(result)
    ex.spend.add(usage)
    if result.waiting:
        waits.park_step(ex, frame, node_id, attempt, node, result.output, usage)
        return
    frame.state.set(node_id, "succeeded", output=result.output, handles=result.handles)
    change = t.step_succeeded(
        ex.run_id,
        node_id,
        attempt,
        output=result.output,
        handles=result.handles,
        usage=usage,
        transcript=_storable(result.transcript),
        duration_ms=duration_ms,
        scope=frame.scope,
    )
    ex.committer.submit(change)
    ex.fail_run_if(ex.spend.exceeded(starting=False))


def _foldable(ex: RunExecution, node: PlannedNode) -> bool:
    """A pure step's queued and start need not be stored if it succeeds in the same commit
    (`Change.foldable`); after a takeover every start is made durable first, so never then."""
    return node.pure and not ex.careful


def _recorded_input(ex: RunExecution, frame: Frame, steps: dict[str, Any]) -> dict[str, Any]:
    """What the step's row and `step.started` show it read: the run's inputs and the steps it
    reads; in a body, its containers' variables and the steps, not the run's inputs again (they
    are on the run, and a map over them would copy them into every item's steps)."""
    if frame.top:
        return {"inputs": ex.inputs, "steps": steps}
    return {**frame.variables, "steps": steps}


def _backoff(initial_s: float, attempt: int, error: ev.ErrorInfo) -> float:
    """Exponential with jitter; at least what the other side asked for (`retry_after_s`)."""
    delay: float = min(initial_s * 2 ** (attempt - 1), MAX_BACKOFF_S) * random.uniform(0.5, 1.5)  # noqa: S311
    retry_after = (error.details or {}).get("retry_after_s")
    if isinstance(retry_after, int | float):
        delay = max(delay, min(float(retry_after), MAX_BACKOFF_S))
    return delay


def _usage(result: NodeResult) -> ev.Usage | None:
    if result.usage is None:
        return None
    return ev.Usage(
        tokens_in=result.usage.tokens_in,
        tokens_out=result.usage.tokens_out,
        cost_usd=float(result.usage.cost_usd or 0.0),
        model=result.usage.model,
        cost_unknown=result.usage.cost_usd is None,
        cached=result.usage.cached,
    )


def _storable(transcript: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if not transcript:
        return None
    try:
        size = len(msgspec.json.encode(transcript))
    except (TypeError, ValueError):
        return None
    return transcript if size <= MAX_TRANSCRIPT_BYTES else None
