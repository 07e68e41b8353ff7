"""Whether a user still exists: the one question the API asks about `auth.users`.

The API's login role cannot read `auth.users` (it holds every password hash);
`orrery_private.user_is_active` (a security definer function, see
supabase/migrations/20261206300100_active_users.sql) answers yes or no for
one id, and only that role may call it.
"""

from __future__ import annotations

from uuid import UUID

from orrery.store.database import Database

_IS_ACTIVE = "select orrery_private.user_is_active(%s) as active"


async def user_is_active(db: Database, user_id: UUID) -> bool:
    """True when the user exists and is neither deleted nor banned."""
    async with db.as_login_role() as conn:
        cursor = await conn.execute(_IS_ACTIVE, (user_id,))
        row = await cursor.fetchone()
    return bool(row and row["active"])
