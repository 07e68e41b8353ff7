"""What users do to runs: start, list, read, cancel, decide an approval, retry.

Each action is one transaction as the user (RLS is the access control), writing the
state change built in `orrery.events.transitions` with its durable events, followed by
a message that hands the run to a worker. If the queue is down, the run is still
recorded (queued) and the sweeper enqueues it once Redis is back. The service never
names a node type: a decision goes to the node (`BoundNode.resume`).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import msgspec
import psycopg

from orrery.errors import DependencyUnavailable, NotFound
from orrery.events import lineage
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.events.durable import StoredEvent
from orrery.events.hub import RunEventHub
from orrery.events.live import LivePublisher
from orrery.nodes import BoundNode, NodeError, Registry, Verdict, default_registry
from orrery.nodes.references import reference_problems
from orrery.queue.dispatcher import RunDispatcher
from orrery.runs.await_end import wait_for_end
from orrery.runs.errors import (
    FireTaken,
    IdempotencyKeyReused,
    NothingToRetry,
    NotRunnable,
    RunBeingCancelled,
    RunBeingCreated,
    RunEnded,
    RunNotFound,
    RunStillActive,
    StepNotWaiting,
    WorkflowNotFound,
)
from orrery.runs.limits import operator_limits
from orrery.runs.models import (
    MANUAL,
    Decision,
    RunKind,
    RunPage,
    RunRead,
    Trigger,
    run_from_row,
    snapshot_from_row,
)
from orrery.settings import RunnerSettings
from orrery.spec import Nesting, SpecError, Workflow, decode_workflow, validate
from orrery.spec.inputs import InvalidInputs, resolve_inputs
from orrery.store import notifications, run_scopes, runs, workflows
from orrery.store.database import Connection, Database

log = logging.getLogger(__name__)

ACTIVE = frozenset({"queued", "running", "waiting"})
FALLBACK_MARGIN_MS = 500

Seeder = Callable[[Connection, str, Workflow], Awaitable[t.Change]]
"""(conn, new run id, its document) -> the steps a test run or a fork starts with (`runs.workbench`)."""

ControlPublisher = Callable[[str, str], Awaitable[None]]
"""(run_id, action) -> None: tells the worker executing a run to cancel or look again."""


@dataclass
class Started:
    """A run `RunService.record` inserted (or found by its idempotency key: `created` False)."""

    run: RunRead
    created: bool
    owner_id: str = ""
    events: list[StoredEvent] = field(default_factory=list)
    busy: bool = False
    """Its owner had `busy_owner_runs` runs queued or running already: it starts in the busy lane."""


@dataclass
class RunService:
    db: Database
    dispatcher: RunDispatcher
    publisher: LivePublisher
    control: ControlPublisher
    settings: RunnerSettings
    registry: Registry = field(default_factory=default_registry)
    hub: RunEventHub | None = None
    """The process's live events (`await_end`); without it a caller is never held."""

    # -- start -------------------------------------------------------------------------
    async def start(
        self,
        claims: Mapping[str, Any],
        workflow_id: str,
        inputs: Mapping[str, Any],
        *,
        version: int | None = None,
        idempotency_key: str | None = None,
        trigger: Trigger = MANUAL,
    ) -> tuple[RunRead, bool]:
        """Record and enqueue a run; (run, created). The same idempotency key with the same request
        gives the first run; with a different request it is refused (`IdempotencyKeyReused`)."""
        fingerprint = request_fingerprint(inputs, version) if idempotency_key else None
        # Pipelined: BEGIN, the role switch and the version's read go in one round trip, the
        # run's insert in one, its queued event in one, the COMMIT in one (was 7 round trips:
        # each is a Postgres wake-up on the start's path).
        async with self.db.as_user(claims, pipelined=True) as conn:
            started = await self.record(
                conn,
                workflow_id,
                inputs,
                version=version,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                trigger=trigger,
            )
        if started.created:
            await self.announce(started)
        return started.run, started.created

    async def record(
        self,
        conn: Connection,
        workflow_id: str,
        inputs: Mapping[str, Any],
        *,
        version: int | None = None,
        idempotency_key: str | None = None,
        fingerprint: str | None = None,
        trigger: Trigger = MANUAL,
        kind: RunKind = "run",
        forked_from: tuple[str, str] | None = None,
        seed: Seeder | None = None,
        interactive: bool = False,
    ) -> Started:
        """Insert a queued run in the caller's transaction (as the user); `announce` it once that
        transaction committed. A schedule records its run in the transaction that claims the fire.
        A test run or a fork (`kind`) starts with the steps `seed` gives it, in the same transaction.

        A run a person waits for at the screen (a test run, a fork, a chat turn: `interactive`)
        is counted apart from their batch when its lane is chosen: a user's backlog in the busy
        lane does not hold up their next node test (at most `busy_owner_runs` of each kind go
        to the runs queue)."""
        interactive = interactive or kind != "run"
        if idempotency_key:
            existing = await runs.find_by_idempotency_key(conn, workflow_id, idempotency_key)
            if existing is not None:
                _same_request(existing, fingerprint)
                return Started(run_from_row(existing), created=False)
        found = await runs.fetch_version_to_run(conn, workflow_id, version)
        if found is None:
            if version is not None and await workflows.exists(conn, workflow_id):
                raise WorkflowNotFound(f"workflow {workflow_id} has no version {version}")
            raise WorkflowNotFound(f"workflow {workflow_id} not found")
        doc = self._runnable(found["spec"])
        await self._check_subworkflows(conn, doc, workflow_id)
        resolved = _resolved_inputs(doc, inputs)
        busy_at = self.settings.busy_owner_runs
        counted = None
        if busy_at:  # read with the insert; one start of this user's at a time from here (a burst)
            await runs.lock_owner_starts(conn)
            counted = await runs.start_count_active(conn, busy_at, interactive=interactive)
        try:
            row = await runs.insert_run(
                conn,
                workflow_id=workflow_id,
                version=found["version"],
                inputs=resolved,
                budgets=_budgets(doc, self.settings),
                idempotency_key=idempotency_key,
                idempotency_fingerprint=fingerprint,
                trigger_kind=trigger.kind,
                trigger_id=trigger.id,
                trigger_fire_at=trigger.fire_at,
                kind=kind,
                forked_from=forked_from,
                interactive=interactive,
            )
        except psycopg.errors.UniqueViolation as exc:
            if trigger.fire_at is not None:
                raise FireTaken(f"the fire at {trigger.fire_at.isoformat()} already has its run") from exc
            raise RunBeingCreated("a run with this Idempotency-Key is being created; retry") from exc
        run_id = str(row["id"])
        queued = t.run_queued(run_id, workflow_id=workflow_id, version=found["version"], inputs=resolved)
        if seed is not None:
            queued += await seed(conn, run_id, doc)
        stored = await t.apply(conn, run_id, queued)
        row["last_event_seq"] = stored[-1].seq
        active = await counted.fetchone() if counted is not None else None
        busy = active is not None and int(active["active"]) >= busy_at
        return Started(
            run_from_row(row), created=True, owner_id=str(row["owner_id"]), events=stored, busy=busy
        )

    async def announce(self, started: Started) -> None:
        """After the run's transaction committed: its events go live and a worker gets it."""
        run_id = str(started.run.id)
        # At once: the worker need not wait for the live publish (a `run.started` published
        # before `run.queued` makes the stream skip the older one, and readers fill it from
        # Postgres, as after any gap: events/live.py).
        await asyncio.gather(
            self.publisher.publish(run_id, started.events),
            self._dispatch(run_id, started.owner_id, busy=started.busy),
        )

    def _runnable(self, spec: Mapping[str, Any]) -> Workflow:
        try:
            doc = decode_workflow(spec)
        except SpecError as exc:
            raise NotRunnable(f"this workflow version cannot run: {exc}") from exc
        problems = validate(doc, self.registry, operator_limits(self.settings))
        if problems:
            errors = [msgspec.to_builtins(p) for p in problems]
            raise NotRunnable(
                "this workflow version has problems; fix them in the editor before running", errors
            )
        return doc

    async def _check_subworkflows(self, conn: Connection, doc: Workflow, workflow_id: str) -> None:
        """The workflows its sub-workflow nodes run are the user's, have the pinned versions and
        never lead back to it (what `_runnable` cannot check without the database)."""
        read = functools.partial(workflows.fetch_referenced, conn)
        problems = await reference_problems(doc, self.registry, read, workflow_id=workflow_id)
        if problems:
            errors = [msgspec.to_builtins(p) for p in problems]
            raise NotRunnable(
                "this workflow version has problems; fix them in the editor before running", errors
            )

    async def await_end(self, claims: Mapping[str, Any], run_id: str, timeout_s: float) -> RunRead | None:
        """The run once it has ended within `timeout_s` (capped by `run_wait_max_s`), else None."""
        timeout_s = min(timeout_s, self.settings.run_wait_max_s)
        if self.hub is None or timeout_s <= 0:
            return None
        return await wait_for_end(self.db, self.hub, claims, run_id, timeout_s)

    # -- read ----------------------------------------------------------------------------
    async def get(self, claims: Mapping[str, Any], run_id: str) -> RunRead:
        """The run with every step attempt and every `step.log`, as one snapshot of the database."""
        async with self.db.as_user(claims) as conn:
            row = await runs.fetch_snapshot(conn, run_id)
        if row is None:
            raise RunNotFound(f"run {run_id} not found")
        return snapshot_from_row(row)

    async def spec_of(self, claims: Mapping[str, Any], run_id: str) -> Workflow:
        """The workflow version the run pinned (the run page draws it)."""
        async with self.db.as_user(claims) as conn:
            doc = await self._pinned(conn, run_id)
        return doc

    async def list(
        self,
        claims: Mapping[str, Any],
        *,
        workflow_id: str | None = None,
        status: str | None = None,
        cursor: str | None = None,
        limit: int = 25,
        parent_run_id: str | None = None,
        trigger_kind: str | None = None,
        trigger_id: str | None = None,
        kind: RunKind | None = None,
        forked_from_run_id: str | None = None,
    ) -> RunPage:
        """Newest first; `parent_run_id`: the child runs that run's sub-workflow steps started;
        `trigger_kind` / `trigger_id`: the runs that kind of trigger (that one) started; `kind`:
        only normal, test or fork runs; `forked_from_run_id`: that run's forks."""
        async with self.db.as_user(claims) as conn:
            rows = await runs.list_runs(
                conn,
                workflow_id=workflow_id,
                status=status,
                cursor=cursor,
                limit=limit,
                parent_run_id=parent_run_id,
                trigger_kind=trigger_kind,
                trigger_id=trigger_id,
                kind=kind,
                forked_from_run_id=forked_from_run_id,
            )
        page, next_cursor = runs.RUN_PAGES.page(rows, limit, "created_at")
        return RunPage(items=[run_from_row(row) for row in page], next_cursor=next_cursor)

    # -- cancel --------------------------------------------------------------------------
    async def cancel(self, claims: Mapping[str, Any], run_id: str) -> RunRead:
        """Cancel a run, decided under its row lock. A run a worker holds is asked to stop: the
        worker ends it, and can end it no other way (`runner.committer`). One nobody holds is
        ended here, and any worker that still thinks it holds it is fenced out."""
        async with self.db.as_user(claims) as conn:
            # Its child runs (and theirs) first: locked before it, as a child's ending locks them.
            touched = await lineage.cancel_descendants(conn, run_id)
            row = await runs.lock_run(conn, run_id)
            if row is None:
                raise RunNotFound(f"run {run_id} not found")
            if row["status"] not in ACTIVE:
                raise RunEnded(f"the run has already {row['status']}")
            held = bool(row["held"])
            if held:
                change = t.cancel_requested()
            else:
                unfinished = [s for s in await runs.current_steps(conn, run_id) if s["status"] in ACTIVE]
                steps = [
                    t.step_cancelled(run_id, s["node_id"], s["attempt"], scope=s["scope"]) for s in unfinished
                ]
                change = t.combine([*steps, t.run_cancelled(run_id, by_request=True)])
            stored = await t.apply(conn, run_id, change)
            if not held:  # a sub-workflow's run: the step that started it fails, in the same transaction
                parent = await lineage.resolve_parent(conn, run_id)
                touched += [parent] if parent is not None else []
        await self.tell(touched)
        await self.publisher.publish(run_id, stored)
        if held:
            await self.control(run_id, "cancel")
            # Should the holder die before it sees the request, whoever takes the run over once
            # the lease lapses ends it (a waiting run is not swept).
            delay_ms = int(float(row["lease_left_s"]) * 1000) + FALLBACK_MARGIN_MS
            await self._dispatch(run_id, str(row["owner_id"]), delay_ms=delay_ms)
        return await self.get(claims, run_id)

    # -- approvals -----------------------------------------------------------------------
    async def decide(
        self, claims: Mapping[str, Any], run_id: str, node_id: str, decision: Decision, scope: str = ""
    ) -> RunRead:
        """A reviewer's decision on a waiting step (in `scope`: an iteration of a container's
        body, `scenes[3]`); its node makes the step's result of it, or its failure, which the
        node's `error` branch takes when it has one."""
        async with self.db.as_user(claims) as conn:
            row = await runs.fetch_run(conn, run_id, for_update=True)
            if row is None:
                raise RunNotFound(f"run {run_id} not found")
            if row["cancel_requested_at"] is not None and row["status"] in ACTIVE:
                raise RunBeingCancelled("the run is being cancelled")
            current = await runs.current_steps(conn, run_id)
            step = next((s for s in current if s["node_id"] == node_id and s["scope"] == scope), None)
            if step is None or step["status"] != "waiting":
                state = "has not run" if step is None else step["status"]
                where = f" in {scope}" if scope else ""
                raise StepNotWaiting(f"step {node_id}{where} is not waiting for a decision (it {state})")
            doc = await self._pinned(conn, run_id, row)
            node = self._bound(doc, node_id)
            if node.container is not None:
                raise StepNotWaiting(
                    f"step {node_id} waits on steps inside it: decide those (with their scope)"
                )
            error_branch = doc.has_error_branch(node_id)
            verdict = Verdict(approved=decision.approved, comment=decision.comment, edited=decision.output)
            audit = ev.Decision(
                approved=decision.approved,
                comment=decision.comment,
                decided_by=str(claims["sub"]),
                decided_at=t.now(),
                edited=decision.output is not msgspec.UNSET,
            )
            resume = functools.partial(node.resume, step["output"], verdict)  # DecisionRefused: 422
            decided = t.step_verdict(
                run_id,
                node_id,
                step["attempt"],
                decision=audit,
                resume=resume,
                error_branch=error_branch,
                scope=scope,
            )
            change = decided.change + (t.run_resumed() if row["status"] == "waiting" else t.Change())
            stored = await t.apply(conn, run_id, change)
            await notifications.mark_decided(conn, run_id, node_id, scope, t.now())
        await self.publisher.publish(run_id, stored)
        await self.control(run_id, "reload")
        await self._dispatch(run_id, str(row["owner_id"]))
        return await self.get(claims, run_id)

    def _bound(self, doc: Workflow, node_id: str) -> BoundNode:
        node = next((n for n in doc.nodes if n.id == node_id), None)
        if node is None:
            raise StepNotWaiting(f"{node_id!r} is not a node of this run's workflow")
        try:
            return self.registry.bind(node)
        except NodeError as exc:
            raise StepNotWaiting(f"step {node_id} cannot take a decision: {exc}") from exc

    # -- retry ---------------------------------------------------------------------------
    async def retry(
        self,
        claims: Mapping[str, Any],
        run_id: str,
        from_node: str | None,
        items: Sequence[int] | Literal["failed"] | None = None,
    ) -> RunRead:
        """Re-run the failed node (or `from_node`) and everything downstream, reusing the
        outputs upstream; steps a failed or cancelled run stopped run again too (a container
        keeps its finished items). With a container as `from_node`, `items` re-runs only those
        items (or `"failed"`: every item that did not finish), keeping the others' results."""
        async with self.db.as_user(claims) as conn:
            row = await runs.fetch_run(conn, run_id, for_update=True)
            if row is None:
                raise RunNotFound(f"run {run_id} not found")
            if row["status"] in ACTIVE:
                raise RunStillActive(f"the run is still {row['status']}; cancel it or wait for it to end")
            doc = await self._pinned(conn, run_id, row)
            nesting = Nesting(doc)
            top = nesting.level(None)
            current = {
                s["node_id"]: s for s in await runs.current_steps(conn, run_id) if s["scope"] == runs.TOP
            }
            from_node = from_node or (row["error"] or {}).get("node_id")
            if from_node is None:
                failed = [n for n, s in current.items() if _unfinished(s) and s["status"] == "failed"]
                from_node = failed[0] if failed else None
            if from_node is None:
                raise NothingToRetry("the run has no failed step; name the node to retry from (from_node)")
            if from_node not in nesting.parent:
                raise NothingToRetry(f"{from_node!r} is not a node of this run's workflow")
            container = nesting.parent[from_node]
            if container is not None:
                raise NothingToRetry(
                    f"`{from_node}` runs inside `{container}`: retry `{container}` "
                    "(with `items` to choose which of its items)"
                )
            chosen = await self._items(conn, run_id, doc, from_node, items)
            whole = {from_node, *top.downstream(from_node)} - ({from_node} if chosen is not None else set())
            stopped = {n for n, s in current.items() if _unfinished(s)} - whole
            again = whole | stopped | ({from_node} if chosen is not None else set())
            await runs.supersede_steps(conn, run_id, sorted(again))
            # A node run again in whole runs its whole body again; a container that stopped (or
            # whose items are chosen) keeps the items it finished.
            prefixes = [f"{n}[" for n in sorted(whole) if nesting.body(n)]
            prefixes += [f"{from_node}[{i}]" for i in chosen or ()]
            await run_scopes.supersede_scopes(conn, run_id, prefixes)
            keep = stopped | ({from_node} if chosen is not None else set())
            await run_scopes.supersede_unfinished_in(conn, run_id, sorted(n for n in keep if nesting.body(n)))
            queued = t.run_queued(
                run_id,
                workflow_id=str(row["workflow_id"]),
                version=row["workflow_version"],
                inputs=row["inputs"],
            )
            stored = await t.apply(conn, run_id, queued)
        await self.publisher.publish(run_id, stored)
        await self._dispatch(run_id, str(row["owner_id"]))
        return await self.get(claims, run_id)

    async def _items(
        self,
        conn: Connection,
        run_id: str,
        doc: Workflow,
        from_node: str,
        items: Sequence[int] | Literal["failed"] | None,
    ) -> Sequence[int] | None:
        """The items of `from_node` to run again (None: `items` not given)."""
        if items is None:
            return None
        node = next(n for n in doc.nodes if n.id == from_node)
        try:
            body_variable = self.registry.get(node.type, node.type_version).body_variable
        except NodeError:
            body_variable = None
        if body_variable is None:
            raise NothingToRetry(
                f"`items` goes with a map or loop as `from_node`; `{from_node}` is a {node.type}"
            )
        if items == "failed":
            found = await run_scopes.unfinished_items(conn, run_id, from_node)
            if not found:
                raise NothingToRetry(f"no item of `{from_node}` failed; name the items to retry")
            return found
        return sorted(set(items))

    # -- helpers -------------------------------------------------------------------------
    async def _pinned(self, conn: Connection, run_id: str, row: Mapping[str, Any] | None = None) -> Workflow:
        """The workflow document the run pinned."""
        row = row or await runs.fetch_run(conn, run_id)
        if row is None:
            raise RunNotFound(f"run {run_id} not found")
        spec = await runs.fetch_spec(conn, str(row["workflow_id"]), row["workflow_version"])
        if spec is None:
            raise RunNotFound(f"run {run_id} not found")
        try:
            return decode_workflow(spec)
        except SpecError as exc:
            raise NotFound(f"the workflow version of run {run_id} cannot be read: {exc}") from exc

    async def tell(self, touched: Sequence[lineage.Touched]) -> None:
        """Tells the workers and viewers of the runs a committed change touched (a cancel's
        child runs, a child's parent, a deleted workflow's runs' parents and children)."""
        for other in touched:
            await self.publisher.publish(other.run_id, other.events)
            if other.control is not None:
                await self.control(other.run_id, other.control)
            if other.dispatch_delay_ms is not None:
                await self._dispatch(other.run_id, other.owner_id, delay_ms=other.dispatch_delay_ms or None)

    async def _dispatch(
        self, run_id: str, owner_id: str, *, delay_ms: int | None = None, busy: bool = False
    ) -> None:
        try:
            await self.dispatcher.execute(run_id, owner_id, delay_ms=delay_ms, busy=busy)
        except DependencyUnavailable:
            # Recorded in Postgres; the sweeper enqueues it when the queue is back.
            log.warning("run %s recorded but not enqueued: the queue is unavailable", run_id)


