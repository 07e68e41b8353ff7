"""Row-level security of the triggers' tables, checked the way supabase-test-helpers does it: each
login role as it connects in production, acting (or not) as a signed user, sees and changes only
what it must."""

from __future__ import annotations

import hashlib
import uuid

import psycopg
import pytest
from psycopg.types.json import Jsonb

from orrery.settings import Settings
from orrery.store.database import Database
from tests.runner.conftest import User, make_user
from tests.support.workers import shared_workers_paused
from tests.triggers.test_scheduler import store_workflow

TABLES = ("schedules", "webhooks", "webhook_calls", "notifications", "notification_settings")


def seed(admin_url: str, alice: User) -> dict[str, str]:
    """One row of each table, Alice's."""
    workflow_id = store_workflow(admin_url, alice)
    ids = {"workflow": workflow_id, "webhook": str(uuid.uuid4()), "schedule": str(uuid.uuid4())}
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into public.schedules (id, owner_id, workflow_id, cron, next_fire_at, inputs) "
            "values (%s, %s, %s, '* * * * *', now(), %s)",
            (ids["schedule"], alice.id, workflow_id, Jsonb({"secret": "alice-only"})),
        )
        conn.execute(
            "insert into public.webhooks (id, owner_id, workflow_id, token_hash, token_prefix) "
            "values (%s, %s, %s, %s, 'abcd')",
            (ids["webhook"], alice.id, workflow_id, hashlib.sha256(b"alice-token").digest()),
        )
        conn.execute(
            "insert into public.webhook_calls (owner_id, webhook_id, status) values (%s, %s, 202)",
            (alice.id, ids["webhook"]),
        )
        conn.execute(
            "insert into public.notifications (owner_id, kind, title) values (%s, 'run_failed', 'x')",
            (alice.id,),
        )
        conn.execute(
            "insert into public.notification_settings (owner_id, email) values (%s, 'alice@example.com')",
            (alice.id,),
        )
    return ids


@pytest.fixture
def alice(admin_url: str, settings: Settings) -> User:
    return make_user(admin_url, settings.auth.jwt_secret)


async def test_each_user_sees_and_changes_only_their_own_trigger_rows(
    db: Database, alice: User, admin_url: str, settings: Settings
) -> None:
    # Given one row of each table, Alice's
    ids = seed(admin_url, alice)
    bob = make_user(admin_url, settings.auth.jwt_secret)

    # When Bob (signed in) reads every table and tries to change Alice's rows
    async with db.as_user(bob.claims) as conn:
        seen = {
            t: (await (await conn.execute(f"select count(*) as n from public.{t}")).fetchone())["n"]
            for t in TABLES
        }  # type: ignore[index]
        paused = await conn.execute(
            "update public.schedules set paused = true where id = %s", (ids["schedule"],)
        )
        deleted = await conn.execute("delete from public.webhooks where id = %s", (ids["webhook"],))
        read = await conn.execute("update public.notifications set read_at = now()")

    # Then he sees none and changes none; Alice sees her own
    assert seen == dict.fromkeys(TABLES, 0)
    assert (paused.rowcount, deleted.rowcount, read.rowcount) == (0, 0, 0)
    async with db.as_user(alice.claims) as conn:
        hers = {
            t: (await (await conn.execute(f"select count(*) as n from public.{t}")).fetchone())["n"]
            for t in TABLES
        }  # type: ignore[index]
    assert hers == dict.fromkeys(TABLES, 1)


async def test_bob_cannot_record_a_call_or_a_notification_for_alice(
    db: Database, alice: User, admin_url: str, settings: Settings
) -> None:
    # Given Alice's webhook
    ids = seed(admin_url, alice)
    bob = make_user(admin_url, settings.auth.jwt_secret)

    # When Bob inserts a notification for her, then a call on her webhook
    # Then the policies refuse both
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        async with db.as_user(bob.claims) as conn:
            await conn.execute(
                "insert into public.notifications (owner_id, kind, title) values (%s, 'run_failed', 'x')",
                (alice.id,),
            )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        async with db.as_user(bob.claims) as conn:
            await conn.execute(
                "insert into public.webhook_calls (owner_id, webhook_id, status) values (%s, %s, 200)",
                (alice.id, ids["webhook"]),
            )


async def test_the_sweeper_login_sees_only_when_schedules_are_due_and_whose(
    role_urls: dict[str, str], alice: User, admin_url: str
) -> None:
    # Given Alice's schedule, due now (its inputs hold something private), and no scheduler
    # firing it meanwhile (the worker another test left running in this process is paused: it
    # would fire the schedule and move it to the next minute)
    with shared_workers_paused():
        seed(admin_url, alice)

        # When the scheduler's login (orrery_sweeper) asks what is due, then for the schedule's inputs
        with psycopg.connect(role_urls["orrery_sweeper"]) as conn:
            due = conn.execute(
                "select id, owner_id from public.schedules where next_fire_at <= now()"
            ).fetchall()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("select inputs from public.schedules")

    # Then it knows which is due and whose, and nothing more
    assert [str(row[1]) for row in due] == [alice.id]
    with (
        psycopg.connect(role_urls["orrery_sweeper"]) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("select token_hash from public.webhooks")


async def test_the_api_login_finds_a_webhooks_owner_by_token_hash_and_nothing_else(
    role_urls: dict[str, str], alice: User, admin_url: str
) -> None:
    # Given Alice's webhook
    ids = seed(admin_url, alice)

    # When the API's login (acting for nobody) asks whose token this is, and reads webhooks directly
    with psycopg.connect(role_urls["orrery_engine"]) as conn:
        found = conn.execute(
            "select id, owner_id from orrery_private.webhook_by_token(%s)",
            (hashlib.sha256(b"alice-token").digest(),),
        ).fetchall()
        unknown = conn.execute(
            "select id from orrery_private.webhook_by_token(%s)", (hashlib.sha256(b"guess").digest(),)
        ).fetchall()

    # Then it learns that webhook's id and owner, nothing for a guess, and may read no row itself
    assert [(str(r[0]), str(r[1])) for r in found] == [(ids["webhook"], alice.id)]
    assert unknown == []
    with (
        psycopg.connect(role_urls["orrery_engine"]) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("select count(*) from public.webhooks")
