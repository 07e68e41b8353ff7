"""Row-level security on chats, as supabase-test-helpers checks it (in transactions acting as
`authenticated` with signed claims): a conversation is its owner's alone, and a worker, which
acts for a run's owner, never reads or writes one (the reply is read from the run instead).
The two-user checks every table gets are in tests/store/test_rls_tables.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import psycopg
import pytest

from orrery.settings import Settings
from orrery.store.database import Database
from tests.store.rls_helpers import Owned, claims, create_everything, create_user


@pytest.fixture
async def worker_db(settings: Settings, role_urls: dict[str, str]) -> AsyncIterator[Database]:
    db = Database(settings.database, url=role_urls["orrery_worker"], application_name="orrery-worker")
    await db.open()
    yield db
    await db.close()


async def conversation_rows(db: Database, owner: Owned) -> tuple[int, int]:
    async with db.as_user(owner.claims) as conn:
        sessions = await (await conn.execute("select count(*) as n from public.chat_sessions")).fetchone()
        messages = await (await conn.execute("select count(*) as n from public.chat_messages")).fetchone()
    assert sessions is not None
    assert messages is not None
    return int(sessions["n"]), int(messages["n"])


async def test_each_user_sees_only_their_own_conversations(db: Database, admin_url: str) -> None:
    # Given Ada and Bob, each with a chat session holding a message
    ada = await create_everything(db, create_user(admin_url))
    bob = await create_everything(db, create_user(admin_url))

    # When each reads every session and message
    # Then each sees their own only
    assert await conversation_rows(db, ada) == (1, 1)
    async with db.as_user(ada.claims) as conn:
        seen = await (await conn.execute("select id::text from public.chat_sessions")).fetchall()
    assert [r["id"] for r in seen] == [ada.session_id]
    assert await conversation_rows(db, bob) == (1, 1)


async def test_nobody_writes_into_someone_elses_session(db: Database, admin_url: str) -> None:
    # Given Ada's session and Bob
    ada = await create_everything(db, create_user(admin_url))
    bob_id = create_user(admin_url)

    # When Bob adds a message to Ada's session, as himself
    # Then there is no such session for him
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        async with db.as_user(claims(bob_id)) as conn:
            await conn.execute(
                "insert into public.chat_messages (session_id, role, status, content) "
                "values (%s, 'user', 'sent', 'hijack')",
                (ada.session_id,),
            )
    # When he writes it in Ada's name
    # Then the policy refuses it
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        async with db.as_user(claims(bob_id)) as conn:
            await conn.execute(
                "insert into public.chat_messages (owner_id, session_id, role, status, content) "
                "values (%s, %s, 'user', 'sent', 'hijack')",
                (ada.user_id, ada.session_id),
            )
    # and Ada's session still holds her one message
    assert await conversation_rows(db, ada) == (1, 1)


async def test_a_worker_acting_for_the_owner_never_sees_their_conversations(
    db: Database, worker_db: Database, admin_url: str
) -> None:
    # Given Ada's chat session, whose reply a run of hers writes
    ada = await create_everything(db, create_user(admin_url))

    # When a worker (its own login role) acts for Ada, as it does to run her workflow
    # Then it sees her run, but none of her conversations
    async with worker_db.as_user(ada.claims) as conn:
        run = await (await conn.execute("select count(*) as n from public.runs")).fetchone()
    assert run is not None
    assert run["n"] == 1
    assert await conversation_rows(worker_db, ada) == (0, 0)
    # and it cannot write one either
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        async with worker_db.as_user(ada.claims) as conn:
            await conn.execute(
                "insert into public.chat_sessions (workflow_id) values (%s)", (ada.workflow_id,)
            )
