"""Executing one run on one worker, under its lease, until it ends, waits, or is taken over.

A worker takes the run's lease (`lease.claim`), restores the run from Postgres, and runs
its ready nodes concurrently with asyncio (`attempts`), committing every state change
through the run's `Committer`; every change is built in `events.transitions`. The lease
is renewed while it works; losing it stops the execution without another write. However
it stops (finished, waiting for a verdict, cancelled, failed, crashed), Postgres holds
everything another worker needs to go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from orrery.errors import LeaseLost
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.runner import attempts, children, endings, failpoints, lease, waits
from orrery.runner.budget import Spend
from orrery.runner.committer import Committer
from orrery.runner.deps import RunnerDeps
from orrery.runner.errors import CancelRequested
from orrery.runner.lease import ACTIVE, Claim
from orrery.runner.plan import RunPlan
from orrery.runner.signals import RunSignals
from orrery.runner.state import RunState

log = logging.getLogger(__name__)


def owner_claims(owner_id: str) -> dict[str, Any]:
    """Workers act as the run's owner: RLS applies to them as to the API."""
    return {"sub": owner_id, "role": "authenticated", "aud": "authenticated"}


async def execute_run(deps: RunnerDeps, run_id: str, owner_id: str, signals: RunSignals) -> str:
    """Execute a run until it ends, waits, or is taken over; returns what happened."""
    claim = await lease.claim(deps, run_id, owner_claims(owner_id))
    if isinstance(claim, str):
        return claim
    return await RunExecution(deps, claim, signals).run()


