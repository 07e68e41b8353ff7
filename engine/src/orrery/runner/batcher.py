"""`CommitBatcher`: one transaction carries the writes of several runs a worker process holds.

Each run's `Committer` already gathers what its steps submitted while its previous commit was
in flight. With a hundred runs in flight that is still one transaction per run per round: a
BEGIN, the role switch, a fence, the writes and a COMMIT (a WAL flush) each, and the pipeline
syncs that were the worker's largest own cost. Here the runs' batches that wait while a
shared transaction is in flight go together into the next one:

- one pipelined transaction (`Database.as_users_in_turn`) acts as each run's owner in turn, so
  RLS applies to every statement as before, with no privilege beyond the owners';
- first every run's lease is checked, its row locked (one statement per owner, rows locked in
  id order); the writes of a run whose lease is no longer ours are never sent, and its
  committer gets `LeaseLost`, while the other runs' writes commit;
- then the held runs' step rows (one statement per set of columns), their run fields, and each
  owner's events in one statement;
- once committed, every run's events are published live in one Redis round trip.

If the shared transaction fails (a bad row, a deadlock, the database gone), each run's batch
is committed on its own instead (`Committer.commit_alone`), so one run's error stays its own.
A run's ending comes here too, refused (`CancelRequested`) when a cancel of the run was
requested, as the fence of its own transaction did; a parking (which also checks the steps it
waits on) and a child run's ending (with its hook on the parent) commit alone, as they did.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from orrery.errors import ConnectionsBusy, LeaseLost
from orrery.events import durable
from orrery.events.durable import StoredEvent
from orrery.events.live import LiveOnly, LivePublisher
from orrery.events.types import RunEvent
from orrery.runner.errors import CancelRequested
from orrery.store import runs, runs_batched
from orrery.store.database import Database

if TYPE_CHECKING:
    from orrery.runner.committer import Committer

log = logging.getLogger(__name__)

MAX_RUNS = 64
"""Runs per shared transaction at most (the rest wait for the next)."""
IN_FLIGHT = 2
"""Shared transactions at once: one filling while the other commits."""


@dataclass
class Writes:
    """One run's batch, merged: what its transaction writes."""

    steps: dict[tuple[str, str, int], dict[str, Any]] = field(default_factory=dict)
    events: list[RunEvent] = field(default_factory=list)
    """The durable events, in order."""
    live: list[LiveOnly] = field(default_factory=list)
    """Events not stored (folded into a later one of the batch), published in their places."""
    run_fields: dict[str, Any] = field(default_factory=dict)
    usage: tuple[int, int, float] | None = None

    def step_rows(self, run_id: str) -> list[runs_batched.StepRow]:
        return [
            (run_id, scope, node, attempt, fields) for (scope, node, attempt), fields in self.steps.items()
        ]

    async def send(self, conn: Any, run_id: str) -> None:
        """Send the step rows and run fields (events go separately)."""
        await runs_batched.upsert_steps(conn, self.step_rows(run_id))
        await self.send_run(conn, run_id)

    async def send_run(self, conn: Any, run_id: str) -> None:
        if self.run_fields or self.usage:
            await runs.update_run(conn, run_id, self.run_fields, add_usage=self.usage)


@dataclass
class _Job:
    committer: Committer
    writes: Writes
    done: asyncio.Future[list[StoredEvent]]
    unless_cancelled: bool = False
    """Made only if no cancel of the run was requested (a run's ending): `CancelRequested`."""
    release: bool = False
    """Give the run's lease up in the same transaction (a run's ending): the answer goes to
    `Committer.released`."""


