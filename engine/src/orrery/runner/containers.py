"""A container step's attempt (a map, a loop): its body run once per item or iteration,
each iteration a frame of its own (`runner.frames`) scheduled with the same code as the
top level, at most `concurrency` at once.

The node type decides (`BoundContainer`): the plan (a map's items, a loop's bound), what
each iteration's templates see, what each one gives, whether to stop after one, what a
failed one makes of the step, and the step's output. The runner runs the body's steps,
keyed by scope (`scenes[3]`), so each is a durable step of its own: a container executed
again (its worker died, or it waited for a decision inside its body) restores each
iteration from its rows and runs only what is unfinished.

An iteration whose body can only wait (an approval inside it) leaves the container
waiting too; once something in its body changes, the container is executed again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from orrery.errors import StepError
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.nodes import NodeResult
from orrery.nodes.base import IterationError, IterationOutcome, IterationPlan
from orrery.nodes.registry import BoundContainer
from orrery.runner import waits
from orrery.runner.frames import Frame

if TYPE_CHECKING:
    from orrery.runner.context import StepContext
    from orrery.runner.execution import RunExecution

End = Literal["done", "failed", "blocked"]


def scope_of(frame: Frame, node_id: str, index: int) -> str:
    """The scope of iteration `index` of the container `node_id` in `frame`: `scenes[3]`,
    nested `outer[2]/scenes[3]`."""
    own = f"{node_id}[{index}]"
    return f"{frame.scope}/{own}" if frame.scope else own


@dataclass
class _Iteration:
    index: int
    frame: Frame
    task: asyncio.Task[End]


class Body:
    """The iterations of one container step's attempt."""

    def __init__(
        self,
        ex: RunExecution,
        frame: Frame,
        node_id: str,
        container: BoundContainer,
        ctx: StepContext,
        plan: IterationPlan,
    ) -> None:
        self.ex = ex
        self.frame = frame
        self.node_id = node_id
        self.container = container
        self.ctx = ctx
        self.plan = plan
        self.graph = ex.plan.body(node_id)
        self.sinks = self.graph.sinks()
        self.reads = ex.plan.nodes[node_id].reads
        self.upper = plan.count if plan.count is not None else plan.limit
        self.results: dict[int, Any] = {}
        self.errors: list[IterationError] = []
        self.running: dict[int, _Iteration] = {}
        self.blocked: dict[int, _Iteration] = {}
        self.next = 0
        self.ended = False

    async def run(self) -> NodeResult:
        try:
            while True:
                self._start()
                if not self.running:
                    break
                await asyncio.wait(
                    [i.task for i in self.running.values()], return_when=asyncio.FIRST_COMPLETED
                )
                for index in sorted(i for i, it in self.running.items() if it.task.done()):
                    await self._finish(self.running.pop(index))
        except BaseException:
            # Cancelled (the run ends), the lease lost, or an iteration failed the step: what still
            # runs stops; steps left unfinished are ended by whoever ends the run or the step.
            await _halt(self.running.values())
            raise
        if self.blocked:
            return self._waiting()
        size = self.plan.count if self.plan.count is not None else len(self.results)
        outcome = IterationOutcome(
            results=[self.results.get(i) for i in range(size)], errors=self.errors, ended_by_node=self.ended
        )
        return self.container.collect(self.plan, outcome)

    def _start(self) -> None:
        while (
            not self.ended
            and self.next < self.upper
            and len(self.running) + len(self.blocked) < self.plan.concurrency
        ):
            index, self.next = self.next, self.next + 1
            # One at a time (a loop), every earlier iteration's result; several at once, none.
            previous = [self.results[i] for i in range(index)] if self.plan.concurrency == 1 else []
            variables = {**self.frame.variables, **self.container.variables(self.plan, index, previous)}
            scope = scope_of(self.frame, self.node_id, index)
            frame = Frame(
                self.ex,
                scope=scope,
                graph=self.graph,
                variables=variables,
                parent=self.frame,
                container=self.node_id,
                wakeup=asyncio.Event(),
            )
            self.ex.open_frame(frame)
            task = asyncio.create_task(drive(frame), name=f"{self.ex.run_id}:{scope}")
            self.running[index] = _Iteration(index, frame, task)

    async def _finish(self, iteration: _Iteration) -> None:
        end = iteration.task.result()  # a lost lease (or a bug) propagates
        frame = iteration.frame
        if end == "blocked":
            self.blocked[iteration.index] = iteration
            return
        self.ex.close_frame(frame)
        failure = frame.failure
        if end == "done":
            try:
                ctx = self.ctx.within(frame, frame.outputs_for(self.reads))
                result = await self.container.iteration_result(ctx, self.sinks)
                self.ended = await self.container.iteration_ends(ctx, result)
                self.results[iteration.index] = result
                return
            except StepError as exc:
                failure = t.error_info(exc, self.node_id)
        assert failure is not None
        error = IterationError(
            index=iteration.index, code=failure.code, message=failure.message, node_id=failure.node_id
        )
        if self.plan.stop_on_failure:
            await self._stop_others()
            raise self.container.iteration_failed(error)
        self.errors.append(error)
        self.results[iteration.index] = None

    async def _stop_others(self) -> None:
        """An iteration failed the step: the others stop, their unfinished steps cancelled."""
        others = [*self.running.values(), *self.blocked.values()]
        await _halt(others)
        for other in others:
            self.ex.committer.submit(other.frame.cancelled_steps())
            self.ex.close_frame(other.frame)
        self.running.clear()
        self.blocked.clear()

    def _waiting(self) -> NodeResult:
        """Every iteration still open waits for a decision in its body: so does the step, listing
        the steps it waits on (through the containers inside it: the ones a decision is for)."""
        waiting = [entry for it in self.blocked.values() for entry in waiting_on(it.frame)]
        return NodeResult(output={"waiting": waiting, "done": len(self.results)}, waiting=True)


