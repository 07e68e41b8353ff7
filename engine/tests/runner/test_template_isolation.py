"""One user's costly template on a real worker process: other users' runs on the same worker keep
finishing while it renders, it fails with a clear error (its budget, or the node's timeout),
it never holds the memory it asks for, and the worker is healthy afterwards (issue 14)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from orrery.settings import Settings
from tests.runner.conftest import Api, Isolated, User, WorkerProcess, make_user, start_worker, steps_by_node
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.memory import PeakRss

pytestmark = pytest.mark.slow

NESTED_LOOP = "{% for a in 'x'*999999 %}{% for b in 'x'*999999 %}{% endfor %}{% endfor %}done"
"""From issue 14: passes validation, costs hours of CPU, outputs four characters."""
RUNAWAY = "{% for a in range(10**6) %}{% for b in range(10**6) %}{% endfor %}{% endfor %}done"
"""The same, building nothing (the string above is rebuilt on each outer turn, which the limit
on what a render builds stops early): only operations and time can stop it."""


def one_transform(template: str) -> dict[str, Any]:
    return workflow(
        [
            node("start", "input"),
            node("shape", "transform", {"template": template}),
            node("result", "output", {"value": "{{ steps.shape.output }}"}),
        ],
        [edge("start", "shape"), edge("shape", "result")],
        {"topic": {"type": "string"}},
    )


def finished(run: dict[str, Any], node_id: str | None = None) -> datetime:
    stamp = steps_by_node(run)[node_id][-1]["finished_at"] if node_id else run["finished_at"]
    return datetime.fromisoformat(stamp)


async def others_runs_finish(api: Api, runs: int) -> list[dict[str, Any]]:
    """`runs` runs of a cheap workflow, started together; each as it ends."""
    workflow_id = api.create_workflow(one_transform("{{ inputs.topic | upper }}!"))
    started = [(await api.start(workflow_id, {"topic": f"run {i}"})).json()["id"] for i in range(runs)]
    return [await api.wait(run_id, timeout=60) for run_id in started]


async def test_a_costly_template_does_not_stall_other_users_and_its_node_timeout_fires(
    isolated: Isolated, settings: Settings, admin_url: str, tmp_path: Path
) -> None:
    # Given one worker whose template budget is out of reach (so only the node's 10 s timeout
    # can stop the render) and one render thread
    limits = {
        "ORRERY_TEMPLATE_MAX_OPERATIONS": str(10**12),
        "ORRERY_TEMPLATE_MAX_SECONDS": "3600",
        "ORRERY_TEMPLATE_THREADS": "1",
    }
    worker = start_worker({**isolated.env, **limits}, tmp_path, name="shared")
    ada = isolated.api
    bob = Api(ada.client, make_user(admin_url, settings.auth.jwt_secret), admin_url)
    try:
        # When Ada's run renders a nested loop
        costly = (await ada.start(ada.create_workflow(one_transform(RUNAWAY)), {"topic": "x"})).json()["id"]
        await ada.wait_step(costly, "shape", "running")
        # and Bob starts five runs on the same worker meanwhile
        bobs = await others_runs_finish(bob, 5)
        ada_run = await ada.wait(costly, timeout=60)

        # Then Bob's runs all finished, before Ada's step ended
        assert [r["status"] for r in bobs] == ["succeeded"] * 5, bobs
        assert max(finished(r) for r in bobs) < finished(ada_run, "shape")
        # and Ada's step failed by its own timeout, the run with it
        assert ada_run["status"] == "failed", ada_run
        assert ada_run["error"]["code"] == "timeout", ada_run["error"]
        assert "10 s" in ada_run["error"]["message"]

        # Then the worker is healthy: alive, and its only render thread is free again (the
        # timed-out render gave it up), so a template that needs it renders
        looping = "{% for w in inputs.topic.split() %}{{ w | title }} {% endfor %}"
        after = await bob.wait(
            (await bob.start(bob.create_workflow(one_transform(looping)), {"topic": "a b"})).json()["id"]
        )
        assert after["status"] == "succeeded", after
        assert after["outputs"] == {"result": "A B "}
        assert not worker.died()
    finally:
        worker.stop()


async def test_costly_and_huge_templates_fail_clearly_while_other_runs_succeed(
    api: Api, worker: WorkerProcess, settings: Settings, admin_url: str, user: User
) -> None:
    # Given the worker with the default limits, and another user, Bob
    bob = Api(api.client, make_user(admin_url, settings.auth.jwt_secret), admin_url)
    costly_id = api.create_workflow(one_transform(NESTED_LOOP))
    huge_id = api.create_workflow(one_transform("{{ ('x'|center(1500000000))|length }}"))

    with PeakRss(worker.process.pid) as memory:
        # When Ada runs the nested loop and the 1.5 GB string while Bob runs his workflow
        costly = (await api.start(costly_id, {"topic": "x"})).json()["id"]
        huge = (await api.start(huge_id, {"topic": "x"})).json()["id"]
        bobs, costly_run, huge_run = await asyncio.gather(
            others_runs_finish(bob, 3), api.wait(costly, timeout=60), api.wait(huge, timeout=60)
        )

    # Then each of Ada's runs fails with an error that says what limit the template passed
    costly_error = costly_run["error"]
    assert costly_error["code"] == "template_too_expensive", costly_error
    assert "1,000,000 operations" in costly_error["message"] or "5 s" in costly_error["message"]
    huge_error = huge_run["error"]
    assert huge_error["code"] == "template_too_large", huge_error
    assert "1,000,000 characters" in huge_error["message"]
    # and the worker never held the string it asked for
    assert memory.peak - memory.before < 100 * 2**20, (
        f"worker RSS grew {(memory.peak - memory.before) >> 20} MB"
    )
    # while Bob's runs succeeded
    assert [r["status"] for r in bobs] == ["succeeded"] * 3, bobs
    assert not worker.died()
