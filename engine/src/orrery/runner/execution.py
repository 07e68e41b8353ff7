"""Executing one run on one worker, under its lease, until it ends, waits, or is taken over.

A worker takes the run's lease (`lease.claim`), restores the run from Postgres, and runs
its ready nodes concurrently with asyncio (`attempts`), committing every state change
through the run's `Committer`; every change is built in `events.transitions`. The top
level is one frame (`frames`); a container step runs its body's iterations as frames of
their own (`containers`), at most `max_parallel_per_run` steps of the run at once (fewer
when the workflow's `settings.max_parallel` says so). The lease is renewed while it works;
losing it stops the execution without another write. However it stops (finished, waiting
for a verdict, cancelled, failed, crashed), Postgres holds everything another worker needs
to go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Mapping
from datetime import timedelta
from typing import Any

from orrery.errors import LeaseLost
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.nodes.base import ContainerLimits
from orrery.runner import attempts, children, endings, failpoints, lease, waits
from orrery.runner.budget import Spend
from orrery.runner.committer import Committer
from orrery.runner.deps import RunnerDeps
from orrery.runner.errors import CancelRequested, WaitEnded
from orrery.runner.frames import Frame, failure_of
from orrery.runner.lease import ACTIVE, Claim
from orrery.runner.plan import RunPlan
from orrery.runner.signals import RunSignals
from orrery.runner.state import RunState
from orrery.store.claims import owner_claims
from orrery.store.runs import TOP

log = logging.getLogger(__name__)


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
        self.plan = claim.plan or RunPlan.empty()
        self.version_missing = claim.plan is None
        self.limits = ContainerLimits(
            max_items=deps.settings.map_max_items, max_iterations=deps.settings.loop_max_iterations
        )
        self.rows: dict[str, list[dict[str, Any]]] = {}
        """Step rows by scope, as last read from Postgres: what a frame is restored from."""
        self.attempts: dict[str, dict[str, int]] = claim.attempts
        self.remember(claim.steps)
        self.slots = asyncio.Semaphore(_max_parallel(self.plan, deps.settings.max_parallel_per_run))
        """Steps of this run that execute at once (a container's step takes none)."""
        self.top = Frame(
            self,
            scope=TOP,
            graph=self.plan.graph,
            variables={},
            parent=None,
            container=None,
            wakeup=signals.wakeup,
        )
        self.frames: dict[str, Frame] = {TOP: self.top}
        """Every frame open in this execution (the top level, iterations under way)."""
        self.spend = Spend.of(
            run,
            deps.settings,
            # A fork's seeded steps were never executed here: they do not count against its steps.
            steps_started=sum(sum(by_node.values()) for by_node in claim.attempts.values()) - claim.seeded,
        )
        self.failure: ev.ErrorInfo | None = None
        """What fails the run once its steps in flight are stopped."""
        self.top.restore(self.rows.get(TOP, []), self.attempts.get(TOP, {}))
        self.failure = _first_failure(self.rows.get(TOP, []))
        self.status = str(run["status"])
        self.first_start = run["started_at"] is None
        self.started_at = run["started_at"] or t.now()
        self.deadline = self.started_at + timedelta(seconds=self.spend.time_limit_s(deps.settings))
        if run["cancel_requested_at"] is not None:
            signals.request_cancel()
        self.committer = Committer(
            deps.db, self.claims, self.run_id, self.token, deps.publisher, int(run["last_event_seq"])
        )
        self.committer.batcher = deps.commits
        # The lease goes with the run's ending, in its transaction (unless a test holds it on)
        self.committer.release_with_ending = failpoints.PAUSE_BEFORE_RELEASE not in deps.settings.failpoints
        self.committer.on_ending = children.ending_hook(self, run)
        self._background: set[asyncio.Future[Any]] = set()

    @property
    def state(self) -> RunState:
        """The top level's `RunState`."""
        return self.top.state

    # -- the lifecycle -------------------------------------------------------------------
    async def run(self) -> str:
        self.deps.publisher.prime(self.run_id, self.committer.last_seq)
        self.committer.start()
        self.deps.keeper.hold(self.run_id, self.claims, self.token, self.signals)
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
            self.deps.keeper.drop(self.run_id, self.token)
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
        current, self.committer.released = self.committer.released, None
        if current is None:  # not given up with the ending (parked, committed alone, ...)
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
        top = self.top
        while True:
            if self.signals.lost:
                raise LeaseLost("lease taken over")
            if self.signals.cancel.is_set():
                return await endings.cancelled(self)
            if self.failure is not None:
                return await endings.failed(self, self.failure)
            if t.now() >= self.deadline:
                over = self.spend.out_of_time(self.deps.settings, self.duration_ms() / 1000)
                return await endings.failed(self, over)
            if self.signals.reload:
                await waits.reload(self)
            if top.decide():
                continue  # what they lead to may be decided now
            top.start_queued()
            if self.failure is not None:
                continue
            if not top.tasks:
                if self.state.with_status("waiting") and await waits.reload(self):
                    continue
                try:
                    return await self._settle()
                except WaitEnded:  # decided while parking: pick it up and go on
                    continue
            await top.wait_for_news(timeout=max(0.0, (self.deadline - t.now()).total_seconds()))

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

    # -- what the parts share ---------------------------------------------------------------
    def run_node(self, frame: Frame, node_id: str) -> Coroutine[Any, Any, None]:
        """Every attempt of one step (what a frame starts as a task)."""
        return attempts.run_node(self, frame, node_id)

    def fail_step(
        self, node_id: str, attempt: int, error: ev.ErrorInfo, duration_ms: int | None = None
    ) -> None:
        """A top-level step failed for good (its error branch, or the run's failure)."""
        self.top.fail_step(node_id, attempt, error, duration_ms)

    def remember(self, rows: list[dict[str, Any]]) -> None:
        """Step rows just read from Postgres: what frames are restored from from now on."""
        by_scope: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_scope.setdefault(row["scope"], []).append(row)
        self.rows = by_scope

    def open_frame(self, frame: Frame) -> None:
        """An iteration starts: restored from its rows, and known to the run's endings."""
        frame.restore(self.rows.get(frame.scope, []), self.attempts.get(frame.scope, {}))
        self.frames[frame.scope] = frame

    def close_frame(self, frame: Frame) -> None:
        if self.frames.get(frame.scope) is frame:
            del self.frames[frame.scope]

    def fail_run_if(self, error: ev.ErrorInfo | None) -> None:
        if error is not None and self.failure is None:
            self.failure = error
            self.signals.wakeup.set()  # the top level may be waiting on a container's body

    def background(self, future: asyncio.Future[Any]) -> None:
        """Keep a fire-and-forget task alive until it is done."""
        self._background.add(future)
        future.add_done_callback(self._background.discard)

    def duration_ms(self) -> int:
        return int((t.now() - self.started_at).total_seconds() * 1000)

    async def stop_tasks(self) -> None:
        """Stop the top level's steps (a container's stops its iterations, which stop theirs)."""
        await self.top.stop_tasks()


def _max_parallel(plan: RunPlan, ceiling: int) -> int:
    """The workflow's concurrency per run (`settings.max_parallel`), at most the operator's."""
    own = plan.doc.settings.max_parallel
    return ceiling if own is None else max(1, min(own, ceiling))


def _first_failure(rows: list[dict[str, Any]]) -> ev.ErrorInfo | None:
    """A step that failed before this execution (a rejection recorded by the API) fails the run,
    unless its error branch took it."""
    for row in rows:
        if row["status"] == "failed" and not row.get("handled"):
            return failure_of(row)
    return None
