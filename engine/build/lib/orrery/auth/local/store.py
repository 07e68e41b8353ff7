"""SQL for the local stand-in: users, sessions, refresh tokens and login limits.

The stand-in is its own process (`orrery auth`) with its own login role,
`orrery_auth`, granted exactly the auth tables it uses and nothing else (see
supabase/local/10_auth_standin.sql). So every function here runs in a plain
transaction of that role (`Database.as_login_role`): there is no role to
switch to, and none that the process could switch to.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from orrery.auth.local.limits import Counter
from orrery.store.database import Connection, Database

Row = dict[str, Any]

_USER_COLUMNS = """
  id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
  raw_app_meta_data, raw_user_meta_data, is_anonymous, banned_until, deleted_at, created_at, updated_at
"""


def transaction(db: Database) -> AbstractAsyncContextManager[Connection]:
    """A transaction of the stand-in's own role (503 when the database is down)."""
    return db.as_login_role()


def _json(value: object) -> str:
    return msgspec.json.encode(value).decode()


async def _one(conn: Connection, sql: str, params: dict[str, Any]) -> Row | None:
    cursor = await conn.execute(sql, params)  # type: ignore[arg-type]
    return await cursor.fetchone()


# Users


async def insert_user(conn: Connection, email: str, password_hash: str, metadata: dict[str, Any]) -> Row:
    """A new, already confirmed user; raises `psycopg.errors.UniqueViolation` for a taken email."""
    row = await _one(
        conn,
        f"""insert into auth.users (aud, role, email, encrypted_password, email_confirmed_at,
                                    raw_user_meta_data)
            values ('authenticated', 'authenticated', %(email)s, %(hash)s, now(), %(metadata)s::jsonb)
            returning {_USER_COLUMNS}""",
        {"email": email, "hash": password_hash, "metadata": _json(metadata)},
    )
    assert row is not None
    return row


async def user_by_email(conn: Connection, email: str) -> Row | None:
    return await _one(
        conn,
        f"select {_USER_COLUMNS} from auth.users where email = %(email)s and deleted_at is null",
        {"email": email},
    )


async def user_by_id(conn: Connection, user_id: UUID) -> Row | None:
    return await _one(
        conn,
        f"select {_USER_COLUMNS} from auth.users where id = %(id)s and deleted_at is null",
        {"id": user_id},
    )


async def record_sign_in(conn: Connection, user_id: UUID) -> Row:
    row = await _one(
        conn,
        f"""update auth.users set last_sign_in_at = now(), updated_at = now()
            where id = %(id)s returning {_USER_COLUMNS}""",
        {"id": user_id},
    )
    assert row is not None
    return row


async def update_user(
    conn: Connection, user_id: UUID, *, password_hash: str | None, metadata: dict[str, Any] | None
) -> Row | None:
    """Set a new password and/or merge into the user's metadata (`null` values remove keys)."""
    return await _one(
        conn,
        f"""update auth.users set
              encrypted_password = coalesce(%(hash)s, encrypted_password),
              raw_user_meta_data = case when %(metadata)s::jsonb is null then raw_user_meta_data
                else jsonb_strip_nulls(raw_user_meta_data || %(metadata)s::jsonb) end,
              updated_at = now()
            where id = %(id)s returning {_USER_COLUMNS}""",
        {"id": user_id, "hash": password_hash, "metadata": None if metadata is None else _json(metadata)},
    )


# Sessions and refresh tokens (stored as SHA-256 digests, never in clear)


async def create_session(conn: Connection, user_id: UUID, user_agent: str | None, ip: str | None) -> UUID:
    row = await _one(
        conn,
        """insert into auth.sessions (user_id, user_agent, ip)
           values (%(user_id)s, %(user_agent)s, %(ip)s::inet) returning id""",
        {"user_id": user_id, "user_agent": user_agent, "ip": ip},
    )
    assert row is not None
    session_id: UUID = row["id"]
    return session_id


async def session_exists(conn: Connection, session_id: str) -> bool:
    try:
        sid = UUID(session_id)
    except ValueError:
        return False
    return await _one(conn, "select 1 from auth.sessions where id = %(id)s", {"id": sid}) is not None


