"""SQL for users' named secrets. Every function takes a connection inside a user transaction
from `Database`: RLS decides which rows exist. Only `fetch_sealed` reads ciphertexts (the
worker, acting as the run's owner)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orrery.store.database import Connection

Row = dict[str, Any]

_PUBLIC = "name, created_at, updated_at"


async def list_secrets(conn: Connection) -> list[Row]:
    cur = await conn.execute(f"select {_PUBLIC} from public.secrets order by name")  # type: ignore[arg-type]
    return await cur.fetchall()


async def names(conn: Connection) -> set[str]:
    cur = await conn.execute("select name from public.secrets")
    return {row["name"] for row in await cur.fetchall()}


async def put_secret(conn: Connection, *, name: str, ciphertext: bytes, nonce: bytes) -> tuple[Row, bool]:
    """Add the secret, or replace its value; (row, created)."""
    cur = await conn.execute(
        "insert into public.secrets (name, ciphertext, nonce) values (%s, %s, %s) "  # type: ignore[arg-type]
        "on conflict (owner_id, name) do update set ciphertext = excluded.ciphertext, "
        f"nonce = excluded.nonce, updated_at = now() returning {_PUBLIC}, owner_id, (xmax = 0) as created",
        (name, ciphertext, nonce),
    )
    row = await cur.fetchone()
    assert row is not None
    return row, bool(row.pop("created"))


async def delete_secret(conn: Connection, name: str) -> bool:
    cur = await conn.execute("delete from public.secrets where name = %s", (name,))
    return cur.rowcount > 0


async def fetch_sealed(conn: Connection, wanted: Sequence[str]) -> list[Row]:
    """The named secrets' ciphertexts and nonces, for decrypting in the worker."""
    cur = await conn.execute(
        "select owner_id, name, ciphertext, nonce from public.secrets where name = any(%s)", (list(wanted),)
    )
    return await cur.fetchall()
