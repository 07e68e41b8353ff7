"""Steps that wait for a verdict (approvals), as the runner sees them: parked with what
is pending and until when, picked up when the API records a decision, decided by their
node's default (`on_timeout`) when their time runs out. The node says how; the runner
never names a node type."""

from __future__ import annotations

import asyncio
import functools
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from orrery.errors import StepError
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.runner import children
from orrery.runner.plan import PlannedNode
from orrery.store import runs

if TYPE_CHECKING:
    from orrery.runner.execution import RunExecution

WAKE_MARGIN_MS = 200


def park_step(
    ex: RunExecution, node_id: str, attempt: int, node: PlannedNode, pending: Any, usage: ev.Usage | None
) -> None:
    """The step waits, showing `pending`; with a limit, a message wakes the run when it passes."""
    ex.state.set(node_id, "waiting")
    limit = node.wait_limit_s()
    until = t.now() + timedelta(seconds=limit) if limit else None
    ex.committer.submit(
        t.step_waiting(ex.run_id, node_id, attempt, pending=pending, waiting_until=until, usage=usage)
    )
    if limit:
        delay_ms = int(limit * 1000) + WAKE_MARGIN_MS
        ex.background(
            asyncio.ensure_future(ex.deps.dispatcher.execute(ex.run_id, ex.owner_id, delay_ms=delay_ms))
        )


async def reload(ex: RunExecution) -> bool:
    """Pick up decisions the API recorded on steps this execution saw waiting; True if any."""
    ex.signals.reload = False
    if not ex.state.with_status("waiting"):
        return False
    async with ex.deps.db.as_user(ex.claims) as conn:
        rows = await runs.current_steps(conn, ex.run_id)
    changed = False
    for row in rows:
        state = ex.state.nodes.get(row["node_id"])
        if state is None or state.status != "waiting" or row["status"] == "waiting":
            continue
        changed = True
        ex.state.set(row["node_id"], row["status"], output=row["output"], handles=row["handles"])
        children.spent_outside(ex, row)
        if row["status"] == "failed":
            error = row["error"] or {}
            ex.fail_run_if(
                ev.ErrorInfo(
                    code=str(error.get("code", "rejected")),
                    message=str(error.get("message", "rejected")),
                    node_id=row["node_id"],
                )
            )
    return changed


async def decide_expired(ex: RunExecution) -> None:
    """A waiting step whose time ran out gets its node's default verdict, or fails."""
    waiting = ex.state.with_status("waiting")
    if not waiting:
        return
    async with ex.deps.db.as_user(ex.claims) as conn:
        rows = {row["node_id"]: row for row in await runs.current_steps(conn, ex.run_id)}
    for node_id in waiting:
        row = rows.get(node_id)
        if row is None or row["waiting_until"] is None or row["waiting_until"] > t.now():
            continue
        node = ex.plan.nodes[node_id]
        attempt = ex.state.nodes[node_id].attempt
        try:
            verdict = node.on_timeout(row["output"])
        except StepError as exc:
            ex.fail_step(node_id, attempt, t.error_info(exc, node_id))
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
        )
        ex.state.set(node_id, decided.status, output=decided.output, handles=decided.handles)
        ex.committer.submit(decided.change)
        ex.fail_run_if(decided.error)
