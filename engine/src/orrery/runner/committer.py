"""One writer per executing run: batches step writes and events into a single
transaction, fenced by the run's lease token, then publishes them live.

Steps of pure nodes do not wait for their writes (a crash re-runs them, which
is harmless); a step with side effects waits until its start is durable, so
worker deaths are counted and its idempotency key is on record first. After a
takeover (the last holder died or froze) every step waits, pure ones too, so a
step that kills its worker is counted and fails after its attempts.
A pure step's queued and start that commit with its success are not stored: the success
carries them, and the start is published live only (`_fold`).
Batches commit in submission order, so a run's events keep causal order. A plain batch
goes into a transaction shared with the other runs of the worker (`runner.batcher`), still
fenced by this run's own lease.

A write that ends or parks the run (`unless_cancelled`) commits alone, and only if no
cancel was requested: the fence reads `cancel_requested_at` under the run's row lock,
so a cancel the API acknowledged before is never overwritten by a success or a wait.
A parking also needs every step it waits on still waiting (`WaitEnded` otherwise): a
decision or a child run's ending takes the same row lock, so it lands either before the
parking (which then goes on instead) or after it (and resumes the parked run).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from orrery.errors import ConnectionsBusy, LeaseLost
from orrery.events import durable
from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.events.durable import StoredEvent
from orrery.events.live import LiveOnly, LivePublisher
from orrery.events.transitions import Change
from orrery.runner.batcher import CommitBatcher, Writes
from orrery.runner.errors import CancelRequested, WaitEnded
from orrery.store import runs
from orrery.store.database import Connection, Database

log = logging.getLogger(__name__)

ENDED = frozenset({"succeeded", "failed", "cancelled"})
BUSY_POOL_WAITS_S = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
"""A batch that found no pooled connection (`ConnectionsBusy`: nothing was sent) is tried again
after each of these waits (plus the pool's own timeout each time), while the lease keeper (its
own pool) keeps the lease; only then does the run's writer give up (and the sweeper take it)."""
EndingHook = Callable[[Connection], Awaitable[Callable[[], Awaitable[None]] | None]]
"""Writes made in the transaction of the run's ending; returns what to do once it committed."""


