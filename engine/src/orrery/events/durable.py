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
    "select %s, u.t, u.d::jsonb from unnest(%s::text[], %s::text[]) with ordinality as u(t, d, n) "
    "order by u.n returning seq"
)


class StoredEvent:
    """An event as committed: its seq, type and JSON (the SSE `data:`)."""

    __slots__ = ("data", "seq", "type")

    def __init__(self, seq: int, type: str, data: bytes) -> None:
        self.seq = seq
        self.type = type
        self.data = data


async def append(conn: Connection, run_id: str, events: Sequence[RunEvent]) -> list[StoredEvent]:
    """Insert durable events in order; returns them with the seq each was given."""
    durable = [e for e in events if is_durable(e)]
    if not durable:
        return []
    types = [event_type(e) for e in durable]
    payloads = [encode(e) for e in durable]
    cur = await conn.execute(_APPEND, (run_id, types, [p.decode() for p in payloads]))
    seqs = sorted(row["seq"] for row in await cur.fetchall())
    return [StoredEvent(seq, t, p) for seq, t, p in zip(seqs, types, payloads, strict=True)]


async def replay(conn: Connection, run_id: str, after_seq: int, limit: int = 1000) -> list[StoredEvent]:
    cur = await conn.execute(
        "select seq, type, data::text as data from public.run_events "
        "where run_id = %s and seq > %s order by seq limit %s",
        (run_id, after_seq, limit),
    )
    rows: list[dict[str, Any]] = await cur.fetchall()
    return [StoredEvent(r["seq"], r["type"], r["data"].encode()) for r in rows]
