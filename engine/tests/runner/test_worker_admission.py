"""A worker takes a run only when it can start it: a run never waits in a busy worker's hands
while another worker could execute it, and a new run's lease never queues behind other runs'
commits for a connection."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from orrery.runner import lease
from orrery.runner.deps import RunnerDeps
from orrery.settings import Settings, load_settings
from orrery.store.database import Database
from tests.runner import test_scheduling as scheduling
from tests.runner.conftest import Api, Isolated, make_user, start_worker, steps_by_node
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import LocalServer

pytestmark = pytest.mark.slow

NO_RESCUE = {"ORRERY_STALE_AFTER_S": "120"}
"""The sweeper re-sends a run still queued after this long: not within the test, which shows
that the run needs no rescue."""


def slow_call(web: LocalServer, seconds: int) -> dict[str, Any]:
    """A run busy in a call for `seconds`, with time to spare before the call's timeout."""
    return scheduling.slow_call(web, seconds, timeout_s=seconds + 30)


def quick() -> dict[str, Any]:
    return workflow(
        [node("start", "input"), node("result", "output", {"value": "done"})],
        [edge("start", "result")],
    )


async def test_a_run_is_not_held_by_a_busy_worker_while_another_is_free(
    isolated: Isolated, web: LocalServer, tmp_path: Path
) -> None:
    # Given a worker with one thread, busy with Ada's run waiting 25 s on a slow service
    api = isolated.api
    busy = start_worker(isolated.env, tmp_path, threads=1, name="busy", overrides=NO_RESCUE)
    free = None
    try:
        slow = (await api.start(api.create_workflow(slow_call(web, 25)))).json()["id"]
        await api.wait_step(slow, "call", "running")
        # When she starts a quick run, and a second worker comes up a moment later
        fast = (await api.start(api.create_workflow(quick()))).json()["id"]
        await asyncio.sleep(1.0)  # time enough for the busy worker to fetch it, if it would
        free = start_worker(isolated.env, tmp_path, threads=1, name="free", overrides=NO_RESCUE)

        # Then the quick run is executed by the free worker and ends while the slow one still waits
        done = await api.wait(fast, timeout=20)
        assert done["status"] == "succeeded", done
        still = await api.run(slow)
        assert still["status"] == "running", still
        assert steps_by_node(still)["call"][-1]["finished_at"] is None
        slow_run = await api.wait(slow, timeout=60)
        assert slow_run["status"] == "succeeded", slow_run
        assert datetime.fromisoformat(done["finished_at"]) < datetime.fromisoformat(slow_run["finished_at"])
    finally:
        busy.stop()
        if free is not None:
            free.stop()


def most_at_once(runs: list[dict[str, Any]]) -> int:
    """The most of these runs that were executing at the same moment."""
    edges = sorted(
        [(datetime.fromisoformat(r["started_at"]), 1) for r in runs]
        + [(datetime.fromisoformat(r["finished_at"]), -1) for r in runs]
    )
    at_once = most = 0
    for _, step in edges:
        at_once += step
        most = max(most, at_once)
    return most


async def test_one_users_many_runs_do_not_hold_back_another_users_run(
    isolated: Isolated, web: LocalServer, tmp_path: Path, settings: Settings, admin_url: str
) -> None:
    # Given a worker with four threads, and an operator's cap of two runs at once per user
    capped = {**NO_RESCUE, "ORRERY_MAX_RUNNING_RUNS_PER_USER": "2"}
    worker = start_worker(isolated.env, tmp_path, threads=4, name="capped", overrides=capped)
    ada = isolated.api
    bob = Api(ada.client, make_user(admin_url, settings.auth.jwt_secret), admin_url)
    try:
        # When Ada starts six runs that each wait 8 s on a slow service
        slow = ada.create_workflow(slow_call(web, 8))
        adas = [(await ada.start(slow)).json()["id"] for _ in range(6)]
        await ada.wait_step(adas[0], "call", "running")
        # and Bob starts one quick run
        bobs = (await bob.start(bob.create_workflow(quick()))).json()["id"]

        # Then Bob's run ends while Ada's later runs still wait for her first ones
        done = await bob.wait(bobs, timeout=30)
        assert done["status"] == "succeeded", done
        ended = [await ada.wait(run_id, timeout=120) for run_id in adas]
        assert [r["status"] for r in ended] == ["succeeded"] * 6, ended
        last_started = max(datetime.fromisoformat(r["started_at"]) for r in ended)
        assert datetime.fromisoformat(done["finished_at"]) < last_started
        # and no more than two of Ada's runs ever executed at once, none of them lost
        assert most_at_once(ended) == 2
    finally:
        worker.stop()


async def test_a_run_gets_its_lease_while_every_pool_connection_is_busy(
    settings: Settings, env: dict[str, str], admin_url: str
) -> None:
    # Given a worker's pools: the runs' pool with each of its two connections held by a commit
    # in flight, and the pool that takes leases
    worker_settings = load_settings({**env, "DATABASE_POOL_MAX": "2"}, process="worker")
    runs_db = Database(worker_settings.database)
    lease_db = Database(worker_settings.database, application_name="orrery-worker-leases", max_size=1)
    await runs_db.open()
    await lease_db.open()
    ada = make_user(admin_url, settings.auth.jwt_secret)
    run_id = _queued_run(admin_url, ada.id)
    deps = _deps(runs_db, lease_db, worker_settings)
    try:
        async with runs_db.pool.connection(), runs_db.pool.connection():
            # When the worker takes Ada's new run
            claim = await asyncio.wait_for(lease.claim(deps, run_id, ada.claims), timeout=30)

            # Then it holds the lease without waiting for the runs' pool
            assert not isinstance(claim, str), claim
            assert claim.run["lease_owner"] == "test-worker"
            # and gives it up the same way
            released = await lease.release(deps, run_id, ada.claims, claim.token)
            assert released is not None
            assert released["released"], released
    finally:
        await runs_db.close()
        await lease_db.close()


def _queued_run(admin_url: str, owner: str) -> str:
    import uuid

    import psycopg
    from psycopg.types.json import Jsonb

    workflow_id, run_id = str(uuid.uuid4()), str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into workflows (id, owner_id, name) values (%s, %s, 'lease')", (workflow_id, owner)
        )
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, 1, %s, %s, %s)",
            (workflow_id, owner, Jsonb(quick()), owner),
        )
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version) values (%s, %s, %s, 1)",
            (run_id, owner, workflow_id),
        )
    return run_id


def _deps(runs_db: Database, lease_db: Database, settings: Settings) -> RunnerDeps:
    from orrery.net import SafeHttpClient
    from orrery.nodes import NodeServices, build_registry

    return RunnerDeps(
        db=runs_db,
        publisher=None,  # type: ignore[arg-type]  # the lease publishes nothing
        dispatcher=None,  # type: ignore[arg-type]
        registry=build_registry(NodeServices()),
        settings=settings.runner,
        worker_id="test-worker",
        http=SafeHttpClient(),
        leases=lease_db,
    )
