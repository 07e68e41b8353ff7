"""Steps that wait for a verdict (approvals), as the runner sees them: parked with what
is pending and until when, picked up when the API records a decision, decided by their
node's default (`on_timeout`) when their time runs out. The node says how; the runner
never names a node type.

A container whose body can only wait waits too, listing the steps it waits on; once one
of them is decided it is executed again (it restores its iterations from their rows).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from orrery.errors import DependencyUnavailable, StepError
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.runner import children
from orrery.runner.frames import Frame, failure_of
from orrery.runner.plan import PlannedNode
from orrery.store import notifications, runs

if TYPE_CHECKING:
    from orrery.runner.execution import RunExecution

log = logging.getLogger(__name__)

WAKE_MARGIN_MS = 200


def park_step(
    ex: RunExecution,
    frame: Frame,
    node_id: str,
    attempt: int,
    node: PlannedNode,
    pending: Any,
    usage: ev.Usage | None,
) -> None:
    """The step waits, showing `pending`; with a limit, a message wakes the run when it passes."""
    frame.state.set(node_id, "waiting")
    frame.state.nodes[node_id].output = pending
    limit = node.wait_limit_s()
    until = t.now() + timedelta(seconds=limit) if limit else None
    committed = ex.committer.committed(
        t.step_waiting(
            ex.run_id, node_id, attempt, pending=pending, waiting_until=until, usage=usage, scope=frame.scope
        )
    )
    if node.container is None:  # a person is asked (a container only waits on its body's steps)
        ex.background(asyncio.ensure_future(_notify(ex, committed, node_id, frame.scope, attempt)))
    if limit:
        delay_ms = int(limit * 1000) + WAKE_MARGIN_MS
        ex.background(
            asyncio.ensure_future(ex.deps.dispatcher.execute(ex.run_id, ex.owner_id, delay_ms=delay_ms))
        )


async def _notify(
    ex: RunExecution, committed: asyncio.Future[None], node_id: str, scope: str, attempt: int
) -> None:
    """Once the step's parking is committed, its owner's inbox says a decision is awaited (once
    per step attempt, however often this runs: a unique index)."""
    try:
        await committed
    except Exception:  # not committed (lease lost, cancelled): whoever parks it again notifies
        return
    spec = next((n for n in ex.plan.doc.nodes if n.id == node_id), None)
    label = (spec.label if spec is not None else None) or node_id
    where = f" ({scope})" if scope else ""
    try:
        async with ex.deps.db.as_user(ex.claims) as conn:
            await notifications.insert(
                conn,
                owner_id=ex.owner_id,
                kind="approval_waiting",
                title=f"Approval waiting: {label}{where}",
                run_id=ex.run_id,
                node_id=node_id,
                scope=scope,
                attempt=attempt,
            )
    except DependencyUnavailable:
        log.warning("run %s: the approval notice for %s could not be recorded", ex.run_id, node_id)


async def reload(ex: RunExecution) -> bool:
    """Pick up decisions the API recorded on steps this execution saw waiting (a container's
    body's too); True if any."""
    ex.signals.reload = False
    top = ex.top
    waiting = top.state.with_status("waiting")
    if not waiting:
        return False
    # What this execution submitted is committed first: a body step it parked a moment ago
    # must read as waiting, not as the `running` row it was before (which would reopen its
    # container as if decided, and count an execution of the step each time).
    await ex.committer.flush()
    async with ex.deps.db.as_user(ex.claims) as conn:
        rows = await runs.current_steps(conn, ex.run_id)
    ex.remember(rows)
    by_key = {(row["scope"], row["node_id"]): row for row in rows}
    changed = False
    for node_id in waiting:
        state = top.state.nodes[node_id]
        if ex.plan.nodes[node_id].container is not None:
            if _decided(state.output, by_key):
                top.state.reopen(node_id)
                top.interrupted.add(node_id)
                changed = True
            continue
        row = by_key.get((top.scope, node_id))
        if row is None or row["status"] == "waiting":
            continue
        changed = True
        handled = bool(row["handled"])
        top.state.set(node_id, row["status"], output=row["output"], handles=row["handles"], handled=handled)
        children.spent_outside(ex, row)
        if row["status"] == "failed" and not handled:
            ex.fail_run_if(failure_of(row))
    return changed


def _decided(pending: Any, rows: dict[tuple[str, str], dict[str, Any]]) -> bool:
    """Whether a step a waiting container listed (`{"waiting": [{scope, node_id}]}`) is no
    longer waiting."""
    listed = pending.get("waiting", []) if isinstance(pending, dict) else []
    for entry in listed:
        row = rows.get((str(entry.get("scope", "")), str(entry.get("node_id", ""))))
        if row is None or row["status"] != "waiting":
            return True
    return not listed


async def decide_expired(ex: RunExecution) -> None:
    """A top-level waiting step whose time ran out gets its node's default verdict, or fails."""
    if not ex.top.state.with_status("waiting"):
        return
    async with ex.deps.db.as_user(ex.claims) as conn:
        rows = [row for row in await runs.current_steps(conn, ex.run_id) if row["scope"] == ex.top.scope]
    _decide_expired(ex.top, rows)


async def decide_expired_in(frame: Frame) -> None:
    """The same in one iteration of a body, from the rows it was restored from."""
    if frame.state.with_status("waiting"):
        _decide_expired(frame, frame.ex.rows.get(frame.scope, []))


def _decide_expired(frame: Frame, rows: Iterable[dict[str, Any]]) -> None:
    ex = frame.ex
    by_node = {row["node_id"]: row for row in rows}
    for node_id in frame.state.with_status("waiting"):
        row = by_node.get(node_id)
        node = ex.plan.nodes[node_id]
        if row is None or node.container is not None:
            continue
        if row["waiting_until"] is None or row["waiting_until"] > t.now():
            continue
        attempt = frame.state.nodes[node_id].attempt
        try:
            verdict = node.on_timeout(row["output"])
        except StepError as exc:
            frame.fail_step(node_id, attempt, t.error_info(exc, node_id))
            continue
        decision = ev.Decision(
            approved=verdict.approved, comment=verdict.comment, decided_at=t.now(), by_timeout=True
        )
        decided = t.step_verdict(
            ex.run_id,
            node_id,
            attempt,
            decision=decision,
            resume=functools.partial(node.resume, row["output"], verdict),
            error_branch=frame.state.has_error_branch(node_id),
            scope=frame.scope,
        )
        frame.state.set(
            node_id, decided.status, output=decided.output, handles=decided.handles, handled=decided.handled
        )
        ex.committer.submit(decided.change)
        if decided.error is not None and not decided.handled:
            frame.fail(decided.error)
