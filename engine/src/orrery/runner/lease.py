"""The run's lease: taking it (with what is needed to go on from Postgres) and giving it up;
`keeper.LeaseKeeper` keeps it alive while the execution works.

The lease is a fencing token in the run's row: only its holder commits. A holder that
stops renewing (dead, frozen) loses it after `lease_ttl_s`, and another worker takes the
run over from what Postgres holds (`Claim.taken_over`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from orrery.runner.deps import RunnerDeps
from orrery.runner.plan import RunPlan
from orrery.store import runs

log = logging.getLogger(__name__)

ACTIVE = frozenset({"queued", "running", "waiting"})
DEFERRED = "deferred"
"""Not taken: a new run whose owner has `max_running_runs_per_user` runs executing. It stays
queued; the worker that ends one of the owner's runs sends it again (and the sweeper would)."""


@dataclass(frozen=True, slots=True)
class Claim:
    """A run this worker now holds, as it was when the lease was taken."""

    run: dict[str, Any]
    """The run's row (with `lease_token` and `taken_over`)."""
    plan: RunPlan | None
    """The workflow version it pinned, decoded and bound (None: gone, or no longer decodes);
    the worker's `PlanCache` serves it when it has it, and Postgres then leaves the spec out."""
    steps: list[dict[str, Any]]
    """Its current (not superseded) step rows, every scope's."""
    attempts: dict[str, dict[str, int]]
    """scope -> node -> the highest attempt, superseded ones included."""
    seeded: int = 0
    """How many of its step attempts were seeded by a fork (copied, never executed here)."""

    @property
    def token(self) -> int:
        return int(self.run["lease_token"])

    @property
    def taken_over(self) -> bool:
        """The lease lapsed in another worker's hands: it died or froze, rather than let go."""
        return bool(self.run["taken_over"])


async def claim(deps: RunnerDeps, run_id: str, claims: Mapping[str, Any]) -> Claim | str:
    """Take the lease and read the run; otherwise why not: "gone", "busy", "finished" or
    `DEFERRED`.

    The lease and everything the execution starts from (the pinned spec, the steps, the
    attempts) go to Postgres in one pipeline with the transaction's start, the role switch and
    its COMMIT: one round trip. The reads come after the lease's update in the same transaction,
    so they see the run as taken; their results are read once committed (psycopg stores each
    cursor's result when the pipeline syncs at the block's end, so reading them after the
    connection went back to the pool touches no connection: a cursor fetches from its
    connection only while it has no result yet). The spec is only sent
    when this worker has no plan for its hash (`PlanCache`; asked as the run's owner, so RLS
    decides which version and hash the run has, as before)."""
    owner_id = str(claims["sub"])
    known = deps.plans.known(owner_id)
    async with deps.lease_db.as_user(claims, pipelined=True) as conn:
        cap = deps.settings.max_running_runs_per_user
        if cap:  # one claim of this owner's at a time, so two never both take the last slot
            await runs.lock_owner_claims(conn, str(claims["sub"]))
        taken = await runs.start_acquire_lease(
            conn,
            run_id,
            deps.worker_id,
            deps.settings.lease_ttl_s,
            cap=cap,
        )
        spec_read = await runs.fetch_pinned_spec(conn, run_id, known=list(known))
        steps_read = await runs.start_steps_and_attempts(conn, run_id)
    run = await taken.fetchone()  # the COMMIT went in the same round trip as the statements
    if run is None:
        return await _not_taken(deps, run_id, claims)
    spec_hash, spec = await runs.pinned_spec(spec_read)
    steps, attempts, seeded = await runs.read_steps_and_attempts(steps_read)
    plan = deps.plans.plan(owner_id, spec_hash, spec, deps.registry, known)
    return Claim(run=run, plan=plan, steps=steps, attempts=attempts, seeded=seeded)


async def _not_taken(deps: RunnerDeps, run_id: str, claims: Mapping[str, Any]) -> str:
    """Why the lease was not taken: "gone", "finished", `DEFERRED` (held back by its owner's
    cap) or "busy" (another worker holds it)."""
    async with deps.lease_db.as_user(claims) as conn:
        current = await runs.lock_run(conn, run_id)
    if current is None:
        return "gone"
    if current["status"] not in ACTIVE:
        return "finished"
    held_back = deps.settings.max_running_runs_per_user and not current["held"]
    return DEFERRED if held_back else "busy"


async def release(
    deps: RunnerDeps, run_id: str, claims: Mapping[str, Any], token: int
) -> dict[str, Any] | None:
    """Give the lease up (see `store.runs.start_release_lease`): `released` false when a cancel of
    the still active run came first. None: another worker holds it, or Postgres is down
    (the lease then lapses by itself)."""
    try:
        # One round trip: the transaction's start, the role switch, the release and the COMMIT
        # go in one pipeline (as the claim's); the answer is read once committed.
        async with deps.lease_db.as_user(claims, pipelined=True) as conn:
            released = await runs.start_release_lease(conn, run_id, token)
        return await released.fetchone()
    except Exception as exc:
        log.warning("run %s: could not release its lease: %s", run_id, exc)
        return None
