"""Fair starts: one user's batch of runs does not delay another user's start, and the batch
itself is served, none starved, none executed twice (queue/wakeup.py, the busy lane
in queue/names.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from orrery.settings import Settings
from tests.runner.conftest import Api, Isolated, make_user, start_worker, steps_by_node
from tests.runner.test_worker_admission import NO_RESCUE, quick, slow_call
from tests.support.local_server import LocalServer

pytestmark = pytest.mark.slow


async def test_another_users_run_starts_while_one_users_batch_still_waits(
    isolated: Isolated, web: LocalServer, tmp_path: Path, settings: Settings, admin_url: str
) -> None:
    # Given one worker with eight threads (one of them kept for users with few runs), and
    # Ada's batch of ten runs that each wait 8 s on a slow service: four are hers before she
    # counts as busy (ORRERY_BUSY_OWNER_RUNS, 4), six go to the busy lane
    worker = start_worker(isolated.env, tmp_path, threads=8, name="fair", overrides=NO_RESCUE)
    ada = isolated.api
    bob = Api(ada.client, make_user(admin_url, settings.auth.jwt_secret), admin_url)
    try:
        slow = ada.create_workflow(slow_call(web, 8))
        adas = [(await ada.start(slow)).json()["id"] for _ in range(10)]
        await ada.wait_step(adas[0], "call", "running")

        # When Bob starts one quick run
        bobs = (await bob.start(bob.create_workflow(quick()))).json()["id"]

        # Then it ends, having started before some of Ada's runs: it did not queue behind them
        # (those wait for a thread until one of her first runs ends, 8 s on)
        done = await bob.wait(bobs, timeout=30)
        assert done["status"] == "succeeded", done
        # and every one of Ada's runs ends in its turn, each step executed once
        ended = [await ada.wait(run_id, timeout=120) for run_id in adas]
        assert [r["status"] for r in ended] == ["succeeded"] * 10, ended
        started_after_bob = [r["id"] for r in ended if r["started_at"] > done["started_at"]]
        assert len(started_after_bob) >= 2, (done["started_at"], [r["started_at"] for r in ended])
        for run in ended:
            assert [s["executions"] for s in steps_by_node(run)["call"]] == [1], run
    finally:
        worker.stop()
