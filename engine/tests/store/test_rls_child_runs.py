"""A run can only be the child of a run of the same owner."""

from __future__ import annotations

import pytest
from psycopg import errors

from orrery.store import runs
from orrery.store.database import Database

from .rls_helpers import Owned, create_everything, create_user


@pytest.fixture
async def alice(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


@pytest.fixture
async def bob(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


async def test_a_run_cannot_be_the_child_of_another_users_run(db: Database, alice: Owned, bob: Owned) -> None:
    # When Bob, as himself, starts a run of his workflow as a child of Alice's run
    with pytest.raises(errors.ForeignKeyViolation):
        async with db.as_user(bob.claims) as conn:
            await runs.insert_child_run(
                conn,
                workflow_id=bob.workflow_id,
                version=1,
                inputs={},
                budgets={},
                parent=(alice.run_id, "sub", "", 1),
                depth=1,
            )

    # Then it is refused, and Alice's run has no child
    async with db.as_user(alice.claims) as conn:
        cur = await conn.execute(
            "select count(*) as n from public.runs where parent_run_id = %s", (alice.run_id,)
        )
        assert await cur.fetchone() == {"n": 0}


async def test_a_child_run_says_which_step_started_it_and_how_deep_it_is(db: Database, alice: Owned) -> None:
    # When a run that names no step, or no depth, claims a parent
    for sql in (
        "insert into public.runs (workflow_id, workflow_version, parent_run_id, depth) values (%s, 1, %s, 1)",
        "insert into public.runs (workflow_id, workflow_version, parent_run_id, parent_node_id, "
        "parent_attempt) values (%s, 1, %s, 'sub', 1)",
    ):
        # Then it is refused
        with pytest.raises(errors.CheckViolation):
            async with db.as_user(alice.claims) as conn:
                await conn.execute(sql, (alice.workflow_id, alice.run_id))  # type: ignore[arg-type]
