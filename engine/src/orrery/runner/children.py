"""Child runs (sub-workflows) as the runner sees them: a step starts another run and waits
for it, like an approval waits for a person; the child's ending resolves the step.

- `start_child_run` is `NodeContext.start_child_run` (`StepContext` delegates here): in one
  transaction as the owner, the child run the step attempt started already (a re-execution
  after its worker died), or a new one, checked as the runs service checks a run (the version
  is runnable, no sub-workflow cycle, the inputs fit; the depth limit), with what the parent
  has left of its budgets. It is recorded queued, not yet handed to a worker.
- `after_record`: once the node returned its waiting result and the step's parking is
  durable, the child is handed to a worker. So a child normally ends after its parent's step
  waits for it, and its ending resolves that step (`events.lineage.resolve_parent`, in the
  ending's transaction: `ending_hook`). Should the child have ended first anyway (the sweeper
  started it while this worker was stuck), the step is resolved here, once parked.
- `recheck`: a run taken up again (its worker died after parking the step) looks at the
  children its waiting steps wait for: hands queued ones to a worker, resolves ended ones.
- `stop_descendants`: before a run's ending is written, its unfinished child runs (and
  theirs) are cancelled, so none outlives it.

Exactly once: a step is resolved only under its run's row lock while it still waits for that
child; the child's ending and the resolution are one transaction, and the parent side only
resolves a child that has ended, i.e. whose ending already tried.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from orrery.errors import DependencyUnavailable, LeaseLost
from orrery.events import lineage
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.nodes import (
    ChildInputsInvalid,
    ChildNotRunnable,
    ChildRun,
    ChildRunCancelled,
    ChildRunRequest,
    DepthLimit,
    NodeResult,
    Registry,
    SubworkflowNotFound,
    SubworkflowVersionNotFound,
)
from orrery.nodes.references import reference_problems
from orrery.queue.control import publish_control
from orrery.runner import failpoints
from orrery.runner.budget import Spend
from orrery.runner.committer import EndingHook
from orrery.runner.deps import RunnerDeps
from orrery.settings import RunnerSettings
from orrery.spec import SpecError, Workflow, decode_workflow, validate
from orrery.spec.inputs import InvalidInputs, resolve_inputs
from orrery.store import runs
from orrery.store import workflows as workflow_store
from orrery.store.database import Connection

if TYPE_CHECKING:
    from orrery.runner.context import StepContext
    from orrery.runner.execution import RunExecution

log = logging.getLogger(__name__)

CHILD_ENDED = "child_ended"
"""Failpoint: kill a child run's worker once its ending (and its parent's step) is committed,
before the parent is told."""

# -- starting a child ----------------------------------------------------------------------


async def start_child_run(
    ex: RunExecution, node_id: str, attempt: int, scope: str, request: ChildRunRequest
) -> ChildRun:
    """The child run of this step attempt: the one it started already, or a new queued one."""
    settings = ex.deps.settings
    async with ex.deps.db.as_user(ex.claims) as conn:
        existing = await runs.find_child_run(conn, ex.run_id, node_id, scope, attempt)
        if existing is not None:
            return ChildRun(run_id=str(existing["id"]))
        parent = await runs.fetch_run(conn, ex.run_id)
        if parent is None:
            raise LeaseLost(f"run {ex.run_id} is gone")
        if parent["cancel_requested_at"] is not None:
            raise ChildRunCancelled("This run is being cancelled: the sub-workflow's run was not started.")
        depth = int(parent["depth"]) + 1
        if depth > settings.max_run_depth:
            raise DepthLimit(
                f"Runs nest at most {settings.max_run_depth} deep (ORRERY_MAX_RUN_DEPTH); this run is at "
                f"depth {depth - 1}, so its sub-workflow's run was not started."
            )
        found = await runs.fetch_version_to_run(conn, request.workflow_id, request.version)
        if found is None:
            if request.version is not None and await workflow_store.exists(conn, request.workflow_id):
                raise SubworkflowVersionNotFound(
                    f"The workflow this step runs has no version {request.version}."
                )
            raise SubworkflowNotFound(f"Workflow {request.workflow_id} is not one of yours (deleted?).")
        doc = await _runnable(conn, ex.deps.registry, found["spec"], request.workflow_id)
        inputs = _inputs(doc, request.inputs)
        row, created = await runs.insert_child_run(
            conn,
            workflow_id=request.workflow_id,
            version=found["version"],
            inputs=inputs,
            budgets=child_budgets(doc, settings, ex.spend, time_left_s=_time_left(ex)),
            parent=(ex.run_id, node_id, scope, attempt),
            depth=depth,
        )
        child_id = str(row["id"])
        stored = []
        if created:
            queued = t.run_queued(
                child_id, workflow_id=request.workflow_id, version=found["version"], inputs=inputs
            )
            stored = await t.apply(conn, child_id, queued)
    await ex.deps.publisher.publish(child_id, stored)
    return ChildRun(run_id=child_id)


async def _runnable(
    conn: Connection, registry: Registry, spec: Mapping[str, Any], workflow_id: str
) -> Workflow:
    """The child's document, if a run of it could start from the API: no problems, sub-workflow
    references included."""
    try:
        doc = decode_workflow(spec)
    except SpecError as exc:
        raise ChildNotRunnable(f"The sub-workflow cannot run: {exc}") from exc
    read = functools.partial(workflow_store.fetch_referenced, conn)
    problems = validate(doc, registry) + await reference_problems(
        doc, registry, read, workflow_id=workflow_id
    )
    if problems:
        first = problems[0]
        where = f"`{first.node_id}`: " if first.node_id else ""
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise ChildNotRunnable(
            f"The sub-workflow has problems; fix them in the editor. {where}{first.message}{more}"
        )
    return doc


def _inputs(doc: Workflow, inputs: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return resolve_inputs(doc, inputs)
    except InvalidInputs as exc:
        reasons = "; ".join(f"inputs.{e.name}: {e.message}" for e in exc.errors)
        raise ChildInputsInvalid(
            f"The inputs given to the sub-workflow do not fit its inputs: {reasons}"
        ) from exc


def child_budgets(
    doc: Workflow, settings: RunnerSettings, spend: Spend, *, time_left_s: float | None = None
) -> dict[str, Any]:
    """The child's own limits (its workflow's, over the engine's defaults), cut to what the
    parent has left: its steps, tokens and cost come out of the parent's, and its time is at most
    what is left of the parent's time budget (`time_left_s`, when the parent has one)."""
    own = doc.settings.budgets
    tokens_left = spend.max_tokens - spend.tokens_in - spend.tokens_out
    budgets: dict[str, Any] = {
        "max_steps": max(0, min(own.max_steps or settings.max_steps, spend.max_steps - spend.steps)),
        "max_tokens": max(0, min(own.max_tokens or settings.max_tokens, tokens_left)),
        "max_cost_usd": max(
            0.0, round(min(own.max_cost_usd or settings.max_cost_usd, spend.max_cost_usd - spend.cost_usd), 6)
        ),
    }
    times = [s for s in (own.max_duration_s, time_left_s) if s is not None]
    if times:
        budgets["max_duration_s"] = max(0.001, round(min(*times, settings.run_timeout_s), 3))
    return budgets


