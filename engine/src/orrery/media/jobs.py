"""Running a blocking render off the event loop, with progress and prompt cancellation.

`run_blocking(work, on_progress)` runs `work(cancel, progress)` in a thread. `work` checks
`cancel` between frames and reports `progress(fraction)`; the reports reach `on_progress`
on the loop, at most one per `interval_s`, as (percent, eta seconds). When the awaiting task
is cancelled (the step is cancelled or timed out) the flag is set and the thread is awaited,
so no render outlives its step.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
Progress = Callable[[float], None]


async def run_blocking(
    work: Callable[[threading.Event, Progress], T],
    on_progress: Callable[[int, float | None], Coroutine[Any, Any, None]] | None = None,
    *,
    interval_s: float = 1.0,
) -> T:
    loop = asyncio.get_running_loop()
    cancel = threading.Event()
    started = time.monotonic()
    last = {"at": 0.0, "percent": -1}
    pending: set[asyncio.Task[None]] = set()

    def report(percent: int, eta: float | None) -> None:
        if on_progress is not None:
            task = loop.create_task(on_progress(percent, eta))
            pending.add(task)
            task.add_done_callback(pending.discard)

    def progress(fraction: float) -> None:
        now = time.monotonic()
        percent = max(0, min(100, int(fraction * 100)))
        if percent == last["percent"] or (now - last["at"] < interval_s and percent < 100):
            return
        last["at"], last["percent"] = now, percent
        elapsed = now - started
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else None
        loop.call_soon_threadsafe(report, percent, None if eta is None else round(eta, 1))

    future = loop.run_in_executor(None, work, cancel, progress)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        cancel.set()
        await asyncio.wait([future])
        raise
    finally:
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
