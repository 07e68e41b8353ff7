"""What users do to runs: start, read, list, cancel, decide an approval, retry.

Each action is one transaction as the user (RLS is the access control), with
the durable events it causes committed in the same transaction, followed by
a message that hands the run to a worker. If the queue is down, the run is
still recorded (queued) and the sweeper enqueues it once Redis is back.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec
import psycopg
from psycopg.types.json import Jsonb

from orrery.errors import Conflict, DependencyUnavailable, InvalidInput, NotFound
from orrery.events import durable
from orrery.events import types as ev
from orrery.events.live import LivePublisher
from orrery.events.transitions import decision_record
from orrery.nodes import default_registry
from orrery.nodes.approval.node import ApprovalConfig
from orrery.nodes.approval.node import decide as approve_or_reject
from orrery.nodes.errors import ApprovalRejected, NodeError
from orrery.queue.dispatcher import RunDispatcher
from orrery.runner.graph import Graph
from orrery.runner.models import Decision, RunPage, RunRead, run_from_row, snapshot_from_row
from orrery.settings import RunnerSettings
from orrery.spec import validate
from orrery.spec.document import Workflow, decode_workflow
from orrery.spec.errors import SpecError
from orrery.spec.inputs import InvalidInputs, resolve_inputs
from orrery.store import runs
from orrery.store.database import Connection, Database

log = logging.getLogger(__name__)

ControlPublisher = Callable[[str, str], Awaitable[None]]
"""(run_id, action) -> None: tells the worker executing a run to cancel or look again."""


def _now() -> datetime:
    return datetime.now(UTC)


def _encode_cursor(created_at: datetime, run_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([created_at.isoformat(), run_id]).encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        created_at, run_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created_at), str(run_id)
    except (ValueError, TypeError) as exc:
        raise InvalidInput("cursor is not a cursor this API returned") from exc


@dataclass
class RunService:
    db: Database
    dispatcher: RunDispatcher
    publisher: LivePublisher
    control: ControlPublisher
    settings: RunnerSettings

    async def _dispatch(self, run_id: str, owner_id: str) -> None:
        try:
            await self.dispatcher.execute(run_id, owner_id)
        except DependencyUnavailable:
            # Recorded in Postgres; the sweeper enqueues it when the queue is back.
            log.warning("run %s recorded but not enqueued: the queue is unavailable", run_id)

    async def _publish(self, run_id: str, stored: list[durable.StoredEvent]) -> None:
        await self.publisher.publish(run_id, stored)

    # -- start ---------------------------------------------------------------
    async def start(
        self,
        claims: Mapping[str, Any],
        workflow_id: str,
        inputs: Mapping[str, Any],
        *,
        version: int | None = None,
        idempotency_key: str | None = None,
    ) -> tuple[RunRead, bool]:
        """Record and enqueue a run; (run, created). The same idempotency key twice gives the first run."""
        owner_id = str(claims["sub"])
        async with self.db.as_user(claims) as conn:
            if idempotency_key:
                cur = await conn.execute(
                    "select * from public.runs where idempotency_key = %s", (idempotency_key,)
                )
                existing = await cur.fetchone()
                if existing is not None:
                    return run_from_row(existing), False
            cur = await conn.execute(
                "select v.version, v.spec from public.workflows w "
                "join public.workflow_versions v on v.workflow_id = w.id "
                "and v.version = coalesce(%s, w.current_version) where w.id = %s",
                (version, workflow_id),
            )
            found = await cur.fetchone()
            if found is None:
                if version is not None and await _workflow_exists(conn, workflow_id):
                    raise NotFound(f"workflow {workflow_id} has no version {version}")
                raise NotFound(f"workflow {workflow_id} not found")
            try:
                doc = decode_workflow(found["spec"])
            except SpecError as exc:
                raise InvalidInput(f"this workflow version cannot run: {exc}") from exc
            problems = validate(doc, default_registry())
            if problems:
                errors = [msgspec.to_builtins(p) for p in problems]
                raise InvalidInput(
                    "this workflow version has problems; fix them in the editor before running", errors
                )
            try:
                resolved = resolve_inputs(doc, inputs)
            except InvalidInputs as exc:
                errors = [{"field": f"inputs.{e.name}", "message": e.message} for e in exc.errors]
                raise InvalidInput("the run's inputs do not match the workflow's inputs", errors) from exc
            budgets = _budgets(doc, self.settings)
            try:
                cur = await conn.execute(
                    "insert into public.runs "
                    "(workflow_id, workflow_version, inputs, budgets, idempotency_key) "
                    "values (%s, %s, %s, %s, %s) returning *",
                    (workflow_id, found["version"], Jsonb(resolved), Jsonb(budgets), idempotency_key),
                )
            except psycopg.errors.UniqueViolation as exc:
                raise Conflict("a run with this Idempotency-Key is being created; retry") from exc
            row = await cur.fetchone()
            assert row is not None
            run_id = str(row["id"])
            stored = await durable.append(
                conn,
                run_id,
                [
                    ev.RunQueued(
                        run_id=run_id,
                        at=_now(),
                        workflow_id=workflow_id,
                        version=found["version"],
                        inputs=resolved,
                    )
                ],
            )
            row["last_event_seq"] = stored[-1].seq
        await self._publish(run_id, stored)
        await self._dispatch(run_id, owner_id)
        return run_from_row(row), True

    # -- read ----------------------------------------------------------------
    async def get(self, claims: Mapping[str, Any], run_id: str) -> RunRead:
        async with self.db.as_user(claims) as conn:
            row = await runs.fetch_snapshot(conn, run_id)
        if row is None:
            raise NotFound(f"run {run_id} not found")
        return snapshot_from_row(row)

    async def spec_of(self, claims: Mapping[str, Any], run_id: str) -> dict[str, Any]:
        """The workflow version the run pinned (the visualizer draws it)."""
        async with self.db.as_user(claims) as conn:
            row = await runs.fetch_run(conn, run_id)
            if row is None:
                raise NotFound(f"run {run_id} not found")
            spec = await runs.fetch_spec(conn, str(row["workflow_id"]), row["workflow_version"])
        if spec is None:
            raise NotFound(f"run {run_id} not found")
        return spec

    async def list(
        self,
        claims: Mapping[str, Any],
        *,
        workflow_id: str | None = None,
        status: str | None = None,
        cursor: str | None = None,
        limit: int = 25,
    ) -> RunPage:
        clauses = ["true"]
        params: list[Any] = []
        if workflow_id:
            clauses.append("r.workflow_id = %s")
            params.append(workflow_id)
        if status:
            clauses.append("r.status = %s")
            params.append(status)
        if cursor:
            created_at, last_id = _decode_cursor(cursor)
            clauses.append("(r.created_at, r.id) < (%s, %s)")
            params.extend([created_at, last_id])
        params.append(limit + 1)
        sql = (
            "select r.*, w.name as workflow_name from public.runs r "
            "left join public.workflows w on w.id = r.workflow_id "
            f"where {' and '.join(clauses)} order by r.created_at desc, r.id desc limit %s"
        )
        async with self.db.as_user(claims) as conn:
            cur = await conn.execute(sql, params)  # type: ignore[arg-type]
            rows = await cur.fetchall()
        items = []
        for row in rows[:limit]:
            run = run_from_row(row)
            run.workflow_name = row.get("workflow_name")
            items.append(run)
        next_cursor = (
            _encode_cursor(rows[limit - 1]["created_at"], str(rows[limit - 1]["id"]))
            if len(rows) > limit
            else None
        )
        return RunPage(items=items, next_cursor=next_cursor)

    # -- cancel ----------------------------------------------------------------
    async def cancel(self, claims: Mapping[str, Any], run_id: str) -> RunRead:
        async with self.db.as_user(claims) as conn:
            row = await runs.fetch_run(conn, run_id, for_update=True)
            if row is None:
                raise NotFound(f"run {run_id} not found")
            if row["status"] not in {"queued", "running", "waiting"}:
                raise Conflict(f"the run has already {row['status']}")
            held = row["lease_expires_at"] is not None and row["lease_expires_at"] > _now()
            stored: list[durable.StoredEvent] = []
            if held:
                await runs.update_run(conn, run_id, {"cancel_requested_at": _now()})
            else:
                # Nobody executes it: end it here, in one transaction.
                steps = await runs.current_steps(conn, run_id)
                events: list[ev.RunEvent] = []
                for step in steps:
                    if step["status"] in {"running", "waiting", "queued"}:
                        await runs.upsert_step(
                            conn,
                            run_id,
                            step["node_id"],
                            step["attempt"],
                            {"status": "cancelled", "finished_at": _now()},
                        )
                        events.append(
                            ev.StepCancelled(
                                run_id=run_id, at=_now(), node_id=step["node_id"], attempt=step["attempt"]
                            )
                        )
                events.append(ev.RunCancelled(run_id=run_id, at=_now(), reason="cancelled by the user"))
                await runs.update_run(
                    conn,
                    run_id,
                    {"status": "cancelled", "finished_at": _now(), "cancel_requested_at": _now()},
                )
                stored = await durable.append(conn, run_id, events)
        if held:
            await self.control(run_id, "cancel")
        else:
            await self._publish(run_id, stored)
        return await self.get(claims, run_id)

    # -- approvals ---------------------------------------------------------------
    async def decide(
        self, claims: Mapping[str, Any], run_id: str, node_id: str, decision: Decision
    ) -> RunRead:
        user_id = str(claims["sub"])
        async with self.db.as_user(claims) as conn:
            row = await runs.fetch_run(conn, run_id, for_update=True)
            if row is None:
                raise NotFound(f"run {run_id} not found")
            steps = {s["node_id"]: s for s in await runs.current_steps(conn, run_id)}
            step = steps.get(node_id)
            if step is None or step["status"] != "waiting":
                state = "has not run" if step is None else step["status"]
                raise Conflict(f"step {node_id} is not waiting for a decision (it {state})")
            spec = await runs.fetch_spec(conn, str(row["workflow_id"]), row["workflow_version"])
            try:
                config = msgspec.convert(_node_config(spec or {}, node_id), ApprovalConfig)
            except msgspec.ValidationError as exc:
                raise Conflict(f"step {node_id} is not an approval step") from exc
            edited = decision.output if decision.output is not msgspec.UNSET else msgspec.UNSET
            if edited is not msgspec.UNSET and not decision.approved:
                raise InvalidInput("an edited output goes with an approval, not a rejection")
            decided_at = _now()
            audit = ev.Decision(
                approved=decision.approved,
                comment=decision.comment,
                decided_by=user_id,
                decided_at=decided_at,
                edited=edited is not msgspec.UNSET,
            )
            fields: dict[str, Any] = {
                "decided_by": user_id,
                "decided_at": decided_at,
                "decision": decision_record(audit),
                "finished_at": decided_at,
            }
            event: ev.RunEvent
            attempt = step["attempt"]
            try:
                result = approve_or_reject(
                    config,
                    step["output"] or {},
                    approved=decision.approved,
                    comment=decision.comment,
                    edited=edited,
                )
            except ApprovalRejected as rejected:
                error = ev.ErrorInfo(code="rejected", node_id=node_id, message=str(rejected))
                fields |= {"status": "failed", "error": msgspec.to_builtins(error)}
                event = ev.StepFailed(
                    run_id=run_id,
                    at=decided_at,
                    node_id=node_id,
                    attempt=attempt,
                    error=error,
                    decision=audit,
                )
            except NodeError as refused:
                raise InvalidInput(str(refused)) from refused
            else:
                fields |= {"status": "succeeded", "output": result.output, "handles": result.handles}
                event = ev.StepSucceeded(
                    run_id=run_id,
                    at=decided_at,
                    node_id=node_id,
                    attempt=attempt,
                    output=result.output,
                    handles=result.handles,
                    decision=audit,
                )
            await runs.upsert_step(conn, run_id, node_id, attempt, fields)
            if row["status"] == "waiting":
                await runs.update_run(conn, run_id, {"status": "running"})
            stored = await durable.append(conn, run_id, [event])
        await self._publish(run_id, stored)
        await self.control(run_id, "reload")
        await self._dispatch(run_id, str(row["owner_id"]))
        return await self.get(claims, run_id)

    # -- retry -----------------------------------------------------------------------
    async def retry(self, claims: Mapping[str, Any], run_id: str, from_node: str | None) -> RunRead:
        async with self.db.as_user(claims) as conn:
            row = await runs.fetch_run(conn, run_id, for_update=True)
            if row is None:
                raise NotFound(f"run {run_id} not found")
            if row["status"] in {"queued", "running", "waiting"}:
                raise Conflict(f"the run is still {row['status']}; cancel it or wait for it to end")
            spec = await runs.fetch_spec(conn, str(row["workflow_id"]), row["workflow_version"])
            graph = Graph.from_spec(spec or {})
            if from_node is None:
                error = row["error"] or {}
                from_node = error.get("node_id")
                if from_node is None:
                    failed = [
                        s["node_id"]
                        for s in await runs.current_steps(conn, run_id)
                        if s["status"] == "failed"
                    ]
                    from_node = failed[0] if failed else None
                if from_node is None:
                    raise InvalidInput("the run has no failed step; name the node to retry from (from_node)")
            if from_node not in graph.nodes:
                raise InvalidInput(f"{from_node!r} is not a node of this run's workflow")
            rerun = graph.downstream(from_node)
            # Nodes that were cancelled or never ran re-run too (a cancelled or failed run stopped them).
            current = {s["node_id"]: s for s in await runs.current_steps(conn, run_id)}
            rerun_set = set(rerun) | {
                n for n, s in current.items() if s["status"] in {"cancelled", "failed", "running", "waiting"}
            }
            await runs.supersede_steps(conn, run_id, sorted(rerun_set))
            await conn.execute(
                "update public.runs set status = 'queued', error = null, outputs = null, finished_at = null, "
                "cancel_requested_at = null where id = %s",
                (run_id,),
            )
            stored = await durable.append(
                conn,
                run_id,
                [
                    ev.RunQueued(
                        run_id=run_id,
                        at=_now(),
                        workflow_id=str(row["workflow_id"]),
                        version=row["workflow_version"],
                        inputs=row["inputs"],
                    )
                ],
            )
        await self._publish(run_id, stored)
        await self._dispatch(run_id, str(row["owner_id"]))
        return await self.get(claims, run_id)


async def _workflow_exists(conn: Connection, workflow_id: str) -> bool:
    cur = await conn.execute("select 1 from public.workflows where id = %s", (workflow_id,))
    return await cur.fetchone() is not None


def _node_config(spec: Mapping[str, Any], node_id: str) -> dict[str, Any]:
    for node in spec.get("nodes", []):
        if node.get("id") == node_id:
            return dict(node.get("config") or {})
    return {}


def _budgets(doc: Workflow, settings: RunnerSettings) -> dict[str, Any]:
    """The run's limits: the workflow's own (`settings.budgets` in its spec) over the engine's defaults."""
    own = doc.settings.budgets
    return {
        "max_steps": own.max_steps or settings.max_steps,
        "max_tokens": own.max_tokens or settings.max_tokens,
        "max_cost_usd": own.max_cost_usd or settings.max_cost_usd,
    }
