"""Renders that are not trivially cheap run here: a few threads per process, off the loop
(and compiling, in a thread of its own, so a costly render never delays a cheap template).

`RenderPool.run(budget, fn, *args)` runs `fn` in a render thread with `budget` active and
awaits it. A thread cannot be killed, so what stops a render is its budget: when the
awaiting task is cancelled (the node's timeout fired, the run was cancelled) the budget is
cancelled too, and the render raises at its next check; a render still queued never
starts. The threads are created on first use in the process that renders (a Dramatiq
worker forks before it renders), like asyncio's default executor; they hold no
connection, only CPU.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from orrery.nodes.sandbox.budget import Budget

T = TypeVar("T")


class RenderPool:
    def __init__(self, threads: int, name: str = "orrery-template") -> None:
        self.threads = threads
        self.name = name
        self._executor: ThreadPoolExecutor | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None or self._pid != os.getpid():
            with self._lock:
                if self._executor is None or self._pid != os.getpid():
                    self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix=self.name)
                    self._pid = os.getpid()
        return self._executor

    async def run(self, budget: Budget, fn: Callable[..., T], *args: Any) -> T:
        budget.in_thread = True
        future = asyncio.get_running_loop().run_in_executor(self._pool(), _in_thread, budget, fn, args)
        try:
            return await future
        except asyncio.CancelledError:
            budget.cancel()
            raise

    def shutdown(self) -> None:
        """Stop the threads once their renders end (tests, reconfiguration)."""
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def _in_thread(budget: Budget, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
    budget.start()
    token = budget.enter()
    try:
        return fn(*args)
    finally:
        budget.leave(token)
