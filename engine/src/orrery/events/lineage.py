"""Child runs and the steps that started them (sub-workflows), as state changes: what a child
run's ending makes of its parent's waiting step, and ending a run's unfinished descendants.

Both write in the caller's transaction, built with `transitions` like every state change:
- `resolve_parent` in the transaction that ends the child (the runner's committer, or the
  runs service ending a run nobody holds), so a child cannot end without its parent's step
  learning how, whatever process dies when. The step is resolved only while it waits for that
  child, under the parent's row lock: exactly once, whoever tries (the child's ending, or the
  parent looking at its children after it parked the step: `runner.children`).
- `cancel_descendants` in the transaction that cancels a run, or before its runner writes its
  ending, so no child outlives it.

Locks are always taken child before parent (a child's ending holds its own row, then locks its
parent's; `cancel_descendants` locks the deepest first), so the two never deadlock.

The caller tells the runs it touched once its transaction committed (`Touched`): publish their
events, send their worker a control message, hand them to a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.events.durable import StoredEvent
from orrery.spec import decode_workflow
from orrery.store import runs
from orrery.store.database import Connection

ACTIVE = frozenset({"queued", "running", "waiting"})
ENDED = frozenset({"succeeded", "failed", "cancelled"})


@dataclass(frozen=True, slots=True)
class Touched:
    """Another run this transaction changed: what to tell once it is committed."""

    run_id: str
    owner_id: str
    events: list[StoredEvent]
    control: Literal["reload", "cancel"] | None
    """The message for the worker executing it, if one does."""
    dispatch_delay_ms: int | None
    """Hand it to a worker (after this delay); None: do not."""


async def resolve_parent(conn: Connection, child_run_id: str) -> Touched | None:
    """If `child_run_id` has ended and the step that started it still waits for it, resolve
    that step with the child's outcome (and let a waiting parent go on). The caller holds the
    child's row (its ending's fence, or its lock); this locks the parent's."""
    child = await runs.fetch_run(conn, child_run_id)
    if child is None or child["parent_run_id"] is None or child["status"] not in ENDED:
        return None
    parent_id = str(child["parent_run_id"])
    parent = await runs.fetch_run(conn, parent_id, for_update=True)
    if parent is None or parent["status"] not in ACTIVE or parent["cancel_requested_at"] is not None:
        return None  # it ended, or it is ending: its own ending settles the step
    node_id, attempt = str(child["parent_node_id"]), int(child["parent_attempt"])
    scope = str(child["parent_scope"] or "")
    step = await runs.child_step(conn, parent_id, node_id, scope, attempt)
    if step is None or step["status"] != "waiting":
        return None  # resolved already, superseded by a retry, or not parked yet (see runner.children)
    spec = await runs.fetch_spec(conn, str(parent["workflow_id"]), parent["workflow_version"])
    error_branch = spec is not None and decode_workflow(spec).has_error_branch(node_id)
    change = outcome(parent_id, node_id, attempt, child, scope=scope, error_branch=error_branch)
    if parent["status"] == "waiting":
        change = change + t.run_resumed()
    stored = await t.apply(conn, parent_id, change)
    return Touched(parent_id, str(parent["owner_id"]), stored, control="reload", dispatch_delay_ms=0)


