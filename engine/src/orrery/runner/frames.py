"""A frame: one level of a run being scheduled. The top level is a frame; so is each
iteration of a container's body (a map's item, a loop's round), scheduled with the same
code: readiness and skips (`RunState`), queued steps, their tasks, failures.

A frame has a scope (`""` at the top level, `scenes[3]` for item 3 of the container
`scenes`, nested with `/`), the graph of its level, the variables its templates see
(`map.item`...), and a parent: a body step reads the steps of its own iteration first,
then those upstream of its container, level after level. Steps are keyed by
(scope, node, attempt) in rows, events and here.

A step failure goes down the node's `error` branch when it has one (`handled`); otherwise
it fails the frame: the run at the top level, the iteration in a body.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import TYPE_CHECKING, Any

from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.runner.state import RunState
from orrery.spec import ERROR_HANDLE, Graph

if TYPE_CHECKING:
    from orrery.runner.execution import RunExecution

UNFINISHED = ("queued", "running", "waiting")


class Frame:
    def __init__(
        self,
        ex: RunExecution,
        *,
        scope: str,
        graph: Graph,
        variables: dict[str, Any],
        parent: Frame | None,
        container: str | None,
        wakeup: asyncio.Event,
    ) -> None:
        self.ex = ex
        self.scope = scope
        self.state = RunState(graph, ex.plan.default_handle)
        self.variables = variables
        """What its templates see besides `inputs` and `steps` (its containers' variables)."""
        self.parent = parent
        self.container = container
        """The container node whose body this is (a node of `parent`); None at the top level."""
        self.wakeup = wakeup
        """Set when one of its steps ends (the top level's is the run's signals' wake-up)."""
        self.queue: deque[str] = deque()
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.interrupted: set[str] = set()
        """Steps a lost worker left running: executed again under the same attempt."""
        self.failure: ev.ErrorInfo | None = None
        """A body's first unhandled failure: it fails the iteration (the run's is `ex.failure`)."""
        self.unsubmitted: dict[str, t.Change] = {}
        """Pure steps' `step.queued`, submitted by the step's task when it begins (`queued_change`):
        with its start and success in one commit, it is folded away (`Change.foldable`)."""

    @property
    def top(self) -> bool:
        return self.parent is None

    def restore(self, rows: list[dict[str, Any]], attempts: dict[str, int]) -> None:
        """Its steps as Postgres has them. A container that waited for a decision in its body
        is executed again (under the same attempt): it restores its iterations in turn. In a
        body, a step a stopped run left cancelled runs again, and a failure no branch took
        fails the iteration again."""
        rerun = frozenset() if self.top else frozenset({"cancelled"})
        self.interrupted = set(self.state.load(rows, attempts, rerun=rerun))
        for node_id in self.state.with_status("waiting"):
            if self.ex.plan.nodes[node_id].container is not None:
                self.state.nodes[node_id].status = "pending"
                self.interrupted.add(node_id)
        self.queue = deque(self.state.in_order(self.state.with_status("queued")))
        if not self.top:
            for row in rows:
                if row["status"] == "failed" and not row.get("handled") and self.failure is None:
                    self.failure = failure_of(row)

    # -- scheduling ------------------------------------------------------------------------
    def decide(self) -> bool:
        """Skip and queue what became decidable; True when something was skipped (what it
        leads to may be decidable now)."""
        to_run, to_skip = self.state.next_decisions()
        self._skip(to_skip)
        self._enqueue(to_run)
        return bool(to_skip)

    def start_queued(self) -> None:
        """Start every queued step, each counted against the run's step budget first."""
        ex = self.ex
        while self.queue:
            budget = ex.spend.exceeded(starting=True)
            if budget is not None:
                ex.fail_run_if(budget)
                return
            node_id = self.queue.popleft()
            ex.spend.steps += 1
            self.state.set(node_id, "running")
            task = asyncio.create_task(ex.run_node(self, node_id), name=f"{ex.run_id}:{self.scope}/{node_id}")
            task.add_done_callback(self._task_ended)
            self.tasks[node_id] = task

    def _enqueue(self, node_ids: list[str]) -> None:
        """Ready nodes get their attempt number and wait to start (`step.queued`). A step a
        lost worker left running keeps its attempt: it is executed again."""
        changes = []
        careful = self.ex.careful
        for node_id in node_ids:
            state = self.state.nodes[node_id]
            if node_id in self.interrupted:
                self.interrupted.discard(node_id)
                state.attempt = max(state.attempt, 1)
            else:
                state.attempt, state.executions = state.attempt + 1, 0
            self.state.set(node_id, "queued")
            self.queue.append(node_id)
            if self.ex.plan.nodes[node_id].pure and not careful:
                change = t.step_queued(
                    self.ex.run_id, node_id, state.attempt, scope=self.scope, foldable=True
                )
                self.unsubmitted[node_id] = change
            else:
                changes.append(t.step_queued(self.ex.run_id, node_id, state.attempt, scope=self.scope))
        if changes:
            self.ex.committer.submit(t.combine(changes))

    def _skip(self, node_ids: list[str]) -> None:
        if not node_ids:
            return
        changes = []
        for node_id in node_ids:
            self.state.set(node_id, "skipped")
            attempt = max(self.state.nodes[node_id].attempt, 1)
            changes.append(t.step_skipped(self.ex.run_id, node_id, attempt, scope=self.scope))
        self.ex.committer.submit(t.combine(changes))

    def queued_change(self, node_id: str) -> t.Change | None:
        """A pure step's `step.queued`, not submitted yet (its task submits it as it begins)."""
        return self.unsubmitted.pop(node_id, None)

    def _task_ended(self, _: asyncio.Task[None]) -> None:
        self.wakeup.set()

    async def wait_for_news(self, timeout: float | None = None) -> None:
        """Until one of its steps ends (each sets the wake-up as it ends, however it ends) or
        its wake-up is set otherwise. No task per wait (an `asyncio.wait` on the step tasks
        and a waiter task cost ~3% of a worker's CPU under 100 runs)."""
        if not any(task.done() for task in self.tasks.values()):
            self.wakeup.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self.wakeup.wait()
        for node_id, task in list(self.tasks.items()):
            if task.done():
                del self.tasks[node_id]
                if not task.cancelled() and (error := task.exception()) is not None:
                    raise error

    async def stop_tasks(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        if self.tasks:
            await asyncio.gather(*self.tasks.values(), return_exceptions=True)
        self.tasks.clear()

    def cancelled_steps(self) -> t.Change:
        """Every step still queued, running or waiting, ended cancelled (its tasks stopped first)."""
        unfinished = self.state.with_status(*UNFINISHED)
        attempt = self.state.nodes
        never_begun = [self.unsubmitted.pop(n) for n in unfinished if n in self.unsubmitted]
        return t.combine(
            [
                *never_begun,
                *(
                    t.step_cancelled(self.ex.run_id, n, max(attempt[n].attempt, 1), scope=self.scope)
                    for n in unfinished
                ),
            ]
        )

    # -- failures ----------------------------------------------------------------------------
    def fail_step(
        self, node_id: str, attempt: int, error: ev.ErrorInfo, duration_ms: int | None = None
    ) -> None:
        """The step failed for good: its `error` branch takes it, or it fails this frame (the
        run, once its steps in flight are stopped; or this iteration)."""
        handled = self.state.has_error_branch(node_id)
        output = t.handled_output(error, attempt) if handled else None
        self.state.set(
            node_id, "failed", output=output, handles=[ERROR_HANDLE] if handled else None, handled=handled
        )
        self.ex.committer.submit(
            t.step_failed(
                self.ex.run_id,
                node_id,
                attempt,
                error=error,
                duration_ms=duration_ms,
                handled=handled,
                scope=self.scope,
            )
        )
        if not handled:
            self.fail(error)

    def fail(self, error: ev.ErrorInfo) -> None:
        if self.top:
            self.ex.fail_run_if(error)
        elif self.failure is None:
            self.failure = error
            self.wakeup.set()

    # -- what a step reads -------------------------------------------------------------------
    def step_input(self, node_id: str, reads: frozenset[str] | None) -> dict[str, Any]:
        """The outputs a step reads: those its templates reference (`reads`; None: every step
        upstream, its containers' upstream steps too), or, referencing none, its live direct
        predecessors. A name not in this level is looked up in the levels around it."""
        if reads is None:
            return self.upstream_outputs(node_id)
        names = sorted(reads) if reads else self.state.live_predecessors(node_id)
        found: dict[str, Any] = {}
        for name in names:
            frame = self.holder(name)
            if frame is not None:
                found[name] = frame.state.nodes[name].output
        return found

    def upstream_outputs(self, node_id: str) -> dict[str, Any]:
        """Every finished step upstream of `node_id`, and upstream of its containers."""
        outer = self.parent.upstream_outputs(self.container) if self.parent and self.container else {}
        return {**outer, **self.state.upstream_outputs(node_id)}

    def holder(self, name: str) -> Frame | None:
        """The nearest frame (this one, or one around it) that has a node `name`."""
        frame: Frame | None = self
        while frame is not None and name not in frame.state.nodes:
            frame = frame.parent
        return frame

    def outputs_for(self, reads: frozenset[str] | None) -> dict[str, Any]:
        """What a container's `result`/`until` read in this iteration: every finished body step,
        and the steps they reference around it."""
        outer = (
            self.parent.upstream_outputs(self.container)
            if reads is None and self.parent and self.container
            else {}
        )
        found = {**outer, **self.state.finished_outputs()}
        for name in reads or ():
            if name not in found and (frame := self.holder(name)) is not None:
                found[name] = frame.state.nodes[name].output
        return found


def failure_of(row: dict[str, Any]) -> ev.ErrorInfo:
    """A failed step row's error, as the run or an iteration fails with it."""
    error = row["error"] or {}
    return ev.ErrorInfo(
        code=str(error.get("code", "step_failed")),
        message=str(error.get("message", f"step {row['node_id']} failed")),
        node_id=row["node_id"],
        details=error.get("details"),
    )
