"""Durable run events: appended in the transaction that changes the state they
describe, numbered per run by the database (`run_events` trigger), replayed
from Postgres, which is the truth; Redis only fans them out live."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orrery.events.types import RunEvent, encode, event_type, is_durable
from orrery.store.database import Connection

_APPEND = (
    "insert into public.run_events (run_id, type, data) "
    "select %s, u.t, u.d from rows from (unnest(%s::text[]), jsonb_array_elements(%s::jsonb)) "
    "with ordinality as u(t, d, n) order by u.n returning seq"
)
"""The payloads go as one JSON array (their encodings joined), not as a text[]: a text array's
every element is escaped quote by quote on the way out, which cost a tenth of a worker's CPU
on a chain of transforms."""


class StoredEvent:
    """An event as committed: its seq, type and JSON (the SSE `data:`)."""

    __slots__ = ("data", "seq", "type")

    def __init__(self, seq: int, type: str, data: bytes) -> None:
        self.seq = seq
        self.type = type
        self.data = data


class PendingAppend:
    """Events sent to the database (in pipeline mode, perhaps not yet answered)."""

    def __init__(self, cursor: Any, types: list[str], payloads: list[bytes]) -> None:
        self._cursor = cursor
        self._types = types
        self._payloads = payloads

    async def stored(self) -> list[StoredEvent]:
        if self._cursor is None:
            return []
        seqs = sorted(row["seq"] for row in await self._cursor.fetchall())
        return [StoredEvent(seq, t, p) for seq, t, p in zip(seqs, self._types, self._payloads, strict=True)]


async def start_append(conn: Connection, run_id: str, events: Sequence[RunEvent]) -> PendingAppend:
    """Send the insert of the durable events; `stored()` gives them with their seqs."""
    durable = [e for e in events if is_durable(e)]
    if not durable:
        return PendingAppend(None, [], [])
    types = [event_type(e) for e in durable]
    payloads = [encode(e) for e in durable]
    cursor = await conn.execute(_APPEND, (run_id, types, (b"[" + b",".join(payloads) + b"]").decode()))
    return PendingAppend(cursor, types, payloads)


_APPEND_MANY = (
    "insert into public.run_events (run_id, type, data) "
    "select u.r, u.t, u.d from rows from (unnest(%s::uuid[]), unnest(%s::text[]), "
    "jsonb_array_elements(%s::jsonb)) with ordinality as u(r, t, d, n) order by u.n "
    "returning run_id::text as run_id, seq"
)


class PendingAppends:
    """Several runs' events sent to the database in one statement (`start_append_many`)."""

    def __init__(self, cursor: Any, runs: dict[str, tuple[list[str], list[bytes]]]) -> None:
        self._cursor = cursor
        self._runs = runs

    async def stored(self) -> dict[str, list[StoredEvent]]:
        """Run id -> its events with their seqs, in the order they were given."""
        if self._cursor is None:
            return {}
        seqs: dict[str, list[int]] = {}
        for row in await self._cursor.fetchall():
            seqs.setdefault(row["run_id"], []).append(row["seq"])
        return {
            run_id: [
                StoredEvent(seq, t, p)
                for seq, t, p in zip(sorted(seqs[run_id]), types, payloads, strict=True)
            ]
            for run_id, (types, payloads) in self._runs.items()
        }


async def start_append_many(
    conn: Connection, events_by_run: Sequence[tuple[str, Sequence[RunEvent]]]
) -> PendingAppends:
    """`start_append` for several runs of the current user at once: one statement (the
    trigger numbers each run's events in the order given); `stored()` gives them by run."""
    runs: dict[str, tuple[list[str], list[bytes]]] = {}
    run_ids: list[str] = []
    types: list[str] = []
    payloads: list[bytes] = []
    for run_id, events in events_by_run:
        durable = [e for e in events if is_durable(e)]
        if not durable:
            continue
        own_types = [event_type(e) for e in durable]
        own_payloads = [encode(e) for e in durable]
        runs[run_id] = (own_types, own_payloads)
        run_ids += [run_id] * len(durable)
        types += own_types
        payloads += own_payloads
    if not runs:
        return PendingAppends(None, {})
    data = (b"[" + b",".join(payloads) + b"]").decode()
    cursor = await conn.execute(_APPEND_MANY, (run_ids, types, data))
    return PendingAppends(cursor, runs)


async def append(conn: Connection, run_id: str, events: Sequence[RunEvent]) -> list[StoredEvent]:
    """Insert durable events in order; returns them with the seq each was given."""
    return await (await start_append(conn, run_id, events)).stored()


async def replay(conn: Connection, run_id: str, after_seq: int, limit: int = 1000) -> list[StoredEvent]:
    cur = await conn.execute(
        "select seq, type, data::text as data from public.run_events "
        "where run_id = %s and seq > %s order by seq limit %s",
        (run_id, after_seq, limit),
    )
    rows: list[dict[str, Any]] = await cur.fetchall()
    return [StoredEvent(r["seq"], r["type"], r["data"].encode()) for r in rows]


async def has_after(conn: Connection, run_id: str, after_seq: int) -> bool:
    """Whether the run has a stored event after `after_seq` (retention may have dropped them all)."""
    cur = await conn.execute(
        "select exists(select 1 from public.run_events where run_id = %s and seq > %s) as more",
        (run_id, after_seq),
    )
    row = await cur.fetchone()
    return bool(row and row["more"])
