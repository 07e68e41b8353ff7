"""SQL for schedules. Functions taking a `Connection` run inside a user transaction (RLS decides
what they see; a new row's owner is the database's default); `due` runs as the scheduler's own
login (`orrery_sweeper`), which sees only which unpaused schedule is due and whose it is."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb

from orrery.store.database import Connection

Row = dict[str, Any]

_COLUMNS = (
    "id, workflow_id, name, cron, timezone, inputs, paused, missed, next_fire_at, last_fire_at, "
    "consecutive_failures, max_consecutive_failures, disabled_at, created_at, updated_at"
)
_EDITABLE = frozenset(
    {"name", "cron", "timezone", "inputs", "paused", "missed", "next_fire_at", "max_consecutive_failures"}
)


async def insert(conn: Connection, fields: dict[str, Any]) -> Row:
    names = list(fields)
    values = [Jsonb(v) if n == "inputs" else v for n, v in fields.items()]
    cur = await conn.execute(
        f"insert into public.schedules ({', '.join(names)}) values ({', '.join(['%s'] * len(names))}) "  # type: ignore[arg-type]
        f"returning {_COLUMNS}",
        values,
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def fetch(conn: Connection, schedule_id: str, *, for_update: bool = False) -> Row | None:
    lock = " for update" if for_update else ""
    cur = await conn.execute(
        f"select {_COLUMNS} from public.schedules where id = %s{lock}",  # type: ignore[arg-type]
        (schedule_id,),
    )
    return await cur.fetchone()


async def list_for_workflow(conn: Connection, workflow_id: str) -> list[Row]:
    cur = await conn.execute(
        f"select {_COLUMNS} from public.schedules where workflow_id = %s order by created_at, id",  # type: ignore[arg-type]
        (workflow_id,),
    )
    return await cur.fetchall()


async def update(conn: Connection, schedule_id: str, fields: dict[str, Any]) -> Row | None:
    unknown = set(fields) - _EDITABLE - {"disabled_at", "consecutive_failures"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    sets = ", ".join(f"{name} = %s" for name in fields)
    values = [Jsonb(v) if n == "inputs" else v for n, v in fields.items()]
    cur = await conn.execute(
        f"update public.schedules set {sets} where id = %s returning {_COLUMNS}",  # type: ignore[arg-type]
        [*values, schedule_id],
    )
    return await cur.fetchone()


async def delete(conn: Connection, schedule_id: str) -> bool:
    cur = await conn.execute("delete from public.schedules where id = %s", (schedule_id,))
    return cur.rowcount > 0


# -- the scheduler ----------------------------------------------------------------------


async def due(conn: Connection, now: datetime, *, limit: int = 100, skip: Collection[str] = ()) -> list[Row]:
    """`id, owner_id` of unpaused schedules whose next fire is at or before `now` (as
    `orrery_sweeper`: it sees nothing else of them), owners taking turns: each owner's earliest
    first, then each one's second... (a user with a thousand schedules due does not fill the
    page ahead of another's one). `skip`: ids already tried this round."""
    cur = await conn.execute(
        "select id, owner_id from ("
        " select id, owner_id, next_fire_at,"
        "  row_number() over (partition by owner_id order by next_fire_at, id) as turn"
        " from public.schedules where not paused and next_fire_at <= %s and not (id = any(%s::uuid[]))"
        ") due order by turn, next_fire_at, id limit %s",
        (now, list(skip), limit),
    )
    return await cur.fetchall()


async def claim(conn: Connection, schedule_id: str, now: datetime) -> Row | None:
    """The schedule, locked, if it is still due and no other scheduler holds it (skip locked):
    the one claim of this fire. None: not due any more, or being fired elsewhere."""
    cur = await conn.execute(
        f"select {_COLUMNS} from public.schedules "  # type: ignore[arg-type]
        "where id = %s and not paused and next_fire_at <= %s for update skip locked",
        (schedule_id, now),
    )
    return await cur.fetchone()


async def advance(conn: Connection, schedule_id: str, next_fire_at: datetime, fired: datetime | None) -> None:
    await conn.execute(
        "update public.schedules set next_fire_at = %s, last_fire_at = coalesce(%s, last_fire_at) "
        "where id = %s",
        (next_fire_at, fired, schedule_id),
    )


async def count_failure(conn: Connection, schedule_id: str) -> Row | None:
    """One more failure in a row (a fire whose run could not even start); at the schedule's
    limit it pauses (`disabled_at` set now). Returns `name, consecutive_failures, disabled_now`.
    (A started run that fails is counted by the `runs_on_ended` trigger.)"""
    cur = await conn.execute(
        "update public.schedules set consecutive_failures = consecutive_failures + 1, "
        "paused = paused or consecutive_failures + 1 >= max_consecutive_failures, "
        "next_fire_at = case when consecutive_failures + 1 >= max_consecutive_failures "
        "then null else next_fire_at end, "
        "disabled_at = case when not paused and consecutive_failures + 1 >= max_consecutive_failures "
        "then now() else disabled_at end "
        "where id = %s returning name, consecutive_failures, "
        "(disabled_at is not null and disabled_at = now()) as disabled_now",
        (schedule_id,),
    )
    return await cur.fetchone()
