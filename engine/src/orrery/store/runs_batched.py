"""SQL for committing several runs' writes in one transaction (`runner.batcher`): the lease
fence of all of one owner's runs in one statement, and their step rows in one statement per
set of columns. Like `store.runs`, it runs inside a user
transaction (`Database.as_users_in_turn`, acting as that owner): RLS decides what it sees."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from orrery.store.database import Connection
from orrery.store.runs import STEP_COLUMNS, Cursor

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


StepRow = tuple[str, str, str, int, Mapping[str, Any]]
"""(run id, scope, node id, attempt, the fields to write) of one step attempt."""

_encoder = msgspec.json.Encoder()


async def upsert_steps(conn: Connection, rows: Sequence[StepRow]) -> None:
    """`runs.upsert_step` for many step attempts (of any runs of the current user): one statement
    per set of columns written, its rows sent as one JSON array that Postgres reads into
    `run_steps` records (`jsonb_populate_recordset`), instead of one statement per attempt with
    each JSON value dumped on its own."""
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for run_id, scope, node_id, attempt, fields in rows:
        columns = tuple(c for c in STEP_COLUMNS if c in fields)
        record = {"run_id": run_id, "scope": scope, "node_id": node_id, "attempt": attempt}
        record.update((c, fields[c]) for c in columns)
        by_columns.setdefault(columns, []).append(record)
    for columns, records in by_columns.items():
        await conn.execute(_upsert_sql(columns), (_encoder.encode(records).decode(),))


@functools.lru_cache(maxsize=64)
def _upsert_sql(columns: tuple[str, ...]) -> str:
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "started_at")
    if "started_at" in columns:
        updates += ", started_at = coalesce(public.run_steps.started_at, excluded.started_at)"
    return (
        f"insert into public.run_steps (run_id, scope, node_id, attempt, {names}) "
        f"select r.run_id, r.scope, r.node_id, r.attempt, {', '.join(f'r.{c}' for c in columns)} "
        "from jsonb_populate_recordset(null::public.run_steps, %s::jsonb) as r "
        f"on conflict (run_id, scope, node_id, attempt) do update set {updates}"
    )
