"""`GET /runs/{id}`: the snapshot the run page opens with, logs included, consistent with
its `last_event_seq` so the page can apply the events after it (a real worker)."""

from __future__ import annotations

from typing import Any

from tests.runner.conftest import Api, WorkerProcess
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import LocalServer


async def test_a_finished_run_shows_the_logs_and_tool_calls_of_its_agent_step(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a demo agent that calls a tool
    spec = workflow(
        [
            node("start", "input"),
            node(
                "writer",
                "agent",
                {
                    "provider": "demo",
                    "model": "demo",
                    "prompt": "Time for {{ inputs.topic }}?",
                    "tools": ["current_time"],
                },
            ),
            node("result", "output"),
        ],
        [edge("start", "writer"), edge("writer", "result")],
        {"topic": {"type": "string"}},
    )
    run_id = (await api.start(api.create_workflow(spec), {"topic": "tea"})).json()["id"]
    await api.wait(run_id)

    # When the page opens after the run has ended
    run = await api.run(run_id)

    # Then the snapshot carries every log of the agent step, tool call and result included, in order
    assert run["status"] == "succeeded", run
    logs = [log for log in run["logs"] if log["node_id"] == "writer"]
    messages = [log["message"] for log in logs]
    assert messages[:2] == ["Tool call: current_time", "Tool result: current_time"]
    assert messages[-1].startswith("Demo model")
    assert logs[0]["data"]["tool"] == "current_time"
    assert [log["seq"] for log in logs] == sorted(log["seq"] for log in logs)
    # and exactly the step.log events of the run, with their seqs
    logged = [(seq, data["message"]) for seq, kind, data in api.events(run_id) if kind == "step.log"]
    assert [(log["seq"], log["message"]) for log in run["logs"]] == logged


_STATUS_AFTER = {"started": "running", "retrying": "failed"}


def _replay(events: list[tuple[int, str, dict[str, Any]]]) -> dict[tuple[str, int], str]:
    """Each step attempt's status as the events up to a seq tell it."""
    status: dict[tuple[str, int], str] = {}
    for _, kind, data in events:
        if kind.startswith("step.") and kind != "step.log":
            told = kind.removeprefix("step.")
            status[(data["node_id"], data["attempt"])] = _STATUS_AFTER.get(told, told)
    return status


async def test_every_snapshot_of_a_running_run_agrees_with_its_last_event_seq(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given calls that finish one after another, so the run commits often, each logging
    width = 40
    calls = [f"c{i}" for i in range(width)]
    spec = workflow(
        [
            node("start", "input"),
            *(
                node(c, "http", {"url": web.url(f"/slow?seconds={0.02 * i:.2f}")})
                for i, c in enumerate(calls)
            ),
            node("result", "output"),
        ],
        [*(edge("start", c) for c in calls), *(edge(c, "result") for c in calls)],
    )
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]

    # When the page is opened again and again while it runs
    snapshots = []
    while True:
        snapshot = await api.run(run_id)
        snapshots.append(snapshot)
        if snapshot["status"] in {"succeeded", "failed", "cancelled"}:
            break

    # Then each snapshot holds exactly what the events up to its last_event_seq say:
    # the same step states, the same logs, nothing from a later event
    assert snapshots[-1]["status"] == "succeeded", snapshots[-1]
    events = api.events(run_id)
    for snapshot in snapshots:
        seq = snapshot["last_event_seq"]
        told = [e for e in events if e[0] <= seq]
        states = {(s["node_id"], s["attempt"]): s["status"] for s in snapshot["steps"]}
        assert states == _replay(told), seq
        assert [log["seq"] for log in snapshot["logs"]] == [s for s, kind, _ in told if kind == "step.log"]
