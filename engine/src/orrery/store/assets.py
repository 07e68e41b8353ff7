"""SQL for assets (metadata; the bytes are in the asset store) and the list of files whose
rows are gone (`asset_deletions`, filled by a trigger). Every function takes a connection in
a user transaction: RLS decides which rows exist."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orrery.store.database import Connection
from orrery.store.pagination import Keyset, Row

KEYSET = Keyset("a.created_at", "a.id")
COLUMNS = (
    "a.id, a.owner_id, a.run_id, a.node_id, a.scope, a.name, a.mime, a.size, a.sha256, a.width, "
    "a.height, a.duration_s, a.storage_key, a.created_at"
)
KIND_PREFIX = {"image": "image/%", "audio": "audio/%", "video": "video/%", "text": "text/%"}


async def lock_run_files(conn: Connection, run_id: str) -> tuple[int, int]:
    """Locks the run's files until the transaction ends (another step adding one waits), and
    returns how many it has and their bytes in all."""
    await conn.execute("select pg_advisory_xact_lock(hashtextextended('run-files:' || %s, 0))", (run_id,))
    cur = await conn.execute(
        "select count(*) as files, coalesce(sum(size), 0) as bytes from public.assets where run_id = %s",
        (run_id,),
    )
    row = await cur.fetchone()
    assert row is not None
    return int(row["files"]), int(row["bytes"])


async def insert_asset(conn: Connection, fields: dict[str, Any]) -> Row:
    names = ", ".join(fields)
    marks = ", ".join(["%s"] * len(fields))
    cur = await conn.execute(
        f"insert into public.assets as a ({names}) values ({marks}) returning {COLUMNS}",
        tuple(fields.values()),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def fetch_asset(conn: Connection, asset_id: str) -> Row | None:
    cur = await conn.execute(f"select {COLUMNS} from public.assets a where a.id = %s", (asset_id,))
    return await cur.fetchone()


async def list_assets(
    conn: Connection, *, run_id: str | None, kind: str | None, cursor: str | None, limit: int
) -> tuple[list[Row], str | None]:
    where, params = KEYSET.after(cursor)
    conditions = [where]
    if run_id is not None:
        conditions.append("a.run_id = %s")
        params.append(run_id)
    if kind == "other":
        conditions.append(
            "a.mime not like 'image/%%' and a.mime not like 'audio/%%' "
            "and a.mime not like 'video/%%' and a.mime not like 'text/%%'"
        )
    elif kind is not None:
        conditions.append("a.mime like %s")
        params.append(KIND_PREFIX[kind])
    cur = await conn.execute(
        f"select {COLUMNS} from public.assets a where {' and '.join(conditions)} "
        f"order by {KEYSET.order} limit %s",
        (*params, limit + 1),
    )
    return KEYSET.page(await cur.fetchall(), limit, "created_at")


async def delete_asset(conn: Connection, asset_id: str) -> bool:
    cur = await conn.execute("delete from public.assets where id = %s", (asset_id,))
    return cur.rowcount > 0


async def delete_run_assets(conn: Connection, run_id: str) -> int:
    cur = await conn.execute("delete from public.assets where run_id = %s", (run_id,))
    return cur.rowcount


async def run_exists(conn: Connection, run_id: str) -> bool:
    cur = await conn.execute("select 1 from public.runs where id = %s", (run_id,))
    return await cur.fetchone() is not None


async def pending_deletions(conn: Connection, limit: int = 500) -> list[str]:
    cur = await conn.execute(
        "select storage_key from public.asset_deletions order by created_at limit %s", (limit,)
    )
    return [row["storage_key"] for row in await cur.fetchall()]


async def clear_deletions(conn: Connection, keys: Sequence[str]) -> None:
    await conn.execute("delete from public.asset_deletions where storage_key = any(%s)", (list(keys),))
