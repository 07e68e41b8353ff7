"""`StepGate`: the worker process's step slots (`ORRERY_MAX_PARALLEL_PER_WORKER`), handed out
fairly when steps wait for one, instead of first come, first served.

With a plain semaphore, a step that finds every slot taken queues behind every step that
waited before it: one user's burst of runs (or one run's wide fan-out) puts hundreds of steps
in the queue, and another user's new run waits for all of them before its first step starts.
Here a freed slot goes, in order:
1. to the owner with the fewest slots in use (users share the worker evenly, whatever the
   number of runs each started);
2. within that owner, to the run that has been granted the fewest slots so far in this
   process (least attained service: a new run's first steps go ahead of long runs' later
   steps, so a start is not queued behind the backlog);
3. then first come, first served.

A step that finds a free slot and nobody waiting takes it at once: fairness costs nothing
until the worker is saturated. The choice is O(owners waiting + log steps waiting) per slot.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class StepGate:
    def __init__(self, slots: int) -> None:
        self._free = max(1, slots)
        self._in_use: dict[str, int] = defaultdict(int)
        """Slots held, by owner."""
        self._granted: dict[str, int] = defaultdict(int)
        """Slots granted so far, by run (forgotten when the run lets go: `forget`)."""
        self._waiting: dict[str, list[tuple[int, int, asyncio.Future[None]]]] = {}
        """By owner: a heap of (the run's grants when it asked, arrival, its future)."""
        self._arrivals = itertools.count()

    @property
    def waiting(self) -> int:
        """Steps waiting for a slot."""
        return sum(len(heap) for heap in self._waiting.values())

    @asynccontextmanager
    async def slot(self, run_id: str, owner_id: str) -> AsyncIterator[None]:
        """Hold one of the worker's step slots for a step of this run."""
        await self._acquire(run_id, owner_id)
        try:
            yield
        finally:
            self._release(owner_id)

    def forget(self, run_id: str) -> None:
        """The run's execution ended in this process: its count goes."""
        self._granted.pop(run_id, None)

    async def _acquire(self, run_id: str, owner_id: str) -> None:
        if self._free > 0 and not self._waiting:
            self._take(run_id, owner_id)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self._granted[run_id], next(self._arrivals), future)
        heapq.heappush(self._waiting.setdefault(owner_id, []), entry)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():  # granted, then cancelled: pass it on
                self._release(owner_id)
            else:
                self._drop(owner_id, entry)
            raise
        self._granted[run_id] += 1

    def _take(self, run_id: str, owner_id: str) -> None:
        self._free -= 1
        self._in_use[owner_id] += 1
        self._granted[run_id] += 1

    def _release(self, owner_id: str) -> None:
        self._in_use[owner_id] -= 1
        if not self._in_use[owner_id]:
            del self._in_use[owner_id]
        self._free += 1
        self._wake()

    def _wake(self) -> None:
        while self._free > 0 and self._waiting:
            owner = min(self._waiting, key=lambda o: (self._in_use.get(o, 0), self._waiting[o][0][:2]))
            heap = self._waiting[owner]
            _, _, future = heapq.heappop(heap)
            if not heap:
                del self._waiting[owner]
            if future.done():  # cancelled while waiting
                continue
            self._free -= 1
            self._in_use[owner] += 1
            future.set_result(None)

    def _drop(self, owner_id: str, entry: tuple[int, int, asyncio.Future[None]]) -> None:
        heap = self._waiting.get(owner_id)
        if heap is None or entry not in heap:
            return
        heap.remove(entry)
        heapq.heapify(heap)
        if not heap:
            del self._waiting[owner_id]