class RunExecution:
    """One run, held by this worker: its plan, its state, its writer, its spending."""

    def __init__(self, deps: RunnerDeps, claim: Claim, signals: RunSignals) -> None:
        run = claim.run
        self.deps = deps
        self.signals = signals
        self.run_id = str(run["id"])
        self.owner_id = str(run["owner_id"])
        self.claims = owner_claims(self.owner_id)
        self.token = claim.token
        self.careful = claim.taken_over
        """The last holder died or froze with the run: a step may be what kills workers, so every
        step's start is made durable before it executes (its executions count), pure ones too."""
        self.inputs: Mapping[str, Any] = dict(run.get("inputs") or {})
        found = RunPlan.of(claim.spec, deps.registry)
        self.plan = found or RunPlan.empty()
        self.version_missing = found is None
        self.state = RunState(self.plan.graph, self.plan.default_handle)
        self.interrupted = set(self.state.load(claim.steps, claim.attempts))
        """Steps a lost worker left running: executed again under the same attempt."""
        self.queue = deque(self.state.in_order(self.state.with_status("queued")))
        """Steps ready and queued, waiting for room in the run, first come first started."""
        self.spend = Spend.of(run, deps.settings, steps_started=sum(claim.attempts.values()))
        self.failure: ev.ErrorInfo | None = _first_failure(claim.steps)
        """What fails the run once its steps in flight are stopped."""
        self.status = str(run["status"])
        self.first_start = run["started_at"] is None
        self.started_at = run["started_at"] or t.now()
        self.deadline = self.started_at + timedelta(seconds=deps.settings.run_timeout_s)
        if run["cancel_requested_at"] is not None:
            signals.request_cancel()
        self.committer = Committer(
            deps.db, self.claims, self.run_id, self.token, deps.publisher, int(run["last_event_seq"])
        )
        self.committer.on_ending = children.ending_hook(self, run)
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self._background: set[asyncio.Future[Any]] = set()

    # -- the lifecycle -------------------------------------------------------------------
    async def run(self) -> str:
        self.deps.publisher.prime(self.run_id, self.committer.last_seq)
        self.committer.start()
        keeper = asyncio.create_task(
            lease.keep(self.deps, self.run_id, self.claims, self.token, self.signals),
            name=f"lease:{self.run_id}",
        )
        outcome = "lost"
        try:
            try:
                outcome = await self._drive()
            except CancelRequested:  # acknowledged before the run could end or park: it ends cancelled
                outcome = await endings.cancelled(self)
            await self.committer.flush()
            outcome = await self._let_go(outcome)
        except LeaseLost as exc:
            log.warning("run %s: %s", self.run_id, exc)
            outcome = "lost"
        finally:
            keeper.cancel()
            await self.stop_tasks()
            if self._background:  # wake-up messages being sent
                await asyncio.gather(*self._background, return_exceptions=True)
            await self.committer.close()
            self.deps.publisher.forget(self.run_id)
        return outcome

    async def _drive(self) -> str:
        if self.version_missing:
            return await endings.failed(
                self, ev.ErrorInfo(code="version_missing", message="workflow version not found")
            )
        if self.signals.cancel.is_set():
            return await endings.cancelled(self)
        if self.status != "running" or self.first_start:
            self.committer.submit(
                t.run_started(self.run_id, started_at=self.started_at, first=self.first_start)
            )
        await waits.decide_expired(self)
        await children.recheck(self)
        return await self._schedule()

    async def _let_go(self, outcome: str) -> str:
        """Release the lease, then look once more: a change made while we held it (a decision,
        a retry) whose message found the lease taken is picked up now. A cancel requested while
        we held it is never left behind: the release is refused, and the run ends cancelled."""
        await failpoints.pause_at(self.deps.settings, failpoints.PAUSE_BEFORE_RELEASE)
        current = await lease.release(self.deps, self.run_id, self.claims, self.token)
        if current is None:
            return outcome
        if not current["released"]:
            await endings.cancelled(self)
            await self.committer.flush()
            return await self._let_go("cancelled")
        changed = int(current["last_event_seq"]) > self.committer.last_seq
        if current["status"] in ACTIVE and (changed or current["status"] != "waiting"):
            await self.deps.dispatcher.execute(self.run_id, self.owner_id)
        return outcome

    # -- the scheduling loop ---------------------------------------------------------------
    async def _schedule(self) -> str:
        while True:
            if self.signals.lost:
                raise LeaseLost("lease taken over")
            if self.signals.cancel.is_set():
                return await endings.cancelled(self)
            if self.failure is not None:
                return await endings.failed(self, self.failure)
            if t.now() >= self.deadline:
                limit = self.deps.settings.run_timeout_s
                message = f"the run exceeded its time limit ({limit:.0f} s)"
                return await endings.failed(self, ev.ErrorInfo(code="run_timeout", message=message))
            if self.signals.reload:
                await waits.reload(self)
            to_run, to_skip = self.state.next_decisions()
            self._skip(to_skip)
            self._enqueue(to_run)
            if to_skip:
                continue  # what they lead to may be decided now
            self._start_queued()
            if self.failure is not None:
                continue
            if not self.tasks:
                if self.state.with_status("waiting") and await waits.reload(self):
                    continue
                return await self._settle()
            await self._wait_for_news()

    def _enqueue(self, node_ids: list[str]) -> None:
        """Ready nodes get their attempt number and wait for room in the run (`step.queued`).
        A step a lost worker left running keeps its attempt: it is executed again."""
        changes = []
        for node_id in node_ids:
            state = self.state.nodes[node_id]
            if node_id in self.interrupted:
                self.interrupted.discard(node_id)
                state.attempt = max(state.attempt, 1)
            else:
                state.attempt, state.executions = state.attempt + 1, 0
            self.state.set(node_id, "queued")
            self.queue.append(node_id)
            changes.append(t.step_queued(self.run_id, node_id, state.attempt))
        if changes:
            self.committer.submit(t.combine(changes))

    def _start_queued(self) -> None:
        room = self.deps.settings.max_parallel_per_run - len(self.tasks)
        while self.queue and room > 0:
            budget = self.spend.exceeded(starting=True)
            if budget is not None:
                self.fail_run_if(budget)
                return
            node_id = self.queue.popleft()
            self.spend.steps += 1
            self.state.set(node_id, "running")
            self.tasks[node_id] = asyncio.create_task(
                attempts.run_node(self, node_id), name=f"{self.run_id}:{node_id}"
            )
            room -= 1

    def _skip(self, node_ids: list[str]) -> None:
        if not node_ids:
            return
        changes = []
        for node_id in node_ids:
            self.state.set(node_id, "skipped")
            changes.append(t.step_skipped(self.run_id, node_id, max(self.state.nodes[node_id].attempt, 1)))
        self.committer.submit(t.combine(changes))

    async def _settle(self) -> str:
        """Nothing runs or can start: the run has ended, or it waits for a verdict."""
        waiting = self.state.with_status("waiting")
        if waiting:
            return await endings.parked(self, waiting)
        if self.state.all_terminal():
            return await endings.succeeded(self)
        never = ", ".join(self.state.with_status("pending"))
        return await endings.failed(
            self, ev.ErrorInfo(code="unschedulable", message=f"nodes can never run: {never}")
        )

    async def _wait_for_news(self) -> None:
        """Until a step ends or a signal arrives (cancel, decision, lost lease)."""
        self.signals.wakeup.clear()
        waiter = asyncio.create_task(self.signals.wakeup.wait())
        timeout = max(0.0, (self.deadline - t.now()).total_seconds())
        await asyncio.wait(
            [*self.tasks.values(), waiter], timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        waiter.cancel()
        for node_id, task in list(self.tasks.items()):
            if task.done():
                del self.tasks[node_id]
                if not task.cancelled() and (error := task.exception()) is not None:
                    raise error

    # -- what the parts share ---------------------------------------------------------------
    def fail_step(
        self, node_id: str, attempt: int, error: ev.ErrorInfo, duration_ms: int | None = None
    ) -> None:
        """The step failed for good: so does the run, once its steps in flight are stopped."""
        self.state.set(node_id, "failed")
        self.committer.submit(
            t.step_failed(self.run_id, node_id, attempt, error=error, duration_ms=duration_ms)
        )
        self.fail_run_if(error)

    def fail_run_if(self, error: ev.ErrorInfo | None) -> None:
        if error is not None and self.failure is None:
            self.failure = error

    def background(self, future: asyncio.Future[Any]) -> None:
        """Keep a fire-and-forget task alive until it is done."""
        self._background.add(future)
        future.add_done_callback(self._background.discard)

    def duration_ms(self) -> int:
        return int((t.now() - self.started_at).total_seconds() * 1000)

    async def stop_tasks(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        if self.tasks:
            await asyncio.gather(*self.tasks.values(), return_exceptions=True)
        self.tasks.clear()


def _first_failure(steps: list[dict[str, Any]]) -> ev.ErrorInfo | None:
    """A step that failed before this execution (a rejection recorded by the API) fails the run."""
    for row in steps:
        if row["status"] == "failed":
            error = row["error"] or {}
            return ev.ErrorInfo(
                code=str(error.get("code", "step_failed")),
                message=str(error.get("message", f"step {row['node_id']} failed")),
                node_id=row["node_id"],
            )
    return None