def _time_left(ex: RunExecution) -> float | None:
    """What is left of the run's time budget (None: it has none of its own)."""
    if ex.spend.max_duration_s is None:
        return None
    return (ex.deadline - t.now()).total_seconds()


# -- waiting for it ----------------------------------------------------------------------


async def after_record(ex: RunExecution, context: StepContext, result: NodeResult) -> None:
    """The step's result is recorded: if it waits for a child run, hand the child to a worker
    once the waiting is durable, and resolve the step now if the child has ended already."""
    child = context.child_run
    if child is None or not result.waiting:
        return
    await ex.committer.flush()
    await _dispatch(ex.deps, child.run_id, ex.owner_id)
    await _resolve(ex, child.run_id)


async def recheck(ex: RunExecution) -> None:
    """A run taken up again: the children its waiting steps wait for that are still queued go
    to a worker (their hand-over may have been lost), the ended ones resolve their step."""
    if not ex.state.with_status("waiting") or not ex.deps.registry.workflow_references(ex.plan.doc):
        return
    async with ex.deps.db.as_user(ex.claims) as conn:
        rows = await runs.children_to_settle(conn, ex.run_id)
    for row in rows:
        if row["status"] == "queued":
            await _dispatch(ex.deps, str(row["id"]), ex.owner_id)
        else:
            await _resolve(ex, str(row["id"]))