def request_fingerprint(inputs: Mapping[str, Any], version: int | None) -> str:
    """SHA-256 of a start request (its inputs and pinned version, canonical JSON)."""
    canonical = msgspec.json.encode({"inputs": inputs, "version": version}, order="sorted")
    return hashlib.sha256(canonical).hexdigest()


def _same_request(existing: Mapping[str, Any], fingerprint: str | None) -> None:
    """A retried request may reuse its Idempotency-Key; another request may not."""
    recorded = existing.get("idempotency_fingerprint")
    if recorded is not None and recorded != fingerprint:
        raise IdempotencyKeyReused(
            f"This Idempotency-Key already started run {existing['id']} of this workflow with a "
            "different request body; send a new key for a new request.",
            [{"field": "Idempotency-Key", "message": "already used with a different request body"}],
        )


def _unfinished(step: Mapping[str, Any]) -> bool:
    """Still to run, stopped, or failed with no error branch to take it."""
    status = step["status"]
    return status in ACTIVE or status == "cancelled" or (status == "failed" and not step["handled"])


def _resolved_inputs(doc: Workflow, inputs: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return resolve_inputs(doc, inputs)
    except InvalidInputs as exc:
        errors: list[dict[str, object]] = [
            {"field": f"inputs.{e.name}", "message": e.message} for e in exc.errors
        ]
        raise NotRunnable("the run's inputs do not match the workflow's inputs", errors) from exc


def _budgets(doc: Workflow, settings: RunnerSettings) -> dict[str, Any]:
    """The run's limits: the workflow's own (`settings.budgets` in its spec) under the engine's,
    which are the defaults and the ceilings (validation refuses more; a limit the operator lowered
    since is taken here). `max_duration_s` only when the workflow sets one (else the run has the
    operator's `run_timeout_s`, and ends `run_timeout` past it)."""
    own = doc.settings.budgets
    budgets: dict[str, Any] = {
        "max_steps": min(own.max_steps or settings.max_steps, settings.max_steps),
        "max_tokens": min(own.max_tokens or settings.max_tokens, settings.max_tokens),
        "max_cost_usd": min(own.max_cost_usd or settings.max_cost_usd, settings.max_cost_usd),
    }
    if own.max_duration_s is not None:
        budgets["max_duration_s"] = min(own.max_duration_s, settings.run_timeout_s)
    return budgets
