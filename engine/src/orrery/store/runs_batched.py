"""SQL for committing several runs' writes in one transaction (`runner.batcher`): the lease
fence of all of one owner's runs in one statement. Like `store.runs`, it runs inside a user
transaction (`Database.as_users_in_turn`, acting as that owner): RLS decides what it sees."""

from __future__ import annotations

from collections.abc import Mapping

from orrery.store.database import Connection
from orrery.store.runs import Cursor

_HOLD_LEASES = (
    "select r.id::text as id, r.lease_token = ours.token and r.lease_owner is not null as ok, "
    "r.cancel_requested_at is not null as cancelling from public.runs r "
    "join unnest(%s::uuid[], %s::bigint[]) as ours(id, token) on r.id = ours.id "
    "order by r.id for update of r"
)
"""Locks each run row in id order (two transactions locking several runs never wait on each
other in a cycle) and says whether its lease is still ours, and whether a cancel was asked."""


async def start_check_leases(conn: Connection, tokens: Mapping[str, int]) -> Cursor:
    """Lock the rows of these runs (run id -> our fencing token) and check each one's token, as
    a cursor for a pipeline: `await held_leases(cursor)` reads the answer."""
    return await conn.execute(_HOLD_LEASES, (list(tokens), list(tokens.values())))


async def held_leases(cursor: Cursor) -> dict[str, bool]:
    """Run id -> whether a cancel of it was requested, for the runs whose lease is still ours."""
    return {row["id"]: bool(row["cancelling"]) for row in await cursor.fetchall() if row["ok"]}
