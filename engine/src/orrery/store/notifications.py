"""SQL for notifications and where else they go. Inside a user transaction (RLS: a user sees,
marks and is notified only of their own); a new row's owner is the signed user's id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from orrery.store.database import Connection
from orrery.store.pagination import Keyset

Row = dict[str, Any]

_COLUMNS = (
    "id, kind, title, run_id, node_id, scope, attempt, schedule_id, created_at, read_at, "
    "delivered_at, next_delivery_at, delivery_attempts, delivery_error"
)
PAGES = Keyset("created_at", "id")


async def insert(
    conn: Connection,
    *,
    owner_id: str,
    kind: str,
    title: str,
    run_id: str | None = None,
    node_id: str | None = None,
    scope: str | None = None,
    attempt: int | None = None,
    schedule_id: str | None = None,
) -> Row | None:
    """A new notification; None when that step attempt's approval was already notified."""
    cur = await conn.execute(
        "insert into public.notifications (owner_id, kind, title, run_id, node_id, scope, attempt, "
        "schedule_id) values (%s, %s, %s, %s, %s, %s, %s, %s) "
        "on conflict do nothing "
        f"returning {_COLUMNS}",  # type: ignore[arg-type]
        (owner_id, kind, title[:500], run_id, node_id, scope or None, attempt, schedule_id),
    )
    return await cur.fetchone()


async def list_page(conn: Connection, *, unread: bool, cursor: str | None, limit: int) -> list[Row]:
    after, params = PAGES.after(cursor)
    where = f"{after} and read_at is null" if unread else after
    cur = await conn.execute(
        f"select {_COLUMNS} from public.notifications where {where} "  # type: ignore[arg-type]
        f"order by {PAGES.order} limit %s",
        [*params, limit + 1],
    )
    return await cur.fetchall()


async def unread_count(conn: Connection) -> int:
    cur = await conn.execute("select count(*) as n from public.notifications where read_at is null")
    row = await cur.fetchone()
    return int(row["n"]) if row else 0


async def mark_read(conn: Connection, ids: list[str] | None, at: datetime) -> int:
    """Mark these (None: all) unread notifications read; returns how many."""
    if ids is None:
        cur = await conn.execute("update public.notifications set read_at = %s where read_at is null", (at,))
    else:
        cur = await conn.execute(
            "update public.notifications set read_at = %s where read_at is null and id = any(%s)",
            (at, ids),
        )
    return cur.rowcount


async def mark_decided(conn: Connection, run_id: str, node_id: str, scope: str, at: datetime) -> None:
    """A step's approval was decided (from anywhere): its notification has served."""
    await conn.execute(
        "update public.notifications set read_at = %s where run_id = %s and node_id = %s "
        "and coalesce(scope, '') = %s and kind = 'approval_waiting' and read_at is null",
        (at, run_id, node_id, scope),
    )


async def fetch_settings(conn: Connection) -> Row | None:
    cur = await conn.execute(
        "select owner_id, webhook_url, webhook_secret, email from public.notification_settings"
    )
    return await cur.fetchone()


async def save_settings(conn: Connection, fields: dict[str, Any]) -> Row:
    """Create or change the user's settings (at least one field)."""
    names = list(fields)
    cur = await conn.execute(
        f"insert into public.notification_settings ({', '.join(names)}) "  # type: ignore[arg-type]
        f"values ({', '.join(['%s'] * len(names))}) on conflict (owner_id) do update set "
        + ", ".join(f"{n} = excluded.{n}" for n in names)
        + " returning owner_id, webhook_url, webhook_secret, email",
        list(fields.values()),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def hold_delivery(conn: Connection, notification_id: str, until: datetime) -> None:
    """Being sent: not due to another sender until `until` (then due again, should it be lost)."""
    await conn.execute(
        "update public.notifications set next_delivery_at = %s where id = %s", (until, notification_id)
    )


async def mark_delivered(
    conn: Connection, notification_id: str, at: datetime, *, attempts: int, sent_to: list[str]
) -> None:
    """Sent everywhere it goes (or nowhere to send): no attempt is due any more."""
    await conn.execute(
        "update public.notifications set delivered_at = %s, next_delivery_at = null, "
        "delivery_attempts = %s, delivery_error = null, sent_to = %s where id = %s",
        (at, attempts, sent_to, notification_id),
    )


async def mark_failed(
    conn: Connection,
    notification_id: str,
    *,
    attempts: int,
    sent_to: list[str],
    error: str,
    retry_at: datetime | None,
) -> None:
    """An attempt failed: tried again at `retry_at`, or (None) given up."""
    await conn.execute(
        "update public.notifications set next_delivery_at = %s, delivery_attempts = %s, "
        "delivery_error = %s, sent_to = %s where id = %s",
        (retry_at, attempts, error[:1000], sent_to, notification_id),
    )