@dataclass
class Committer:
    db: Database
    claims: Mapping[str, Any]
    run_id: str
    token: int
    publisher: LivePublisher
    last_seq: int = 0
    _pending: list[tuple[Change, asyncio.Future[None] | None]] = field(default_factory=list)
    """What was submitted and not committed yet, each with the future of whoever waits for it
    (None: nobody; most submits, a pure step's events, wait for nothing)."""
    _wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    _idle: asyncio.Event = field(default_factory=lambda: _event(is_set=True))
    """Set while no batch is being committed (cleared from taking a batch to its futures' end)."""
    _task: asyncio.Task[None] | None = None
    failure: BaseException | None = None
    batcher: CommitBatcher | None = None
    """The worker's shared writer: plain batches go into transactions shared with other runs
    (None: every batch commits in a transaction of its own)."""
    on_ending: EndingHook | None = None
    """Called in the transaction that writes the run's ending (a child run resolves the step
    that started it there: `runner.children`); what it returns runs once that is committed."""
    release_with_ending: bool = False
    """Give the lease up in the shared transaction that writes the run's ending (one
    transaction less per run); `released` then holds the answer."""
    released: dict[str, Any] | None = None
    """The lease as given up with the run's ending (`store.runs.start_release_lease`'s row);
    None: not given up yet (the execution releases it itself)."""
    busy_pool_waits: int = 0
    """Batches tried again because no pooled connection came free (`BUSY_POOL_WAITS_S`)."""

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=f"committer:{self.run_id}")

    def submit(self, change: Change) -> None:
        """Queue a change for the next commit, waiting for nothing (dropped once the writer has
        failed: the run is lost, and `write`/`flush` say so)."""
        if self.failure is None:
            self._pending.append((change, None))
            self._wakeup.set()

    def committed(self, change: Change) -> asyncio.Future[None]:
        """Queue a change; the future is done once it is committed (or holds why not)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.failure is not None:
            future.set_exception(self.failure)
            return future
        self._pending.append((change, future))
        self._wakeup.set()
        return future

    async def write(self, change: Change) -> None:
        """Submit and wait until committed (`CancelRequested` for a refused conditional change)."""
        await self.committed(change)

    async def flush(self) -> None:
        """Wait until everything submitted so far is committed: what is pending, and the batch
        being committed (taken off `_pending` already: a run reading its steps back right after
        parking one would otherwise read the row as it was, and end unschedulable)."""
        if self._pending:
            await self.committed(Change())
        elif not self._idle.is_set():
            await self._idle.wait()
            if self.failure is not None:
                raise self.failure

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for _, future in self._pending:
            if future is not None and not future.done():
                future.set_exception(self.failure or LeaseLost("the run's writer stopped"))
        self._pending.clear()

    async def _loop(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            batch, self._pending = _next_batch(self._pending)
            if not batch:
                continue
            if self._pending:
                self._wakeup.set()
            self._idle.clear()
            try:
                if not await self._commit_batch(batch):
                    return
            finally:
                self._idle.set()

    async def _commit_batch(self, batch: _Pending) -> bool:
        """Commits a batch and settles its futures; False once the writer has failed."""
        try:
            await self._commit_when_connected([w for w, _ in batch])
        except (CancelRequested, WaitEnded) as exc:
            refused = batch[0][1]  # a conditional write commits alone, and is waited for
            if refused is not None:
                refused.set_exception(exc)
            return True
        except BaseException as exc:
            self.failure = exc if isinstance(exc, Exception) else LeaseLost("the run's writer stopped")
            for _, future in batch + self._pending:
                if future is not None and not future.done():
                    future.set_exception(self.failure)
            self._pending.clear()
            if isinstance(exc, asyncio.CancelledError):
                raise
            log.warning("run %s: commit failed: %s", self.run_id, exc)
            return False
        for _, future in batch:
            if future is not None and not future.done():
                future.set_result(None)
        return True

    async def _commit_when_connected(self, batch: list[Change]) -> None:
        for wait_s in BUSY_POOL_WAITS_S:
            try:
                return await self._commit(batch)
            except ConnectionsBusy as exc:
                self.busy_pool_waits += 1
                log.info("run %s: %s; committing again in %.2f s", self.run_id, exc, wait_s)
                await asyncio.sleep(wait_s)
        await self._commit(batch)

    async def _commit(self, batch: list[Change]) -> None:
        writes = _merge(batch)
        first = batch[0]
        hooked = self.on_ending is not None and writes.run_fields.get("status") in ENDED
        if self.batcher is not None and not first.while_waiting and not hooked:
            release = self.release_with_ending and writes.run_fields.get("status") in ENDED
            stored = await self.batcher.commit(
                self, writes, unless_cancelled=first.unless_cancelled, release=release
            )
            if stored:
                self.last_seq = stored[-1].seq
            return
        await self._commit_alone(writes, first)

    async def commit_alone(self, writes: Writes, unless_cancelled: bool = False) -> list[StoredEvent]:
        """Commit a batch in a transaction of its own (what `CommitBatcher` falls back to when a
        shared transaction failed); returns its events as stored and published."""
        return await self._commit_alone(writes, Change(unless_cancelled=unless_cancelled))

    async def _commit_alone(self, writes: Writes, first: Change) -> list[StoredEvent]:
        async with self.db.as_user(self.claims, pipelined=True) as conn:
            # One round trip for the whole batch: the fence first (it locks the run row), then
            # every write; a lost lease rolls all of it back.
            async with conn.pipeline():
                checked = await runs.check_lease(conn, self.run_id, self.token)
                if first.unless_cancelled:
                    held, cancelling = await runs.fence(checked)
                    if held and cancelling:
                        raise CancelRequested(f"run {self.run_id}: a cancel was requested")
                    if held and not await runs.all_still_waiting(conn, self.run_id, first.while_waiting):
                        raise WaitEnded(f"run {self.run_id}: a step it would wait for is decided")
                await writes.send(conn, self.run_id)
                pending = await durable.start_append(conn, self.run_id, writes.events)
            if not first.unless_cancelled:
                held, _ = await runs.fence(checked)
            if not held:
                raise LeaseLost(f"run {self.run_id}: another worker holds the lease now")
            stored = await pending.stored()
            ended = self.on_ending is not None and writes.run_fields.get("status") in ENDED
            after = await self.on_ending(conn) if self.on_ending is not None and ended else None
        if stored:
            self.last_seq = max(self.last_seq, stored[-1].seq)
            await self.publisher.publish(self.run_id, stored, writes.live)
        if after is not None:
            await after()
        return stored


def _merge(batch: list[Change]) -> Writes:
    """A batch's changes as one set of writes (a step's fields merged, in submission order;
    pure steps' starts folded into their successes, `_fold`)."""
    writes = Writes()
    tokens_in = tokens_out = 0
    cost = 0.0
    folding = False
    for change in batch:
        for scope, node_id, attempt, fields in change.steps:
            writes.steps.setdefault((scope, node_id, attempt), {}).update(fields)
        writes.events.extend(change.events)
        folding = folding or change.foldable
        if change.run:
            writes.run_fields.update(change.run)
        if change.usage:
            tokens_in += change.usage[0]
            tokens_out += change.usage[1]
            cost += change.usage[2]
    if tokens_in or tokens_out or cost:
        writes.usage = (tokens_in, tokens_out, cost)
    if folding:
        _fold(batch, writes)
    return writes


