"""SQL for the local stand-in: users, sessions, refresh tokens and failed logins.

Everything runs in `auth_admin(db)`: a transaction that first does
`set local role supabase_auth_admin`, the role Supabase's own Auth server
uses and owner of the `auth` tables. The engine's login role may take it only
in the local shim (see supabase/local/00_supabase_shim.sql); the setting is
transaction-local, so the pooled connection goes back as it came.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

import msgspec
import psycopg
from psycopg_pool import PoolTimeout

from orrery.errors import DependencyUnavailable
from orrery.store.database import Connection, Database

Row = dict[str, Any]

_USER_COLUMNS = """
  id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
  raw_app_meta_data, raw_user_meta_data, is_anonymous, banned_until, created_at, updated_at
"""


@asynccontextmanager
async def auth_admin(db: Database) -> AsyncIterator[Connection]:
    try:
        async with db.pool.connection() as conn, conn.transaction():
            await conn.execute("set local role supabase_auth_admin")
            yield conn
    except (PoolTimeout, psycopg.OperationalError) as exc:
        raise DependencyUnavailable("the database is unavailable") from exc


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
        conn, f"select {_USER_COLUMNS} from auth.users where email = %(email)s", {"email": email}
    )


async def user_by_id(conn: Connection, user_id: UUID) -> Row | None:
    return await _one(conn, f"select {_USER_COLUMNS} from auth.users where id = %(id)s", {"id": user_id})


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


# Failed password logins (rate limiting)


async def recent_failures(conn: Connection, email: str, ip: str, window: int) -> tuple[int, int]:
    """Failed logins within the window: (for this email, from this IP)."""
    row = await _one(
        conn,
        """select count(*) filter (where email = %(email)s) as by_email,
                  count(*) filter (where ip = %(ip)s) as by_ip
           from auth.orrery_login_failures
           where created_at > now() - make_interval(secs => %(window)s)
             and (email = %(email)s or ip = %(ip)s)""",
        {"email": email, "ip": ip, "window": window},
    )
    assert row is not None
    return int(row["by_email"]), int(row["by_ip"])


async def record_failure(conn: Connection, email: str, ip: str, window: int) -> None:
    await conn.execute(
        "delete from auth.orrery_login_failures where created_at < now() - make_interval(secs => %(window)s)",
        {"window": window},
    )
    await conn.execute(
        "insert into auth.orrery_login_failures (email, ip) values (%(email)s, %(ip)s)",
        {"email": email, "ip": ip},
    )


async def clear_failures(conn: Connection, email: str) -> None:
    await conn.execute("delete from auth.orrery_login_failures where email = %(email)s", {"email": email})