def outcome(
    run_id: str,
    node_id: str,
    attempt: int,
    child: dict[str, Any],
    *,
    scope: str = "",
    error_branch: bool = False,
) -> t.Change:
    """The parent's step (in `scope`: a map item's or loop round's, or the top level's) result
    from the child's ended row: succeeded, the child's outputs with
    its totals as the step's usage (added to the parent's); failed or cancelled, a failure that
    says why (what the child spent is still added to the parent's totals)."""
    usage = ev.Usage(
        tokens_in=int(child["tokens_in"] or 0),
        tokens_out=int(child["tokens_out"] or 0),
        cost_usd=round(float(child["cost_usd"] or 0), 6),
    )
    child_id = str(child["id"])
    if child["status"] == "succeeded":
        output = child["outputs"] or {}
        return t.step_succeeded(run_id, node_id, attempt, output=output, usage=usage, scope=scope)
    if child["status"] == "cancelled":
        error = ev.ErrorInfo(
            code="child_run_cancelled",
            message="The sub-workflow's run was cancelled.",
            node_id=node_id,
            details={"child_run_id": child_id},
        )
    else:
        reason = child["error"] or {}
        failed_at = reason.get("node_id")
        where = f" at `{failed_at}`" if failed_at else ""
        error = ev.ErrorInfo(
            code="child_run_failed",
            message=f"The sub-workflow's run failed{where}: {reason.get('message', 'no reason given')}",
            node_id=node_id,
            details={"child_run_id": child_id, "child_code": reason.get("code"), "child_node_id": failed_at},
        )
    spent = (usage.tokens_in, usage.tokens_out, usage.cost_usd)
    # With an error branch the failure is handled: the runner, reloading the step, follows it.
    return t.step_failed(run_id, node_id, attempt, error=error, scope=scope, handled=error_branch) + t.Change(
        usage=spent if any(spent) else None
    )


async def cancel_descendants(conn: Connection, run_id: str) -> list[Touched]:
    """Cancel every unfinished run `run_id`'s steps started, and theirs: one a worker holds is
    asked to stop (its worker ends it, as the runs service's cancel does), one nobody holds is
    ended here. Their parents' steps are not resolved: those parents are ending too."""
    touched: list[Touched] = []
    for row in await runs.active_descendants(conn, run_id):
        descendant, owner = str(row["id"]), str(row["owner_id"])
        if row["held"]:
            if row["cancel_requested_at"] is not None:
                continue
            stored = await t.apply(conn, descendant, t.cancel_requested())
            # Should its worker die before it sees the request, whoever takes it over ends it.
            delay_ms = int(float(row["lease_left_s"]) * 1000) + 500
            touched.append(Touched(descendant, owner, stored, control="cancel", dispatch_delay_ms=delay_ms))
            continue
        unfinished = [s for s in await runs.current_steps(conn, descendant) if s["status"] in ACTIVE]
        steps = [
            t.step_cancelled(descendant, s["node_id"], s["attempt"], scope=s["scope"]) for s in unfinished
        ]
        stored = await t.apply(
            conn, descendant, t.combine([*steps, t.run_cancelled(descendant, by_request=True)])
        )
        touched.append(Touched(descendant, owner, stored, control=None, dispatch_delay_ms=None))
    return touched


async def workflow_deleted(conn: Connection, workflow_id: str) -> list[Touched]:
    """Before a workflow is deleted with its runs: the runs their steps started are cancelled
    (they would go on without a parent), and those of its unfinished runs that a step of
    another run started end cancelled, so that step fails (`child_run_cancelled`) instead of
    waiting for a run that is gone."""
    touched: list[Touched] = []
    # Children before their parents, as a child's ending locks them (child, then parent): the
    # workflow's runs are only listed here, their descendants locked deepest first, and the
    # runs themselves locked after.
    for row in await runs.active_runs_of_workflow(conn, workflow_id, lock=False):
        touched += await cancel_descendants(conn, str(row["id"]))
    for row in await runs.active_runs_of_workflow(conn, workflow_id):
        if row["parent_run_id"] is None:
            continue
        run_id = str(row["id"])
        unfinished = [s for s in await runs.current_steps(conn, run_id) if s["status"] in ACTIVE]
        steps = [t.step_cancelled(run_id, s["node_id"], s["attempt"], scope=s["scope"]) for s in unfinished]
        await t.apply(conn, run_id, t.combine([*steps, t.run_cancelled(run_id, by_request=True)]))
        parent = await resolve_parent(conn, run_id)
        touched += [parent] if parent is not None else []
    return touched
