"""The session's shared worker as the suite uses it under xdist on a loaded CI machine: one per
test process, whichever directories' tests ask for it, holding leases as long as the product's,
so a stall of a few seconds takes no healthy run from it."""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path

import psycopg

from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.test_scheduling import slow_call
from tests.support.local_server import LocalServer
from tests.support.workers import shared_workers, shared_workers_paused

STALL_S = 4.0
"""Longer than a 3 s test lease, well within the product's 10 s."""


def test_every_test_directory_shares_one_session_worker() -> None:
    # Given every conftest of the suite (tests/runner, tests/runs, tests/chat, ...)
    tests = Path(__file__).parents[1]
    conftests = sorted(tests.rglob("conftest.py"))

    # When each is asked for a `worker` fixture of its own (defined there, or imported there)
    modules = {
        str(p.relative_to(tests.parent)): ".".join(p.relative_to(tests.parent).with_suffix("").parts)
        for p in conftests
    }
    having = [path for path, module in modules.items() if hasattr(importlib.import_module(module), "worker")]

    # Then only the root one has it: a copy imported into a directory's conftest is a session
    # fixture of its own, and a second shared worker in one process would sweep the first's runs
    assert having == ["tests/conftest.py"]


async def test_a_stalled_shared_worker_keeps_its_run(
    api: Api, worker: WorkerProcess, web: LocalServer, admin_url: str
) -> None:
    # Given a run busy in a call on the shared worker
    spec = slow_call(web, 3)
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    await api.wait_step(run_id, "call", "running")
    assert shared_workers == [worker]

    # When the worker gets no CPU for a few seconds, as on a CI machine at load 15-20
    with shared_workers_paused():
        await asyncio.sleep(STALL_S)
        with psycopg.connect(admin_url) as conn:
            row = conn.execute(
                "select lease_owner is not null and lease_expires_at > now() from public.runs where id = %s",
                (run_id,),
            ).fetchone()

    # Then its lease had not lapsed (no sweeper could take the run from it), and the run
    # succeeds with its call made once
    assert row == (True,)
    run = await api.wait(run_id)
    assert run["status"] == "succeeded", run
    assert [(s["attempt"], s["executions"]) for s in steps_by_node(run)["call"]] == [(1, 1)]