async def insert_refresh_token(
    conn: Connection, user_id: UUID, session_id: UUID, digest: str, parent: str | None
) -> None:
    await conn.execute(
        """insert into auth.refresh_tokens (token, user_id, session_id, parent)
           values (%(token)s, %(user_id)s, %(session_id)s, %(parent)s)""",
        {"token": digest, "user_id": user_id, "session_id": session_id, "parent": parent},
    )
    await conn.execute("update auth.sessions set updated_at = now() where id = %(id)s", {"id": session_id})


async def lock_refresh_token(conn: Connection, digest: str) -> Row | None:
    """The token's row, locked until the transaction ends (concurrent refreshes queue here)."""
    return await _one(
        conn,
        """select t.token, t.user_id, t.session_id, t.revoked, s.created_at as session_created_at
           from auth.refresh_tokens t join auth.sessions s on s.id = t.session_id
           where t.token = %(token)s for update of t""",
        {"token": digest},
    )


async def revoke_refresh_token(conn: Connection, digest: str) -> None:
    await conn.execute(
        "update auth.refresh_tokens set revoked = true, updated_at = now() where token = %(token)s",
        {"token": digest},
    )


async def revoked_within(conn: Connection, digest: str, seconds: float) -> bool:
    """True when this (revoked) token was rotated less than `seconds` ago."""
    row = await _one(
        conn,
        """select 1 from auth.refresh_tokens where token = %(token)s and revoked
             and updated_at > now() - make_interval(secs => %(seconds)s)""",
        {"token": digest, "seconds": seconds},
    )
    return row is not None


async def delete_sessions(
    conn: Connection, user_id: UUID, *, only: str | None = None, keep: str | None = None
) -> None:
    """End sessions (their refresh tokens go with them): one, all but one, or all of a user's."""
    await conn.execute(
        """delete from auth.sessions where user_id = %(user_id)s
             and (%(only)s::uuid is null or id = %(only)s::uuid)
             and (%(keep)s::uuid is null or id <> %(keep)s::uuid)""",
        {"user_id": user_id, "only": only, "keep": keep},
    )


async def delete_session(conn: Connection, session_id: UUID) -> None:
    await conn.execute("delete from auth.sessions where id = %(id)s", {"id": session_id})


# Login and signup limits (auth.orrery_login_limits): lock, decide (limits.py), store.


async def lock_counter(conn: Connection, key: str) -> tuple[Counter, datetime]:
    """The key's counter, created if new and locked until the transaction ends; and the database's now."""
    row = await _one(
        conn,
        """insert into auth.orrery_login_limits as l (key) values (%(key)s)
           on conflict (key) do update set key = l.key
           returning attempts, window_started_at, last_attempt_at, blocked_until, now() as now""",
        {"key": key},
    )
    assert row is not None
    counter = Counter(
        attempts=row["attempts"],
        window_started_at=row["window_started_at"],
        last_attempt_at=row["last_attempt_at"],
        blocked_until=row["blocked_until"],
    )
    return counter, row["now"]


async def save_counter(conn: Connection, key: str, counter: Counter) -> None:
    await conn.execute(
        """update auth.orrery_login_limits set attempts = %(attempts)s,
             window_started_at = %(window_started_at)s, last_attempt_at = %(last_attempt_at)s,
             blocked_until = %(blocked_until)s
           where key = %(key)s""",
        {
            "key": key,
            "attempts": counter.attempts,
            "window_started_at": counter.window_started_at,
            "last_attempt_at": counter.last_attempt_at,
            "blocked_until": counter.blocked_until,
        },
    )


async def delete_counter(conn: Connection, key: str) -> None:
    await conn.execute("delete from auth.orrery_login_limits where key = %(key)s", {"key": key})


async def prune_counters(conn: Connection, older_than_s: float, batch: int = 100) -> None:
    """Forget a few counters idle for longer than any window or block (they would start afresh)."""
    await conn.execute(
        """delete from auth.orrery_login_limits where key in (
             select key from auth.orrery_login_limits
              where last_attempt_at < now() - make_interval(secs => %(age)s)
                and (blocked_until is null or blocked_until < now() - make_interval(secs => %(age)s))
              order by last_attempt_at limit %(batch)s
              for update skip locked)""",
        {"age": older_than_s, "batch": batch},
    )
