"""A worker holding many users' runs keeps all their leases alive in one transaction per
interval, acting as each owner in turn; a run taken over meanwhile is told to stop, and a
cancel recorded in Postgres (its message lost) reaches its run."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import psycopg
import pytest

from orrery.runner import lease
from orrery.runner.signals import RunSignals
from orrery.settings import Settings, load_settings
from orrery.store.database import Database
from tests.runner.conftest import User, make_user
from tests.runner.test_worker_admission import _deps, _queued_run


def expiries(admin_url: str, run_ids: list[str]) -> dict[str, datetime]:
    with psycopg.connect(admin_url) as conn:
        rows = conn.execute(
            "select id::text, lease_expires_at from runs where id = any(%s::uuid[])", (run_ids,)
        ).fetchall()
    return {row[0]: row[1] for row in rows}


@pytest.fixture
async def lease_db(env: dict[str, str]) -> AsyncIterator[Database]:
    db = Database(load_settings(env, process="worker").database, max_size=1)
    await db.open()
    yield db
    await db.close()


async def test_one_renewal_keeps_every_users_runs_and_tells_the_ones_lost_or_cancelled(
    settings: Settings, env: dict[str, str], admin_url: str, lease_db: Database
) -> None:
    # Given a worker holding six runs of three users
    worker_settings = load_settings(env, process="worker")
    deps = _deps(lease_db, lease_db, worker_settings)
    users: list[User] = [make_user(admin_url, settings.auth.jwt_secret) for _ in range(3)]
    held: dict[str, tuple[User, int, RunSignals]] = {}
    for user in users:
        for _ in range(2):
            run_id = _queued_run(admin_url, user.id)
            claim = await lease.claim(deps, run_id, user.claims)
            assert not isinstance(claim, str), claim
            signals = RunSignals()
            deps.keeper.hold(run_id, user.claims, claim.token, signals)
            held[run_id] = (user, claim.token, signals)
    before = expiries(admin_url, list(held))
    taken, cancelled, *_ = list(held)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        # and meanwhile another worker took one run over, and a user cancelled another
        conn.execute(
            "update runs set lease_owner = 'other', lease_token = lease_token + 1 where id = %s", (taken,)
        )
        conn.execute("update runs set cancel_requested_at = now() where id = %s", (cancelled,))

    # When the keeper renews
    await deps.keeper.renew()

    # Then one transaction renewed the five runs still ours, whoever owns them
    assert deps.keeper.renewals == 1
    after = expiries(admin_url, list(held))
    renewed = {run_id for run_id in held if after[run_id] > before[run_id]}
    assert renewed == set(held) - {taken}
    # and the run taken over was told to stop, and is no longer renewed
    assert held[taken][2].lost
    assert deps.keeper.held == 5
    # and the cancelled run was told of its cancel, the others of nothing
    assert held[cancelled][2].cancel.is_set()
    others = [s for run_id, (_, _, s) in held.items() if run_id not in (taken, cancelled)]
    assert not any(s.lost or s.cancel.is_set() for s in others)
    await deps.keeper.close()


async def test_a_run_let_go_and_taken_again_keeps_its_new_lease(
    settings: Settings, env: dict[str, str], admin_url: str, lease_db: Database
) -> None:
    # Given a run this worker let go of and took again (a newer lease, a newer token)
    deps = _deps(lease_db, lease_db, load_settings(env, process="worker"))
    ada = make_user(admin_url, settings.auth.jwt_secret)
    run_id = _queued_run(admin_url, ada.id)
    first = await lease.claim(deps, run_id, ada.claims)
    assert not isinstance(first, str)
    deps.keeper.hold(run_id, ada.claims, first.token, RunSignals())
    await lease.release(deps, run_id, ada.claims, first.token)
    second = await lease.claim(deps, run_id, ada.claims)
    assert not isinstance(second, str)
    signals = RunSignals()
    deps.keeper.hold(run_id, ada.claims, second.token, signals)

    # When the first execution ends late and drops its lease, then the keeper renews
    deps.keeper.drop(run_id, first.token)
    await deps.keeper.renew()

    # Then the new lease is still kept, and its execution goes on
    assert deps.keeper.held == 1
    assert not signals.lost
    await deps.keeper.close()