async def _resolve(ex: RunExecution, child_id: str) -> None:
    async with ex.deps.db.as_user(ex.claims) as conn:
        touched = await lineage.resolve_parent(conn, child_id)
    if touched is not None:
        await tell(ex.deps, [touched], here=ex)


def ending_hook(ex: RunExecution, run: Mapping[str, Any]) -> EndingHook | None:
    """For a child run: in the transaction that writes its ending, resolve the step that
    started it; once committed, tell the parent's worker (`Committer.on_ending`)."""
    if run.get("parent_run_id") is None:
        return None

    async def resolve(conn: Connection) -> Callable[[], Awaitable[None]] | None:
        touched = await lineage.resolve_parent(conn, ex.run_id)
        if touched is None:
            return None

        async def tell_parent() -> None:
            failpoints.kill_at(ex.deps.settings, CHILD_ENDED)
            await tell(ex.deps, [touched])

        return tell_parent

    return resolve


def spent_outside(ex: RunExecution, row: Mapping[str, Any]) -> None:
    """A waiting step resolved outside this execution (by its child run's ending) spent the
    child's tokens and cost: they count against this run's budgets too."""
    usage = ev.Usage(
        tokens_in=int(row.get("tokens_in") or 0),
        tokens_out=int(row.get("tokens_out") or 0),
        cost_usd=float(row.get("cost_usd") or 0),
    )
    if usage.tokens_in or usage.tokens_out or usage.cost_usd:
        ex.spend.add(usage)
        ex.fail_run_if(ex.spend.exceeded(starting=False))


# -- ending with the run -------------------------------------------------------------------


async def stop_descendants(ex: RunExecution) -> None:
    """Before the run's ending is written: cancel the unfinished runs its steps started (and
    theirs). A worker that lost the run's lease leaves them to the one that holds it."""
    if not ex.deps.registry.workflow_references(ex.plan.doc):
        return
    async with ex.deps.db.as_user(ex.claims) as conn:
        row = await runs.fetch_run(conn, ex.run_id)
        if row is None or row["lease_token"] != ex.token or row["lease_owner"] is None:
            return
        touched = await lineage.cancel_descendants(conn, ex.run_id)
    await tell(ex.deps, touched)


# -- telling the runs a transaction touched ----------------------------------------------


async def tell(
    deps: RunnerDeps, touched: Sequence[lineage.Touched], *, here: RunExecution | None = None
) -> None:
    """Publish their events, message their workers, hand them to a worker. Best effort: what
    is lost here the sweeper recovers (a resumed parent is `running` and nobody holds it)."""
    for run in touched:
        try:
            await deps.publisher.publish(run.run_id, run.events)
            if here is not None and run.run_id == here.run_id:
                here.signals.request_reload()
                continue
            if run.control is not None:
                await publish_control(deps.publisher.redis, run.run_id, run.control)
            if run.dispatch_delay_ms is not None:
                await _dispatch(deps, run.run_id, run.owner_id, delay_ms=run.dispatch_delay_ms or None)
        except Exception as exc:
            log.warning("run %s: not told of its child run's change: %s", run.run_id, exc)


async def _dispatch(deps: RunnerDeps, run_id: str, owner_id: str, *, delay_ms: int | None = None) -> None:
    try:
        await deps.dispatcher.execute(run_id, owner_id, delay_ms=delay_ms)
    except DependencyUnavailable:
        log.warning("run %s recorded but not enqueued: the queue is unavailable (the sweeper will)", run_id)
