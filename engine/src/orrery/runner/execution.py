"""Executing one run on one worker, under its lease, until it ends or waits.

A worker takes the run's lease (fencing token), restores the run from
Postgres, and runs its ready nodes concurrently with asyncio, committing every
state change and its events through the run's `Committer`. The lease is
renewed while it works; losing it stops the execution without another write.
Whatever the reason it stops (finished, waiting for a human, cancelled,
failed, crashed), Postgres holds everything another worker needs to go on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import CredentialUnreadable
from orrery.credentials import CredentialService
from orrery.errors import LeaseLost
from orrery.events import types as ev
from orrery.events.live import LivePublisher
from orrery.events.transitions import decision_record
from orrery.memory import MemoryService
from orrery.net import SafeHttpClient
from orrery.nodes.base import MemoryAccess, Transcript
from orrery.nodes.errors import NotAvailable
from orrery.queue.dispatcher import RunDispatcher
from orrery.runner.catalog import NodeRuntime, PreparedNode, StepFailure, StepOutcome
from orrery.runner.committer import Committer, Write
from orrery.runner.graph import Graph
from orrery.runner.state import RunState
from orrery.settings import RunnerSettings
from orrery.store import runs
from orrery.store.database import Database

log = logging.getLogger(__name__)

ACTIVE = frozenset({"queued", "running", "waiting"})
MAX_LOGS_PER_ATTEMPT = 500
"""A step attempt's `step.log` events beyond this are dropped (one last log says so)."""


def now() -> datetime:
    return datetime.now(UTC)


def owner_claims(owner_id: str) -> dict[str, Any]:
    """Workers act as the run's owner: RLS applies to them as to the API."""
    return {"sub": owner_id, "role": "authenticated", "aud": "authenticated"}


@dataclass
class RunnerDeps:
    db: Database
    publisher: LivePublisher
    dispatcher: RunDispatcher
    runtime: NodeRuntime
    settings: RunnerSettings
    worker_id: str
    http: SafeHttpClient
    worker_slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(64))
    credentials: CredentialService | None = None
    """Decrypts the run owner's saved provider keys for agent nodes (None: no master key)."""
    memory: MemoryService | None = None
    """Long-term memory for memory nodes (None: memory nodes fail with `NotAvailable`)."""


class _Context:
    """What a node sees of its run while it executes (implements `StepContext`)."""

    def __init__(
        self,
        execution: RunExecution,
        node_id: str,
        attempt: int,
        inputs: Mapping[str, Any],
        steps: Mapping[str, Any],
        predecessors: list[str],
    ) -> None:
        self._execution = execution
        self.predecessors = predecessors
        self.http = execution.deps.http
        self.run_id = execution.run_id
        self.node_id = node_id
        self.attempt = attempt
        self.idempotency_key = f"{execution.run_id}:{node_id}:{attempt}"
        self.inputs = inputs
        self.steps = steps
        self._logs = 0

    async def log(self, message: str, **data: Any) -> None:
        self._logs += 1
        if self._logs > MAX_LOGS_PER_ATTEMPT:
            if self._logs > MAX_LOGS_PER_ATTEMPT + 1:
                return
            message, data = (
                f"Further logs of this attempt dropped (at most {MAX_LOGS_PER_ATTEMPT} are kept).",
                {"level": "warning"},
            )
        level = str(data.pop("level", "info"))
        event = ev.StepLog(
            run_id=self.run_id,
            at=now(),
            node_id=self.node_id,
            attempt=self.attempt,
            level=level if level in {"debug", "info", "warning", "error"} else "info",  # type: ignore[arg-type]
            message=message,
            data=data or None,
        )
        self._execution.committer_or_fail().submit(Write(events=[event]))

    async def delta(self, text: str) -> None:
        event = ev.StepDelta(
            run_id=self.run_id, at=now(), node_id=self.node_id, attempt=self.attempt, text=text
        )
        await self._execution.deps.publisher.publish_delta(self.run_id, event)

    async def credential(self, credential_id: str) -> ResolvedCredential:
        """The run owner's saved key, decrypted as the owner (RLS): never logged or stored."""
        service = self._execution.deps.credentials
        if service is None:
            raise CredentialUnreadable("This worker has no ORRERY_MASTER_KEY, so saved keys cannot be used.")
        return await service.resolve(self._execution.claims, credential_id)

    @property
    def memory(self) -> MemoryAccess:
        """The run owner's memory collections, as the owner (RLS)."""
        service = self._execution.deps.memory
        if service is None:
            raise NotAvailable("This worker has no memory service.")
        return service.access(self._execution.claims)

    async def conversation(self) -> Sequence[Transcript]:
        """The transcripts of the agent steps on this node's live path, in the order they
        finished: read from Postgres as the owner, once the run's writes so far are in."""
        execution = self._execution
        ancestors = execution.state.live_ancestors(self.node_id)
        if not ancestors:
            return ()
        await execution.committer_or_fail().flush()
        async with execution.deps.db.as_user(execution.claims) as conn:
            rows = await runs.step_transcripts(conn, self.run_id, ancestors)
        return [Transcript(node_id=row["node_id"], messages=row["transcript"]) for row in rows]


