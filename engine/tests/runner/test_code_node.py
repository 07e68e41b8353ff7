"""Code steps in real runs: executed by a real worker process, which stays healthy whatever the
code does, and where one user's runaway code does not hold up another user's code steps."""

from __future__ import annotations

from typing import Any

import pytest

from orrery.settings import Settings
from tests.runner.conftest import Api, WorkerProcess, make_user, steps_by_node
from tests.runner.test_scheduling import edge, node, workflow


def code_workflow(code: str, **limits: Any) -> dict[str, Any]:
    return workflow(
        [
            node("start", "input"),
            node("shape", "transform", {"mode": "pick", "pick": {"title": "inputs.topic"}}),
            node("code", "code", {"code": code, **limits}),
            node("result", "output", {"name": "result", "value": "{{ steps.code.output }}"}),
        ],
        [edge("start", "shape"), edge("shape", "code"), edge("code", "result")],
        {"topic": {"type": "string"}},
    )


async def run_code(api: Api, code: str, **limits: Any) -> dict[str, Any]:
    response = await api.start(api.create_workflow(code_workflow(code, **limits)), {"topic": "tide pools"})
    assert response.status_code == 202, response.text
    return await api.wait(response.json()["id"])


async def test_code_reads_upstream_output_logs_and_returns_the_runs_result(
    api: Api, worker: WorkerProcess
) -> None:
    # Given input -> transform -> code -> output, the code using the transform's output and the console
    code = """
const { title } = input.steps.shape.output;
console.log("shaping", title);
console.warn("no subtitle");
return { headline: title.toUpperCase(), words: title.split(" ").length };
"""
    # When the user runs it
    run = await run_code(api, code)

    # Then the run's output is what the code returned
    assert run["status"] == "succeeded", run
    assert run["outputs"] == {"result": {"headline": "TIDE POOLS", "words": 2}}
    # and the console lines are the code step's logs, with their levels
    logs = [(d["level"], d["message"]) for _, t, d in api.events(run["id"]) if t == "step.log"]
    assert logs == [("info", "shaping tide pools"), ("warning", "no subtitle")]


HOSTILE = [
    pytest.param("while (true) {}", {"time_limit_s": 0.5}, "code_timeout", id="infinite loop"),
    pytest.param(
        "const a = []; while (true) a.push({ n: a.length });",
        {"memory_limit_mb": 32},
        "code_memory_limit",
        id="memory bomb",
    ),
    pytest.param(
        "return new Array(2 ** 28).fill(0).length;",
        {"memory_limit_mb": 32, "time_limit_s": 10},
        "code_memory_limit",
        id="allocation V8 aborts on",
    ),
    pytest.param("return require('fs').readdirSync('/');", {}, "code_runtime", id="require fs"),
    pytest.param("process.exit(1);", {}, "code_runtime", id="process.exit"),
    pytest.param("return await fetch('http://127.0.0.1');", {}, "code_runtime", id="fetch"),
    pytest.param(
        "return globalThis.constructor.constructor('return process')();",
        {},
        "code_runtime",
        id="constructor escape",
    ),
    pytest.param("return await import('fs');", {}, "code_runtime", id="dynamic import"),
    pytest.param("const f = (n) => f(n + 1); return f(0);", {}, "code_runtime", id="stack overflow"),
    pytest.param("return 'x'.repeat(2 * 1024 * 1024);", {}, "code_output_too_large", id="huge return value"),
]


@pytest.mark.parametrize(("code", "limits", "error_code"), HOSTILE)
async def test_hostile_code_fails_its_step_clearly_and_the_worker_stays_healthy(
    api: Api, worker: WorkerProcess, code: str, limits: dict[str, Any], error_code: str
) -> None:
    # When a run's code step does something hostile
    run = await run_code(api, code, **limits)

    # Then the run fails at that step with a stable code and a message for the user
    assert run["status"] == "failed", run
    assert run["failed_node_id"] == "code"
    assert run["error"]["code"] == error_code
    assert run["error"]["message"]
    # and the same worker runs the next workflow as usual
    assert not worker.died()
    healthy = await run_code(api, "return input.steps.shape.output.title.length;")
    assert healthy["status"] == "succeeded", healthy
    assert healthy["outputs"] == {"result": 10}


async def test_one_users_endless_loop_does_not_hold_up_another_users_code_steps(
    api: Api, worker: WorkerProcess, admin_url: str, settings: Settings
) -> None:
    # Given user A's run whose code loops for its whole 20 s limit, and it is running
    looping = await api.start(
        api.create_workflow(code_workflow("while (true) {}", time_limit_s=20)), {"topic": "a"}
    )
    looping_id = looping.json()["id"]
    await api.wait_step(looping_id, "code", "running")

    # When user B runs a workflow of three code steps in a row
    other = Api(api.client, make_user(admin_url, settings.auth.jwt_secret), admin_url)
    chain = workflow(
        [
            node("start", "input"),
            node("one", "code", {"code": "return 1;"}),
            node("two", "code", {"code": "return input.steps.one.output + 1;"}),
            node("three", "code", {"code": "return input.steps.two.output * 10;"}),
            node("result", "output", {"name": "n", "value": "{{ steps.three.output }}"}),
        ],
        [edge("start", "one"), edge("one", "two"), edge("two", "three"), edge("three", "result")],
    )
    started = await other.start(other.create_workflow(chain))
    finished = await other.wait(started.json()["id"], timeout=15)

    # Then B's run has finished while A's loop is still running
    assert finished["status"] == "succeeded", finished
    assert finished["outputs"] == {"n": 20}
    still = await api.run(looping_id)
    assert still["status"] == "running"
    assert steps_by_node(still)["code"][-1]["status"] == "running"

    # and A's loop is stopped at its limit (cancelled here to keep the suite short)
    cancelled = await api.post(f"/api/v1/runs/{looping_id}/cancel")
    assert cancelled.status_code in (200, 202), cancelled.text
    assert (await api.wait(looping_id))["status"] == "cancelled"
