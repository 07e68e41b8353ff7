"""SQL for webhooks and their calls. Inside a user transaction (RLS decides), except
`owner_of_token`: the API's login role asks whose webhook a token is (a security-definer
function that answers only that), then acts as that owner."""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from orrery.store.database import Connection

Row = dict[str, Any]

COLUMNS = (
    "id, workflow_id, name, token_prefix, enabled, mapping, response_mode, wait_timeout_s, "
    "hmac_secret, hmac_header, hmac_algorithm, timestamp_header, timestamp_tolerance_s, max_body_bytes, "
    "rate_limit_per_minute, created_at, updated_at, owner_id"
)
EDITABLE = frozenset(
    {
        "name",
        "enabled",
        "mapping",
        "response_mode",
        "wait_timeout_s",
        "hmac_secret",
        "hmac_header",
        "hmac_algorithm",
        "timestamp_header",
        "timestamp_tolerance_s",
        "max_body_bytes",
        "rate_limit_per_minute",
    }
)


def _value(name: str, value: Any) -> Any:
    return Jsonb(value) if name == "mapping" else value


async def insert(conn: Connection, fields: dict[str, Any]) -> Row:
    names = list(fields)
    cur = await conn.execute(
        f"insert into public.webhooks ({', '.join(names)}) values ({', '.join(['%s'] * len(names))}) "  # type: ignore[arg-type]
        f"returning {COLUMNS}",
        [_value(n, v) for n, v in fields.items()],
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def fetch(conn: Connection, webhook_id: str) -> Row | None:
    cur = await conn.execute(f"select {COLUMNS} from public.webhooks where id = %s", (webhook_id,))  # type: ignore[arg-type]
    return await cur.fetchone()


async def list_for_workflow(conn: Connection, workflow_id: str) -> list[Row]:
    cur = await conn.execute(
        f"select {COLUMNS} from public.webhooks where workflow_id = %s order by created_at, id",  # type: ignore[arg-type]
        (workflow_id,),
    )
    return await cur.fetchall()


async def update(conn: Connection, webhook_id: str, fields: dict[str, Any]) -> Row | None:
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    sets = ", ".join(f"{name} = %s" for name in fields)
    cur = await conn.execute(
        f"update public.webhooks set {sets} where id = %s returning {COLUMNS}",  # type: ignore[arg-type]
        [*(_value(n, v) for n, v in fields.items()), webhook_id],
    )
    return await cur.fetchone()


async def delete(conn: Connection, webhook_id: str) -> bool:
    cur = await conn.execute("delete from public.webhooks where id = %s", (webhook_id,))
    return cur.rowcount > 0


async def owner_of_token(conn: Connection, token_hash: bytes) -> Row | None:
    """`id, owner_id` of the webhook whose token hashes to `token_hash` (as the API's login role)."""
    cur = await conn.execute("select id, owner_id from orrery_private.webhook_by_token(%s)", (token_hash,))
    return await cur.fetchone()


async def record_call(
    conn: Connection, *, owner_id: str, webhook_id: str, status: int, run_id: str | None, error: str | None
) -> None:
    await conn.execute(
        "insert into public.webhook_calls (owner_id, webhook_id, status, run_id, error) "
        "values (%s, %s, %s, %s, %s)",
        (owner_id, webhook_id, status, run_id, (error or None) and error[:2000]),
    )


async def list_calls(conn: Connection, webhook_id: str, limit: int) -> list[Row]:
    cur = await conn.execute(
        "select id, created_at as at, status, run_id, error from public.webhook_calls where webhook_id = %s "
        "order by created_at desc, id desc limit %s",
        (webhook_id, limit),
    )
    return await cur.fetchall()