def waiting_on(frame: Frame) -> list[dict[str, str]]:
    """The steps a frame's waiting nodes wait on: themselves, or for a waiting container, the
    steps it listed."""
    found: list[dict[str, str]] = []
    for node_id in frame.state.with_status("waiting"):
        if frame.ex.plan.nodes[node_id].container is None:
            found.append({"scope": frame.scope, "node_id": node_id})
            continue
        pending = frame.state.nodes[node_id].output
        found += pending.get("waiting", []) if isinstance(pending, dict) else []
    return found


async def run_body(
    ex: RunExecution, frame: Frame, node_id: str, container: BoundContainer, ctx: StepContext
) -> NodeResult:
    """One attempt of a container step: plan its iterations, run them, give its result."""
    plan = await container.iterations(ctx, ex.limits)
    if ctx.redactor and plan.items is not None:  # items become the body's variables: no secret in them
        plan = msgspec.structs.replace(plan, items=ctx.redactor.value(plan.items))
    return await Body(ex, frame, node_id, container, ctx, plan).run()


async def drive(frame: Frame) -> End:
    """Schedule one iteration's body until it is done, failed, or can only wait."""
    ex = frame.ex
    try:
        await waits.decide_expired_in(frame)
        while True:
            if frame.failure is not None:
                await frame.stop_tasks()
                ex.committer.submit(frame.cancelled_steps())
                return "failed"
            if ex.failure is not None:
                await _until_cancelled()  # the run fails: the top level stops every step, these too
            if frame.decide():
                continue
            frame.start_queued()
            if ex.failure is not None:
                continue
            if not frame.tasks:
                if frame.state.with_status("waiting"):
                    return "blocked"
                if frame.state.all_terminal():
                    return "done"
                never = ", ".join(frame.state.with_status("pending"))
                frame.fail(ev.ErrorInfo(code="unschedulable", message=f"nodes can never run: {never}"))
                continue
            await frame.wait_for_news()
    finally:
        await frame.stop_tasks()


async def _until_cancelled() -> None:
    await asyncio.get_running_loop().create_future()


async def _halt(iterations: Iterable[_Iteration]) -> None:
    tasks = [it.task for it in iterations if not it.task.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)
