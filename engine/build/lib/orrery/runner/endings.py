"""How an execution stops with the run: ended (succeeded, failed, cancelled) or parked
waiting for a verdict. Every step still queued, running or waiting ends cancelled with
a run that ends, in a container's body too. An ending or a parking is refused
(`CancelRequested`) when a cancel was requested meanwhile: the run then ends cancelled
instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.runner import children

if TYPE_CHECKING:
    from orrery.runner.execution import RunExecution


async def succeeded(ex: RunExecution) -> str:
    await children.stop_descendants(ex)
    outputs: dict[str, Any] = {}
    for node_id, state in ex.state.nodes.items():
        name = ex.plan.nodes[node_id].run_output()
        if name is not None and state.status == "succeeded":
            outputs[name] = state.output
    change = t.run_succeeded(ex.run_id, outputs=outputs, usage=ex.spend.total(), duration_ms=ex.duration_ms())
    await ex.committer.write(change)
    return "succeeded"


async def failed(ex: RunExecution, error: ev.ErrorInfo) -> str:
    change = await _unfinished_cancelled(ex) + t.run_failed(
        ex.run_id, error=error, duration_ms=ex.duration_ms()
    )
    await ex.committer.write(change)
    return "failed"


async def cancelled(ex: RunExecution) -> str:
    change = await _unfinished_cancelled(ex) + t.run_cancelled(ex.run_id)
    await ex.committer.write(change)
    return "cancelled"


async def parked(ex: RunExecution, waiting: list[str]) -> str:
    await ex.committer.write(t.run_waiting(ex.run_id, waiting_nodes=waiting))
    return "waiting"


async def _unfinished_cancelled(ex: RunExecution) -> t.Change:
    """Stop every step (a container stops its body's), then end those unfinished cancelled, in
    every frame still open (the top level, iterations under way or waiting)."""
    await ex.stop_tasks()
    await children.stop_descendants(ex)
    return t.combine([frame.cancelled_steps() for frame in list(ex.frames.values())])
