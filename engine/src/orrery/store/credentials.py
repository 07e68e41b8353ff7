"""SQL for users' provider credentials. Every function takes a connection inside a user
transaction from `Database`: RLS decides which rows exist, and a new row's owner is the
database's `auth.uid()` default. Only `fetch_sealed` reads the ciphertext (the worker)."""

from __future__ import annotations

from typing import Any

from orrery.store.database import Connection

Row = dict[str, Any]

_PUBLIC = "id, provider, label, base_url, key_hint, requests_per_minute, tokens_per_minute, created_at"


async def insert_credential(
    conn: Connection,
    *,
    credential_id: str,
    provider: str,
    label: str,
    base_url: str | None,
    ciphertext: bytes,
    nonce: bytes,
    key_hint: str,
) -> Row:
    cur = await conn.execute(
        "insert into public.credentials (id, provider, label, base_url, ciphertext, nonce, key_hint) "
        f"values (%s, %s, %s, %s, %s, %s, %s) returning {_PUBLIC}, owner_id",  # type: ignore[arg-type]
        (credential_id, provider, label, base_url, ciphertext, nonce, key_hint),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def list_credentials(conn: Connection) -> list[Row]:
    cur = await conn.execute(
        f"select {_PUBLIC} from public.credentials order by created_at desc, id desc"  # type: ignore[arg-type]
    )
    return await cur.fetchall()


async def delete_credential(conn: Connection, credential_id: str) -> bool:
    cur = await conn.execute("delete from public.credentials where id = %s", (credential_id,))
    return cur.rowcount > 0


async def set_limits(
    conn: Connection, credential_id: str, requests_per_minute: int | None, tokens_per_minute: int | None
) -> Row | None:
    """The owner's own limits on a key (None: the operator's default); None if no such key."""
    cur = await conn.execute(
        "update public.credentials set requests_per_minute = %s, tokens_per_minute = %s "
        f"where id = %s returning {_PUBLIC}",  # type: ignore[arg-type]
        (requests_per_minute, tokens_per_minute, credential_id),
    )
    return await cur.fetchone()


async def fetch_sealed(conn: Connection, credential_id: str) -> Row | None:
    """The row with its ciphertext and nonce, for decrypting in the worker."""
    cur = await conn.execute(
        "select id, owner_id, provider, label, base_url, ciphertext, nonce, requests_per_minute, "
        "tokens_per_minute "
        "from public.credentials where id = %s",
        (credential_id,),
    )
    return await cur.fetchone()