def _fold(batch: list[Change], writes: Writes) -> None:
    """A pure step whose `step.succeeded` is in this batch needs no stored `step.queued` or
    `step.started` of the same attempt (`Change.foldable`): the success carries when it started
    and what it read (`fold_start`), the start goes to live watchers only (the node is seen
    running, then done), the queued is dropped (it was never seen). The step's row gets every
    field as before. A pure step is executed again after a crash, so nothing is lost; an
    effectful step's events are never foldable."""
    foldable = {id(event) for change in batch if change.foldable for event in change.events}
    succeeded = {_key(e) for e in writes.events if isinstance(e, ev.StepSucceeded)}
    kept: list[ev.RunEvent] = []
    starts: dict[tuple[str | None, str, int], ev.StepStarted] = {}
    for event in writes.events:
        if (
            id(event) in foldable
            and isinstance(event, ev.StepStarted | ev.StepQueued)
            and _key(event) in succeeded
        ):
            if isinstance(event, ev.StepStarted):
                starts[_key(event)] = event
                writes.live.append(LiveOnly(len(kept), event))
            continue
        if isinstance(event, ev.StepSucceeded) and (started := starts.pop(_key(event), None)) is not None:
            event = t.fold_start(event, started)
        kept.append(event)
    writes.events = kept


def _key(event: ev.StepEvent) -> tuple[str | None, str, int]:
    return (event.scope, event.node_id, event.attempt)


_Pending = list[tuple[Change, asyncio.Future[None] | None]]


def _event(*, is_set: bool) -> asyncio.Event:
    event = asyncio.Event()
    if is_set:
        event.set()
    return event


def _next_batch(pending: _Pending) -> tuple[_Pending, _Pending]:
    """(what to commit now, what stays pending): everything up to the first conditional
    write, or that write alone."""
    for index, (write, _) in enumerate(pending):
        if write.unless_cancelled:
            cut = index or 1
            return pending[:cut], pending[cut:]
    return pending, []
