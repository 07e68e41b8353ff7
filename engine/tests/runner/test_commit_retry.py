"""A run's commit that finds no free pooled connection waits and commits again (runner/
committer.py, `BUSY_POOL_WAITS_S`) instead of stopping the run's writer and leaving the run to
the sweeper: nothing was sent, so nothing is written twice."""

from __future__ import annotations

import asyncio
import dataclasses
import time

from redis.asyncio import Redis

from orrery.events.live import LivePublisher
from orrery.settings import Settings, load_settings
from orrery.store.database import Database
from tests.runner.conftest import make_user
from tests.runner.test_shared_commits import _held_committer, _rows, _started
from tests.runner.test_worker_admission import _deps


async def test_a_commit_waits_for_a_busy_pool_and_commits(
    settings: Settings, env: dict[str, str], admin_url: str, redis: Redis
) -> None:
    # Given a worker whose runs' pool has one connection (a request for it gives up after 0.2 s),
    # and a run it leased (its lease from a pool of its own)
    worker = load_settings(env, process="worker")
    runs_db = Database(dataclasses.replace(worker.database, connect_timeout=0.2), max_size=1)
    lease_db = Database(worker.database, application_name="orrery-worker-leases", max_size=1)
    await runs_db.open()
    await lease_db.open()
    deps = _deps(runs_db, lease_db, worker)
    deps.publisher = LivePublisher(redis)
    deps.commits._publisher = deps.publisher
    ada = make_user(admin_url, settings.auth.jwt_secret)
    committer = await _held_committer(deps, admin_url, ada)
    try:
        # When a step of the run starts while that one connection is held by someone else, until
        # the commit has found none twice (the shared transaction, then again after a wait)
        async with runs_db.pool.connection():
            written = asyncio.ensure_future(committer.write(_started(committer)))
            deadline = time.monotonic() + 30
            while not written.done() and runs_db.pool.get_stats().get("requests_errors", 0) < 2:
                assert time.monotonic() < deadline, "the commit never asked the pool twice"
                await asyncio.sleep(0.02)

        # Then the step's start is committed once the connection is free again, after waiting
        await written
        assert committer.busy_pool_waits >= 1
        row = _rows(admin_url, [committer.run_id])[committer.run_id]
        assert row["status"] == "running", row
        assert row["events"] == 1, row
        # and the run's writer goes on: its next write commits too
        await committer.write(_started(committer, "next"))
        assert committer.failure is None
    finally:
        await committer.close()
        await runs_db.close()
        await lease_db.close()
