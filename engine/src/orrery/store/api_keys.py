"""API keys' SQL: the owner's list, create and revoke (as the user, under RLS), and the one
lookup the API's login role may make (`orrery_private.authenticate_api_key`, see
supabase/migrations/20261208100000_api_keys.sql)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from psycopg.rows import DictRow

from orrery.store.database import Connection, Database

Row = DictRow
_COLUMNS = "id, owner_id, name, prefix, scopes, expires_at, last_used_at, revoked_at, created_at"


async def list_keys(conn: Connection) -> list[dict[str, Any]]:
    cur = await conn.execute(f"select {_COLUMNS} from public.api_keys order by created_at desc, id desc")  # type: ignore[arg-type]
    return await cur.fetchall()


async def insert_key(
    conn: Connection,
    *,
    name: str,
    prefix: str,
    key_hash: bytes,
    scopes: Sequence[str],
    expires_at: datetime | None,
) -> dict[str, Any]:
    cur = await conn.execute(
        "insert into public.api_keys (name, prefix, key_hash, scopes, expires_at) "  # type: ignore[arg-type]
        f"values (%s, %s, %s, %s, %s) returning {_COLUMNS}",
        (name, prefix, key_hash, list(scopes), expires_at),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def revoke_key(conn: Connection, key_id: str) -> dict[str, Any] | None:
    """Revoke the key (a revoked key stays revoked as it was); None when it is not the user's."""
    cur = await conn.execute(
        f"update public.api_keys set revoked_at = now() where id = %s returning {_COLUMNS}",  # type: ignore[arg-type]
        (key_id,),
    )
    return await cur.fetchone()


async def authenticate(db: Database, key_hash: bytes) -> dict[str, Any] | None:
    """The live key with this SHA-256: (key_id, user_id, email, scopes, expires_at), or None."""
    async with db.as_login_role() as conn:
        cur = await conn.execute(
            "select key_id, user_id, email, scopes, expires_at from orrery_private.authenticate_api_key(%s)",
            (key_hash,),
        )
        return await cur.fetchone()
