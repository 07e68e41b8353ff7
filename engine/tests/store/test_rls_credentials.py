"""Credentials: only ciphertext is stored, and keys are replaced, never edited (their owner
may change only their own rate limits on them)."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from orrery.store.database import Database

from .rls_helpers import Owned, create_everything, create_user


@pytest.fixture
async def alice(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


def test_no_column_can_hold_a_key_in_clear(admin_url: str) -> None:
    # Given the credentials table
    with psycopg.connect(admin_url) as conn:
        columns = dict(
            conn.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'public' and table_name = 'credentials'"
            ).fetchall()
        )

    # Then the secret exists only as ciphertext; every text column is short or descriptive
    assert columns == {
        "id": "uuid",
        "owner_id": "uuid",
        "provider": "text",
        "label": "text",
        "base_url": "text",
        "ciphertext": "bytea",
        "nonce": "bytea",
        "key_hint": "text",
        "requests_per_minute": "integer",
        "tokens_per_minute": "integer",
        "created_at": "timestamp with time zone",
    }


@pytest.mark.parametrize("change", ["label = 'Renamed'", "ciphertext = '\\x00'", "owner_id = owner_id"])
async def test_a_credential_is_not_edited_in_place(db: Database, alice: Owned, change: str) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(f"update public.credentials set {change}")  # type: ignore[arg-type]


async def test_a_hint_shows_at_most_four_characters(db: Database, alice: Owned) -> None:
    with pytest.raises(errors.CheckViolation):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(
                "insert into public.credentials (provider, label, ciphertext, nonce, key_hint) "
                "values ('openai', 'Leaky', '\\x01', %s, 'sk-abcd')",
                (b"\x00" * 12,),
            )


async def test_labels_are_unique_per_user_only(db: Database, admin_url: str, alice: Owned) -> None:
    add = (
        "insert into public.credentials (provider, label, ciphertext, nonce) "
        "values ('anthropic', 'Work', '\\x01', %s)"
    )
    # Given Alice's credential labelled "Work"
    # When she adds another "Work"
    # Then it is refused
    with pytest.raises(errors.UniqueViolation):
        async with db.as_user(alice.claims) as conn:
            await conn.execute(add, (b"\x00" * 12,))

    # And Bob may use the same label
    bob = create_user(admin_url)
    async with db.as_user({"sub": bob, "role": "authenticated"}) as conn:
        await conn.execute(add, (b"\x00" * 12,))