class RunExecution:
    def __init__(self, deps: RunnerDeps, run_id: str, owner_id: str) -> None:
        self.deps = deps
        self.run_id = run_id
        self.owner_id = owner_id
        self.claims = owner_claims(owner_id)
        self.committer: Committer | None = None
        self.cancel_requested = asyncio.Event()
        self.wakeup = asyncio.Event()
        self.reload_requested = False
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._prepared: dict[str, PreparedNode] = {}
        self._failure: ev.ErrorInfo | None = None
        self._run: dict[str, Any] = {}
        self._steps_started = 0
        self._tokens = [0, 0]
        self._cost = 0.0

    # -- control -----------------------------------------------------------
    def request_cancel(self) -> None:
        self.cancel_requested.set()
        self.wakeup.set()

    def request_reload(self) -> None:
        """Something outside changed a step (an approval decision): look again."""
        self.reload_requested = True
        self.wakeup.set()

    def committer_or_fail(self) -> Committer:
        if self.committer is None:
            raise LeaseLost("the run is not being executed")
        return self.committer

    # -- entry point -------------------------------------------------------
    async def execute(self) -> str:
        """Run until the run ends, waits, or is taken over. Returns what happened."""
        s = self.deps.settings
        async with self.deps.db.as_user(self.claims) as conn:
            run = await runs.acquire_lease(conn, self.run_id, self.deps.worker_id, s.lease_ttl_s)
            if run is None:
                current = await runs.fetch_run(conn, self.run_id)
                return "gone" if current is None else ("busy" if current["status"] in ACTIVE else "finished")
            spec = await runs.fetch_spec(conn, str(run["workflow_id"]), run["workflow_version"])
            steps = await runs.current_steps(conn, self.run_id)
            attempts = await runs.highest_attempts(conn, self.run_id)
        self._run = run
        token = int(run["lease_token"])
        self.deps.publisher.prime(self.run_id, int(run["last_event_seq"]))
        self.committer = Committer(
            self.deps.db, self.claims, self.run_id, token, self.deps.publisher, int(run["last_event_seq"])
        )
        self.committer.start()
        renewer = asyncio.create_task(self._renew_lease(token), name=f"lease:{self.run_id}")
        outcome = "lost"
        try:
            if spec is None:
                await self._finish_failed(
                    ev.ErrorInfo(code="version_missing", message="workflow version not found")
                )
                outcome = "failed"
            else:
                outcome = await self._execute(Graph.from_spec(spec), steps, attempts)
            await self.committer.flush()
        except LeaseLost as exc:
            log.warning("run %s: %s", self.run_id, exc)
            outcome = "lost"
        finally:
            renewer.cancel()
            await self._stop_tasks()
            await self.committer.close()
            if outcome != "lost":
                await self._release(token)
            self.deps.publisher.forget(self.run_id)
        return outcome

    async def _release(self, token: int) -> None:
        """Release the lease, then look once more: a change made while we held it
        (a decision, a retry) whose message found the lease taken is picked up now."""
        assert self.committer is not None
        try:
            async with self.deps.db.as_user(self.claims) as conn:
                current = await runs.release_lease(conn, self.run_id, token)
        except Exception as exc:  # the lease lapses by itself; the sweeper takes over
            log.warning("run %s: could not release its lease: %s", self.run_id, exc)
            return
        if current is None or current["status"] not in ACTIVE:
            return
        changed = int(current["last_event_seq"]) > self.committer.last_seq
        if changed or current["status"] in {"queued", "running"} or current["cancel_requested_at"]:
            if current["status"] == "waiting" and not changed:
                return
            await self.deps.dispatcher.execute(self.run_id, self.owner_id)

    async def _renew_lease(self, token: int) -> None:
        s = self.deps.settings
        while True:
            await asyncio.sleep(s.lease_renew_s)
            try:
                async with self.deps.db.as_user(self.claims) as conn:
                    row = await runs.renew_lease(conn, self.run_id, token, s.lease_ttl_s)
            except Exception as exc:
                log.warning("run %s: lease renewal failed: %s", self.run_id, exc)
                continue
            if row is None:
                log.warning("run %s: lease taken over; stopping", self.run_id)
                if self.committer is not None:
                    self.committer.failure = LeaseLost("lease taken over")
                for task in self._tasks.values():
                    task.cancel()
                self.wakeup.set()
                self._lost = True
                return
            if row["cancel_requested_at"] is not None:
                self.request_cancel()

    # -- the scheduling loop -------------------------------------------------
    async def _execute(self, graph: Graph, steps: list[dict[str, Any]], attempts: dict[str, int]) -> str:
        self._lost = False
        self.graph = graph
        for node in graph.nodes.values():
            self._prepared[node.id] = self.deps.runtime.prepare(node.type, node.config, node.raw)
        self.state = RunState(graph, lambda node_id: self._prepared[node_id].default_handle)
        self.state.load(steps, attempts)
        self._steps_started = sum(attempts.values())
        self._tokens = [int(self._run["tokens_in"]), int(self._run["tokens_out"])]
        self._cost = float(self._run["cost_usd"])
        for row in steps:
            if row["status"] == "failed" and self._failure is None:
                error = row["error"] or {}
                self._failure = ev.ErrorInfo(
                    code=str(error.get("code", "step_failed")),
                    message=str(error.get("message", f"step {row['node_id']} failed")),
                    node_id=row["node_id"],
                )
        self._interrupted = set(self.state.with_status("running"))
        for node_id in self._interrupted:
            self.state.nodes[node_id].status = "pending"

        if self._run["cancel_requested_at"] is not None:
            await self._finish_cancelled()
            return "cancelled"
        first_start = self._run["started_at"] is None
        started_at = self._run["started_at"] or now()
        self._started_at = started_at
        if self._run["status"] != "running" or first_start:
            events: list[ev.RunEvent] = [ev.RunStarted(run_id=self.run_id, at=now())] if first_start else []
            self.committer_or_fail().submit(
                Write(run={"status": "running", "started_at": started_at}, events=events)
            )
        await self._apply_expired_approvals()
        deadline = started_at + timedelta(seconds=self.deps.settings.run_timeout_s)
        return await self._loop(deadline)

    async def _loop(self, deadline: datetime) -> str:
        s = self.deps.settings
        while True:
            if self._lost:
                raise LeaseLost("lease taken over")
            if self.cancel_requested.is_set():
                await self._finish_cancelled()
                return "cancelled"
            if self._failure is not None:
                await self._finish_failed(self._failure)
                return "failed"
            if now() >= deadline:
                await self._finish_failed(
                    ev.ErrorInfo(
                        code="run_timeout",
                        message=f"the run exceeded its time limit ({s.run_timeout_s:.0f} s)",
                    )
                )
                return "failed"
            if self.reload_requested:
                await self._reload_waiting()
            to_run, to_skip = self.state.next_decisions()
            if to_skip:
                self._skip(to_skip)
                continue
            if to_run:
                self._queue(to_run)
            for node_id in self.state.with_status("queued"):
                if len(self._tasks) >= s.max_parallel_per_run:
                    break
                budget = self._budget_exceeded(starting=True)
                if budget is not None:
                    self._failure = budget
                    break
                self.state.nodes[node_id].status = "running"
                self._tasks[node_id] = asyncio.create_task(
                    self._run_node(node_id), name=f"{self.run_id}:{node_id}"
                )
            if self._failure is not None:
                continue
            if not self._tasks:
                return await self._settle()
            self.wakeup.clear()
            waiter = asyncio.create_task(self.wakeup.wait())
            timeout = max(0.0, (deadline - now()).total_seconds())
            _done, _ = await asyncio.wait(
                [*self._tasks.values(), waiter], timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            waiter.cancel()
            for node_id, task in list(self._tasks.items()):
                if task.done():
                    del self._tasks[node_id]
                    if not task.cancelled() and task.exception() is not None:
                        raise task.exception()  # type: ignore[misc]

    async def _settle(self) -> str:
        """Nothing is running: the run has ended, or it waits for a human."""
        await self._reload_waiting()
        to_run, to_skip = self.state.next_decisions()
        if to_run or to_skip:
            return await self._loop(self._started_at + timedelta(seconds=self.deps.settings.run_timeout_s))
        waiting = self.state.with_status("waiting")
        if waiting:
            self.committer_or_fail().submit(
                Write(
                    run={"status": "waiting"},
                    events=[ev.RunWaiting(run_id=self.run_id, at=now(), waiting_nodes=waiting)],
                )
            )
            return "waiting"
        if self.state.all_terminal():
            await self._finish_succeeded()
            return "succeeded"
        pending = self.state.with_status("pending")
        await self._finish_failed(
            ev.ErrorInfo(code="unschedulable", message=f"nodes can never run: {', '.join(pending)}")
        )
        return "failed"

    def _queue(self, node_ids: list[str]) -> None:
        """Ready nodes get their attempt number and wait for room in the run (`step.queued`).
        A step a lost worker left running keeps its attempt: it is executed again."""
        writes = []
        events: list[ev.RunEvent] = []
        for node_id in node_ids:
            state = self.state.nodes[node_id]
            if node_id in self._interrupted:
                self._interrupted.discard(node_id)
                state.attempt = max(state.attempt, 1)
            else:
                state.attempt += 1
                state.executions = 0
            state.status = "queued"
            writes.append((node_id, state.attempt, {"status": "queued"}))
            events.append(ev.StepQueued(run_id=self.run_id, at=now(), node_id=node_id, attempt=state.attempt))
        self.committer_or_fail().submit(Write(steps=writes, events=events))

    def _skip(self, node_ids: list[str]) -> None:
        writes = []
        events: list[ev.RunEvent] = []
        for node_id in node_ids:
            state = self.state.nodes[node_id]
            state.status = "skipped"
            attempt = max(state.attempt, 1)
            writes.append((node_id, attempt, {"status": "skipped", "finished_at": now()}))
            events.append(ev.StepSkipped(run_id=self.run_id, at=now(), node_id=node_id, attempt=attempt))
        self.committer_or_fail().submit(Write(steps=writes, events=events))

    def _budget_exceeded(self, *, starting: bool) -> ev.ErrorInfo | None:
        s = self.deps.settings
        budgets = self._run.get("budgets") or {}
        max_steps = int(budgets.get("max_steps", s.max_steps))
        max_tokens = int(budgets.get("max_tokens", s.max_tokens))
        max_cost = float(budgets.get("max_cost_usd", s.max_cost_usd))
        tokens = self._tokens[0] + self._tokens[1]
        limit: str
        value: float
        bound: float
        if starting and self._steps_started >= max_steps:
            limit, value, bound = "max_steps", self._steps_started, max_steps
        elif tokens > max_tokens or (starting and tokens >= max_tokens):
            limit, value, bound = "max_tokens", tokens, max_tokens
        elif self._cost > max_cost or (starting and self._cost >= max_cost):
            limit, value, bound = "max_cost_usd", round(self._cost, 6), max_cost
        else:
            return None
        return ev.ErrorInfo(
            code="budget_exceeded",
            message=f"the run reached its {limit} budget ({value} of {bound})",
            details={"limit": limit, "value": value, "budget": bound},
        )

    # -- one node ------------------------------------------------------------
    async def _run_node(self, node_id: str) -> None:
        async with self.deps.worker_slots:
            await self._run_node_attempts(node_id)
        self.wakeup.set()

    async def _run_node_attempts(self, node_id: str) -> None:
        prepared = self._prepared[node_id]
        state = self.state.nodes[node_id]
        committer = self.committer_or_fail()
        attempt, executions = state.attempt, state.executions + 1
        node_inputs = dict(self._run.get("inputs") or {})
        while True:
            state.attempt, state.executions = attempt, executions
            self._steps_started += 1
            if executions > prepared.max_attempts and executions > 1:
                await self._fail_node(
                    node_id,
                    attempt,
                    ev.ErrorInfo(
                        code="worker_lost",
                        message=f"the worker running this step stopped {executions - 1} time(s); giving up",
                        node_id=node_id,
                    ),
                    None,
                )
                return
            upstream = self.state.step_input(node_id, prepared.reads)
            step_input = {"inputs": node_inputs, "steps": upstream}
            started = now()
            start = Write(
                steps=[
                    (
                        node_id,
                        attempt,
                        {
                            "status": "running",
                            "started_at": started,
                            "executions": executions,
                            "idempotency_key": f"{self.run_id}:{node_id}:{attempt}",
                            "input": step_input,
                            "worker": self.deps.worker_id,
                        },
                    )
                ],
                events=[
                    ev.StepStarted(
                        run_id=self.run_id,
                        at=started,
                        node_id=node_id,
                        attempt=attempt,
                        input=_event_input(step_input),
                    )
                ],
            )
            pending_start = committer.submit(start)
            if not prepared.pure:
                await pending_start
            context = _Context(
                self, node_id, attempt, node_inputs, upstream, self.state.live_predecessors(node_id)
            )
            clock = time.monotonic()
            error: ev.ErrorInfo | None = None
            outcome: StepOutcome | None = None
            try:
                async with asyncio.timeout(prepared.timeout_s or self.deps.settings.default_node_timeout_s):
                    outcome = await prepared.execute(context)
            except TimeoutError:
                limit = prepared.timeout_s or self.deps.settings.default_node_timeout_s
                error = ev.ErrorInfo(
                    code="timeout",
                    message=f"the step did not finish within {limit:g} s",
                    node_id=node_id,
                    retryable=True,
                )
            except StepFailure as failure:
                error = failure.error
                error.node_id = node_id
            except LeaseLost:
                raise
            except Exception as exc:
                log.exception("run %s: node %s raised", self.run_id, node_id)
                error = ev.ErrorInfo(
                    code="internal_error", message=f"{type(exc).__name__}: {exc}", node_id=node_id
                )
            duration_ms = int((time.monotonic() - clock) * 1000)
            if outcome is not None:
                self._failpoint(f"before_commit:{node_id}")
                self._record_outcome(node_id, attempt, prepared, outcome, duration_ms)
                if f"after_commit:{node_id}" in self.deps.settings.failpoints:
                    await committer.flush()
                    self._failpoint(f"after_commit:{node_id}")
                return
            assert error is not None
            if error.retryable and attempt < prepared.max_attempts:
                backoff = min(prepared.retry_initial_delay_s * 2 ** (attempt - 1), 300.0)
                delay = backoff * random.uniform(0.5, 1.5)  # noqa: S311 (jitter, not cryptography)
                retry_after = (error.details or {}).get("retry_after_s")
                if isinstance(retry_after, (int, float)):
                    delay = max(delay, min(float(retry_after), 300.0))
                committer.submit(
                    Write(
                        steps=[
                            (
                                node_id,
                                attempt,
                                {"status": "failed", "error": _error_json(error), "finished_at": now()},
                            )
                        ],
                        events=[
                            ev.StepRetrying(
                                run_id=self.run_id,
                                at=now(),
                                node_id=node_id,
                                attempt=attempt,
                                error=error,
                                delay_s=round(delay, 3),
                            )
                        ],
                    )
                )
                await asyncio.sleep(delay)
                attempt, executions = attempt + 1, 1
                continue
            await self._fail_node(node_id, attempt, error, duration_ms)
            return

    def _failpoint(self, name: str) -> None:
        """Crash here, as a killed worker would (tests of durability set these)."""
        if name in self.deps.settings.failpoints:
            log.warning("failpoint %s: killing this worker", name)
            os.kill(os.getpid(), signal.SIGKILL)

    def _record_outcome(
        self, node_id: str, attempt: int, prepared: PreparedNode, outcome: StepOutcome, duration_ms: int
    ) -> None:
        state = self.state.nodes[node_id]
        usage = outcome.usage
        usage_tuple = None
        if usage is not None:
            usage_tuple = (usage.tokens_in, usage.tokens_out, usage.cost_usd)
            self._tokens[0] += usage.tokens_in
            self._tokens[1] += usage.tokens_out
            self._cost += usage.cost_usd
        usage_fields: dict[str, Any] = (
            {
                "tokens_in": usage.tokens_in,
                "tokens_out": usage.tokens_out,
                "cost_usd": usage.cost_usd,
                "model": usage.model,
            }
            if usage is not None
            else {}
        )
        if outcome.waiting:
            state.status = "waiting"
            state.output = outcome.output
            waiting_until = (
                now() + timedelta(seconds=outcome.waiting_until_s) if outcome.waiting_until_s else None
            )
            self.committer_or_fail().submit(
                Write(
                    steps=[
                        (
                            node_id,
                            attempt,
                            {
                                "status": "waiting",
                                "output": outcome.output,
                                "waiting_until": waiting_until,
                                **usage_fields,
                            },
                        )
                    ],
                    events=[
                        ev.StepWaiting(
                            run_id=self.run_id,
                            at=now(),
                            node_id=node_id,
                            attempt=attempt,
                            output=outcome.output,
                        )
                    ],
                    usage=usage_tuple,
                )
            )
            if outcome.waiting_until_s:
                asyncio.get_running_loop().create_task(
                    self.deps.dispatcher.execute(
                        self.run_id, self.owner_id, delay_ms=int(outcome.waiting_until_s * 1000) + 200
                    )
                )
            return
        state.status = "succeeded"
        state.output = outcome.output
        state.handles = outcome.handles
        self.committer_or_fail().submit(
            Write(
                steps=[
                    (
                        node_id,
                        attempt,
                        {
                            "status": "succeeded",
                            "output": outcome.output,
                            "handles": outcome.handles,
                            "finished_at": now(),
                            **usage_fields,
                            **({"transcript": outcome.transcript} if outcome.transcript else {}),
                        },
                    )
                ],
                events=[
                    ev.StepSucceeded(
                        run_id=self.run_id,
                        at=now(),
                        node_id=node_id,
                        attempt=attempt,
                        output=outcome.output,
                        handles=outcome.handles,
                        usage=usage,
                        duration_ms=duration_ms,
                    )
                ],
                usage=usage_tuple,
            )
        )
        budget = self._budget_exceeded(starting=False)
        if budget is not None and self._failure is None:
            self._failure = budget

    async def _fail_node(
        self, node_id: str, attempt: int, error: ev.ErrorInfo, duration_ms: int | None
    ) -> None:
        self.state.nodes[node_id].status = "failed"
        self.committer_or_fail().submit(
            Write(
                steps=[
                    (
                        node_id,
                        attempt,
                        {"status": "failed", "error": _error_json(error), "finished_at": now()},
                    )
                ],
                events=[
                    ev.StepFailed(
                        run_id=self.run_id,
                        at=now(),
                        node_id=node_id,
                        attempt=attempt,
                        error=error,
                        duration_ms=duration_ms,
                    )
                ],
            )
        )
        if self._failure is None:
            self._failure = error

    # -- approvals -------------------------------------------------------------
    async def _reload_waiting(self) -> None:
        """Pick up decisions recorded by the API on steps this execution saw waiting."""
        self.reload_requested = False
        waiting = self.state.with_status("waiting")
        if not waiting:
            return
        async with self.deps.db.as_user(self.claims) as conn:
            rows = await runs.current_steps(conn, self.run_id)
        for row in rows:
            state = self.state.nodes.get(row["node_id"])
            if state is None or state.status != "waiting" or row["status"] == "waiting":
                continue
            state.status = row["status"]
            state.output = row["output"]
            state.handles = row["handles"]
            if row["status"] == "failed" and self._failure is None:
                error = row["error"] or {}
                self._failure = ev.ErrorInfo(
                    code=error.get("code", "rejected"),
                    message=error.get("message", "rejected"),
                    node_id=row["node_id"],
                )

    async def _apply_expired_approvals(self) -> None:
        """An approval whose wait timed out gets its node's default decision (or fails)."""
        waiting = self.state.with_status("waiting")
        if not waiting:
            return
        async with self.deps.db.as_user(self.claims) as conn:
            rows = {r["node_id"]: r for r in await runs.current_steps(conn, self.run_id)}
        for node_id in waiting:
            row = rows.get(node_id)
            if row is None or row["waiting_until"] is None or row["waiting_until"] > now():
                continue
            prepared = self._prepared[node_id]
            state = self.state.nodes[node_id]
            fields: dict[str, Any]
            event: ev.RunEvent
            try:
                if prepared.on_timeout is None:
                    raise StepFailure(
                        ev.ErrorInfo(code="approval_timed_out", message="nobody decided in time")
                    )
                outcome = prepared.on_timeout(row["output"])
            except StepFailure as failure:
                error = failure.error
                error.node_id = node_id
                state.status = "failed"
                fields = {"status": "failed", "error": _error_json(error), "finished_at": now()}
                event = ev.StepFailed(
                    run_id=self.run_id, at=now(), node_id=node_id, attempt=state.attempt, error=error
                )
                self._failure = self._failure or error
            else:
                state.status, state.output, state.handles = "succeeded", outcome.output, outcome.handles
                decided_at = now()
                decision = ev.Decision(
                    approved=bool((outcome.output or {}).get("approved")),
                    comment=(outcome.output or {}).get("comment"),
                    decided_at=decided_at,
                    by_timeout=True,
                )
                fields = {
                    "status": "succeeded",
                    "output": outcome.output,
                    "handles": outcome.handles,
                    "finished_at": decided_at,
                    "decided_at": decided_at,
                    "decision": decision_record(decision),
                }
                event = ev.StepSucceeded(
                    run_id=self.run_id,
                    at=decided_at,
                    node_id=node_id,
                    attempt=state.attempt,
                    output=outcome.output,
                    handles=outcome.handles,
                    decision=decision,
                )
            self.committer_or_fail().submit(Write(steps=[(node_id, state.attempt, fields)], events=[event]))

    # -- endings ---------------------------------------------------------------
    async def _stop_tasks(self) -> list[str]:
        stopped = [n for n, t in self._tasks.items() if not t.done()]
        for task in self._tasks.values():
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        self._tasks.clear()
        return stopped

    def _duration_ms(self) -> int:
        started = getattr(self, "_started_at", None) or self._run.get("started_at") or now()
        return int((now() - started).total_seconds() * 1000)

    async def _cancel_unfinished(self) -> tuple[list[tuple[str, int, dict[str, Any]]], list[ev.RunEvent]]:
        """Stop in-flight steps; every step queued, running or waiting ends cancelled."""
        stopped = await self._stop_tasks()
        steps = []
        events: list[ev.RunEvent] = []
        state_nodes = getattr(self, "state", None)
        unfinished = state_nodes.with_status("queued", "waiting", "running") if state_nodes else []
        for node_id in dict.fromkeys([*stopped, *unfinished]):
            state = self.state.nodes[node_id]
            state.status = "cancelled"
            steps.append((node_id, max(state.attempt, 1), {"status": "cancelled", "finished_at": now()}))
            events.append(
                ev.StepCancelled(run_id=self.run_id, at=now(), node_id=node_id, attempt=max(state.attempt, 1))
            )
        return steps, events

    async def _finish_cancelled(self) -> None:
        steps, events = await self._cancel_unfinished()
        events.append(ev.RunCancelled(run_id=self.run_id, at=now(), reason="cancelled by the user"))
        await self.committer_or_fail().write(
            Write(steps=steps, events=events, run={"status": "cancelled", "finished_at": now()})
        )

    async def _finish_failed(self, error: ev.ErrorInfo) -> None:
        steps, events = await self._cancel_unfinished()
        events.append(
            ev.RunFailed(run_id=self.run_id, at=now(), error=error, duration_ms=self._duration_ms())
        )
        await self.committer_or_fail().write(
            Write(
                steps=steps,
                events=events,
                run={"status": "failed", "error": _error_json(error), "finished_at": now()},
            )
        )

    async def _finish_succeeded(self) -> None:
        outputs: dict[str, Any] = {}
        for node_id, prepared in self._prepared.items():
            state = self.state.nodes[node_id]
            if prepared.is_output and state.status == "succeeded":
                outputs[prepared.output_name or node_id] = state.output
        usage = ev.Usage(tokens_in=self._tokens[0], tokens_out=self._tokens[1], cost_usd=round(self._cost, 6))
        await self.committer_or_fail().write(
            Write(
                events=[
                    ev.RunSucceeded(
                        run_id=self.run_id,
                        at=now(),
                        outputs=outputs,
                        usage=usage,
                        duration_ms=self._duration_ms(),
                    )
                ],
                run={"status": "succeeded", "outputs": outputs, "finished_at": now()},
            )
        )


def _event_input(step_input: dict[str, Any]) -> Any:
    """The input as `step.started` carries it: whole, or a size marker over the cap."""
    size = len(msgspec.json.encode(step_input))
    if size > ev.MAX_EVENT_INPUT_BYTES:
        return {"truncated": True, "bytes": size}
    return step_input


def _error_json(error: ev.ErrorInfo) -> dict[str, Any]:
    result: dict[str, Any] = msgspec.to_builtins(error)
    return result