class CommitBatcher:
    """Commits the batches of the runs one worker process holds, several per transaction."""

    def __init__(self, db: Database, publisher: LivePublisher, *, max_runs: int = MAX_RUNS) -> None:
        self._db = db
        self._publisher = publisher
        self._max_runs = max_runs
        self._queue: list[_Job] = []
        self._in_flight = 0
        self._scheduled = False
        self._tasks: set[asyncio.Task[None]] = set()
        self.transactions = 0
        """Shared transactions committed (what a test of "one for several runs" reads)."""

    async def commit(
        self, committer: Committer, writes: Writes, *, unless_cancelled: bool = False, release: bool = False
    ) -> list[StoredEvent]:
        """Commit one run's batch (with whatever other runs' batches wait beside it); returns
        its events as stored and published. `LeaseLost` if its lease is no longer ours;
        `CancelRequested` (`unless_cancelled`) if a cancel of the run was requested. `release`:
        the lease is given up in the same transaction, after the writes (`Committer.released`
        has the answer once committed; not set if the batch was committed alone)."""
        done: asyncio.Future[list[StoredEvent]] = asyncio.get_running_loop().create_future()
        self._queue.append(_Job(committer, writes, done, unless_cancelled, release))
        if not self._scheduled:  # the batches submitted in this turn of the loop go together
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._start)
        return await done

    def _start(self) -> None:
        self._scheduled = False
        while self._queue and self._in_flight < IN_FLIGHT:
            jobs, self._queue = self._queue[: self._max_runs], self._queue[self._max_runs :]
            self._in_flight += 1
            task = asyncio.create_task(self._commit(jobs), name="shared-commit")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _commit(self, jobs: list[_Job]) -> None:
        try:
            try:
                stored, refused = await self._together(jobs)
            except asyncio.CancelledError:
                for job in jobs:
                    _settle(job.done, exc=LeaseLost("the worker's writer stopped"))
                raise
            except ConnectionsBusy as exc:
                # Nothing was sent. Each run alone would ask the exhausted pool once more per run;
                # each run's committer waits and commits again instead (committer.BUSY_POOL_WAITS_S).
                for job in jobs:
                    _settle(job.done, exc=exc)
                return
            except Exception as exc:  # one run's bad row must not fail the others: each alone
                log.info("a shared commit of %d runs failed (%s); committing each alone", len(jobs), exc)
                await asyncio.gather(*(self._alone(job) for job in jobs))
                return
            self.transactions += 1
            kept = [job for job in jobs if job.committer.run_id not in refused]
            await self._publisher.publish_many(
                [
                    (job.committer.run_id, stored.get(job.committer.run_id, []), job.writes.live)
                    for job in kept
                ]
            )
            for job in jobs:
                run_id = job.committer.run_id
                if run_id in refused:
                    _settle(job.done, exc=refused[run_id])
                else:
                    _settle(job.done, result=stored.get(run_id, []))
        finally:
            self._in_flight -= 1
            self._start()

    async def _alone(self, job: _Job) -> None:
        try:
            _settle(job.done, result=await job.committer.commit_alone(job.writes, job.unless_cancelled))
        except BaseException as exc:
            _settle(job.done, exc=exc)

    async def _together(self, jobs: list[_Job]) -> tuple[dict[str, list[StoredEvent]], dict[str, Exception]]:
        """One transaction: the fences, then the held runs' writes. (stored events by run, what
        refused the others: `LeaseLost`, or `CancelRequested` for an ending)."""
        by_owner: dict[str, list[_Job]] = {}
        for job in sorted(jobs, key=lambda j: (str(j.committer.claims["sub"]), j.committer.run_id)):
            by_owner.setdefault(str(job.committer.claims["sub"]), []).append(job)
        groups = list(by_owner.values())
        stored: dict[str, list[StoredEvent]] = {}
        releases: list[tuple[_Job, Any]] = []
        async with self._db.as_users_in_turn() as turns:
            fences = []
            for group in groups:
                await turns.become(group[0].committer.claims)
                tokens = {job.committer.run_id: job.committer.token for job in group}
                fences.append(await runs_batched.start_check_leases(turns.conn, tokens))
            held: dict[str, bool] = {}
            for fence in fences:
                held |= await runs_batched.held_leases(fence)
            refused: dict[str, Exception] = {}
            for job in jobs:
                run_id = job.committer.run_id
                if run_id not in held:
                    refused[run_id] = LeaseLost(f"run {run_id}: another worker holds the lease now")
                elif job.unless_cancelled and held[run_id]:
                    refused[run_id] = CancelRequested(f"run {run_id}: a cancel was requested")
            appends = []
            for group in reversed(groups):  # the last owner fenced is still the one acted as
                ours = [job for job in group if job.committer.run_id not in refused]
                if not ours:
                    continue
                if len(groups) > 1 and group is not groups[-1]:
                    await turns.become(group[0].committer.claims)
                rows = [row for job in ours for row in job.writes.step_rows(job.committer.run_id)]
                await runs_batched.upsert_steps(turns.conn, rows)
                for job in ours:
                    await job.writes.send_run(turns.conn, job.committer.run_id)
                events = [(job.committer.run_id, job.writes.events) for job in ours]
                appends.append(await durable.start_append_many(turns.conn, events))
                for job in ours:  # after its events: the release reads the run's last seq
                    if job.release:
                        read = await runs.start_release_lease(
                            turns.conn, job.committer.run_id, job.committer.token
                        )
                        releases.append((job, read))
        # Read once committed: the COMMIT went in the same round trip as the writes.
        for pending in appends:
            stored.update(await pending.stored())
        for job, read in releases:
            job.committer.released = await read.fetchone()
        return stored, refused

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


def _settle(
    future: asyncio.Future[list[StoredEvent]],
    *,
    result: list[StoredEvent] | None = None,
    exc: BaseException | None = None,
) -> None:
    """Resolve a waiting committer's future (unless it stopped waiting)."""
    if future.done():
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result or [])
