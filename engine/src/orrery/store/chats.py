"""SQL for chats: `chat_sessions` (a conversation with a workflow) and `chat_messages` (its turns).
RLS decides whose rows a connection sees; a new row's owner is the database's `auth.uid()` default.
An assistant message is read with its run's status, outputs and error (`left join`: the run may
be gone), so one query gives everything `orrery.chat.replies` derives the reply from."""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from orrery.store.database import Connection
from orrery.store.pagination import Keyset

Row = dict[str, Any]

SESSION_PAGES = Keyset("s.updated_at", "s.id")
_SESSION = "s.id, s.workflow_id, s.title, s.created_at, s.updated_at"
_MESSAGE = (
    "m.id, m.session_id, m.role, m.content, m.run_id, m.status, m.error, m.created_at, "
    "r.status as run_status, r.outputs as run_outputs, r.error as run_error"
)


async def insert_session(conn: Connection, workflow_id: str, title: str | None) -> Row:
    cur = await conn.execute(
        f"insert into public.chat_sessions as s (workflow_id, title) values (%s, coalesce(%s, 'New chat')) "
        f"returning {_SESSION}",
        (workflow_id, title),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def list_sessions(conn: Connection, workflow_id: str, cursor: str | None, limit: int) -> list[Row]:
    """The workflow's sessions, most recently active first; `limit + 1` rows at most."""
    after, params = SESSION_PAGES.after(cursor)
    cur = await conn.execute(
        f"select {_SESSION} from public.chat_sessions s where s.workflow_id = %s and {after} "  # type: ignore[arg-type]
        f"order by {SESSION_PAGES.order} limit %s",
        (workflow_id, *params, limit + 1),
    )
    return await cur.fetchall()


async def fetch_session(conn: Connection, session_id: str, *, for_update: bool = False) -> Row | None:
    lock = " for update" if for_update else ""
    cur = await conn.execute(
        f"select {_SESSION} from public.chat_sessions s where s.id = %s{lock}",  # type: ignore[arg-type]
        (session_id,),
    )
    return await cur.fetchone()


async def rename_session(conn: Connection, session_id: str, title: str) -> Row | None:
    """A new title; the session keeps its place in the list (`updated_at` is its last turn)."""
    cur = await conn.execute(
        f"update public.chat_sessions s set title = %s where s.id = %s returning {_SESSION}",
        (title, session_id),
    )
    return await cur.fetchone()


async def touch_session(conn: Connection, session_id: str, title: str | None = None) -> Row:
    """A new turn: the session moves to the top of the list (and gets `title`, when given)."""
    cur = await conn.execute(
        "update public.chat_sessions s set updated_at = now(), title = coalesce(%s, s.title) "
        f"where s.id = %s returning {_SESSION}",
        (title, session_id),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def delete_session(conn: Connection, session_id: str) -> bool:
    """Its messages go with it (the foreign key cascades); their runs stay."""
    cur = await conn.execute("delete from public.chat_sessions where id = %s", (session_id,))
    return cur.rowcount > 0


async def list_messages(conn: Connection, session_id: str) -> list[Row]:
    """Every message of the session, oldest first, with its run's status, outputs and error."""
    cur = await conn.execute(
        f"select {_MESSAGE} from public.chat_messages m "
        "left join public.runs r on r.id = m.run_id "
        "where m.session_id = %s order by m.created_at, m.id",
        (session_id,),
    )
    return await cur.fetchall()


async def insert_message(
    conn: Connection,
    session_id: str,
    *,
    role: str,
    status: str,
    content: str | None = None,
    run_id: str | None = None,
) -> Row:
    cur = await conn.execute(
        "insert into public.chat_messages as m (session_id, role, status, content, run_id) "
        "values (%s, %s, %s, %s, %s) returning m.id, m.session_id, m.role, m.content, m.run_id, "
        "m.status, m.error, m.created_at",
        (session_id, role, status, content, run_id),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def settle_message(
    conn: Connection, message_id: str, *, content: str | None, status: str, error: dict[str, Any] | None
) -> None:
    """Record the latest reading of an assistant message's run."""
    await conn.execute(
        "update public.chat_messages set content = %s, status = %s, error = %s where id = %s",
        (content, status, Jsonb(error) if error is not None else None, message_id),
    )
