"""The per-user transaction: claims are transaction-local, roles are switched, outages are 503s."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from orrery.errors import DependencyUnavailable
from orrery.settings import DatabaseSettings
from orrery.store.database import Database


def _claims(sub: str) -> dict[str, str]:
    return {"sub": sub, "role": "authenticated", "aud": "authenticated"}


async def test_a_user_transaction_acts_as_that_user(db: Database) -> None:
    # Given a user
    user = str(uuid.uuid4())

    # When SQL runs in their transaction
    async with db.as_user(_claims(user)) as conn:
        row = await (await conn.execute("select current_user, auth.uid()::text as uid")).fetchone()

    # Then it runs as `authenticated` with their id
    assert row == {"current_user": "authenticated", "uid": user}


async def test_nothing_of_one_user_survives_into_the_next_transaction(db: Database) -> None:
    # Given a pool with a single connection, so both users share it
    await db.pool.resize(1, 1)
    alice, bob = str(uuid.uuid4()), str(uuid.uuid4())

    # When Alice's transaction fails midway
    with pytest.raises(psycopg.errors.DivisionByZero):
        async with db.as_user(_claims(alice)) as conn:
            await conn.execute("select 1 / 0")

    # Then Bob, on the same connection, sees his own identity, not hers
    async with db.as_user(_claims(bob)) as conn:
        row = await (await conn.execute("select auth.uid()::text as uid")).fetchone()
    assert row == {"uid": bob}

    # And outside any user transaction no claims or role remain
    async with db.pool.connection() as conn:
        row = await (
            await conn.execute("select current_user, current_setting('request.jwt.claims', true) as claims")
        ).fetchone()
    assert row is not None
    assert row["current_user"] == "orrery_engine"
    assert row["claims"] in (None, "")


async def test_an_unknown_role_in_claims_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="refusing"):
        async with db.as_user({"sub": str(uuid.uuid4()), "role": "postgres"}):
            pass


async def test_an_unreachable_database_is_a_dependency_error() -> None:
    # Given a pool pointed at a database that is not there
    database = Database(
        DatabaseSettings(
            url="postgresql://nobody@/nothing?host=/nonexistent",
            admin_url="",
            connect_timeout=0.5,
            claims_secret="any",
        )
    )
    await database.open()
    try:
        # Then a user transaction says the dependency is unavailable, and ping says down
        with pytest.raises(DependencyUnavailable):
            async with database.as_user(_claims(str(uuid.uuid4()))):
                pass
        assert await database.ping(timeout=0.5) is False
    finally:
        await database.close()
