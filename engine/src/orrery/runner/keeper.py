"""`LeaseKeeper`: renews the leases of every run a worker process holds, in one transaction
per renewal interval, whatever the number of runs.

Each execution used to renew its own lease every `lease_renew_s`: with 64 runs in flight,
32 transactions a second of four round trips each, in the same small pool that takes new
runs' leases, so a new run's start waited behind renewals. Here one pipelined transaction
acts as each run's owner in turn (`Database.as_users_in_turn`: RLS applies to every
statement, no privilege beyond the owners') and renews all of that owner's runs in one
statement. A run whose lease is no longer ours is told (`RunSignals.lose`), as is a cancel
recorded in Postgres whose control message was lost (`request_cancel`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from orrery.runner.signals import RunSignals
from orrery.settings import RunnerSettings
from orrery.store import runs
from orrery.store.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HeldLease:
    claims: Mapping[str, Any]
    token: int
    signals: RunSignals


class LeaseKeeper:
    def __init__(self, db: Database, settings: RunnerSettings) -> None:
        self._db = db
        self._settings = settings
        self._held: dict[str, HeldLease] = {}
        self._task: asyncio.Task[None] | None = None
        self.renewals = 0
        """Renewal transactions made (what a test of "one per interval" reads)."""

    def hold(self, run_id: str, claims: Mapping[str, Any], token: int, signals: RunSignals) -> None:
        """Keep this run's lease (taken with `token`) alive until `drop`."""
        self._held[run_id] = HeldLease(claims, token, signals)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._renew_forever(), name="lease-keeper")

    def drop(self, run_id: str, token: int) -> None:
        """Stop renewing the run's lease taken with `token` (a newer one of the run stays)."""
        held = self._held.get(run_id)
        if held is not None and held.token == token:
            del self._held[run_id]

    @property
    def held(self) -> int:
        return len(self._held)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _renew_forever(self) -> None:
        while self._held:
            await asyncio.sleep(self._settings.lease_renew_s)
            try:
                await self.renew()
            except Exception as exc:
                log.warning("lease renewal of %d runs failed: %s", len(self._held), exc)

    async def renew(self) -> None:
        """Renew every lease held now, in one transaction; tell the executions what it found."""
        held = dict(self._held)
        if not held:
            return
        # Rows are locked in the order the shared commits lock them (runner/batcher.py: owner,
        # then run id), so a renewal and a commit never wait on each other in a cycle.
        by_owner: dict[str, dict[str, int]] = {}
        for run_id, lease in sorted(held.items(), key=lambda item: (str(item[1].claims["sub"]), item[0])):
            by_owner.setdefault(str(lease.claims["sub"]), {})[run_id] = lease.token
        ours: dict[str, Any] = {}
        self.renewals += 1
        async with self._db.as_users_in_turn() as turns:
            reads = []
            for _, owner_runs in sorted(by_owner.items()):
                await turns.become(held[next(iter(owner_runs))].claims)
                ttl = self._settings.lease_ttl_s
                reads.append(await runs.start_renew_leases(turns.conn, owner_runs, ttl))
            for read in reads:
                for row in await read.fetchall():
                    ours[row["id"]] = row["cancel_requested_at"]
        for run_id, lease in held.items():
            if self._held.get(run_id) is not lease:
                continue  # let go (or taken again) meanwhile: not this renewal's to judge
            if run_id not in ours:
                log.warning("run %s: lease taken over; stopping", run_id)
                lease.signals.lose()
                self.drop(run_id, lease.token)
            elif ours[run_id] is not None:
                lease.signals.request_cancel()
