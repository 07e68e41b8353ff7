"""Loop: a container that repeats its body until a condition holds or its maximum is reached."""

from __future__ import annotations

from typing import Any

from tests.runner.conftest import Api, WorkerProcess
from tests.runner.containers import body_steps, inside
from tests.runner.test_scheduling import edge, node, workflow


def _counting_loop(**config: Any) -> dict[str, Any]:
    """input -> loop `rounds` whose body counts up from the previous round's result -> output."""
    return workflow(
        [
            node("start", "input"),
            node("rounds", "loop", config),
            inside(
                "rounds",
                "count",
                "transform",
                {"template": "{{ (loop.previous or 0) + inputs.step }}", "output_format": "json"},
            ),
            inside(
                "rounds",
                "say",
                "transform",
                {"template": "round {{ loop.iteration }}: {{ steps.count.output }}"},
            ),
            node("result", "output", {"value": "{{ steps.rounds.output }}"}),
        ],
        [edge("start", "rounds"), edge("count", "say"), edge("rounds", "result")],
        {"step": {"type": "integer"}},
    )


async def test_a_loop_ends_when_its_condition_holds_and_says_so(api: Api, worker: WorkerProcess) -> None:
    # Given a loop that adds 5 each round (its result: the count) until it reaches 12, at most 10 rounds
    spec = _counting_loop(
        max_iterations=10,
        result="{{ steps.count.output }}",
        until={"left": "loop.result", "op": "gte", "right": 12},
    )

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec), {"step": 5})).json()["id"])

    # Then it ran three rounds, each seeing the previous round's result, and the condition ended it
    assert run["status"] == "succeeded", run
    assert run["outputs"]["result"] == {
        "result": 15,
        "iterations": 3,
        "ended_by": "condition",
        "results": [5, 10, 15],
    }
    # and each round's steps are its own
    assert {scope: s["output"] for scope, s in body_steps(run, "say").items()} == {
        "rounds[0]": "round 1: 5",
        "rounds[1]": "round 2: 10",
        "rounds[2]": "round 3: 15",
    }


async def test_a_loop_stops_at_its_maximum_when_the_condition_never_holds(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a loop whose condition reads a body step and never holds, at most 4 rounds
    spec = _counting_loop(
        max_iterations=4,
        result="{{ steps.count.output }}",
        until={"left": "steps.say.output", "op": "contains", "right": "never"},
    )

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec), {"step": 1})).json()["id"])

    # Then it ran four rounds and says the maximum ended it
    assert run["status"] == "succeeded", run
    output = run["outputs"]["result"]
    assert (output["iterations"], output["ended_by"], output["results"]) == (
        4,
        "max_iterations",
        [1, 2, 3, 4],
    )


async def test_by_default_a_round_gives_its_last_node_output_and_loop_results_holds_them_all(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a loop whose body's last node lists every earlier round's result
    spec = workflow(
        [
            node("start", "input"),
            node("rounds", "loop", {"max_iterations": 3}),
            inside(
                "rounds",
                "seen",
                "transform",
                {"template": "{{ loop.index }} saw {{ loop.results | length }}"},
            ),
            node("result", "output", {"value": "{{ steps.rounds.output.results }}"}),
        ],
        [edge("start", "rounds"), edge("rounds", "result")],
    )

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then each round's result is its last node's output
    assert run["status"] == "succeeded", run
    assert run["outputs"]["result"] == ["0 saw 0", "1 saw 1", "2 saw 2"]


async def test_a_failed_round_fails_the_loop(api: Api, worker: WorkerProcess) -> None:
    # Given a loop whose second round reads something that is not there
    spec = workflow(
        [
            node("start", "input"),
            node("rounds", "loop", {"max_iterations": 3}),
            inside(
                "rounds",
                "pick",
                "transform",
                {"template": "{{ loop.previous.text if loop.previous else 'x' }}"},
            ),
            node("result", "output"),
        ],
        [edge("start", "rounds"), edge("rounds", "result")],
    )

    # When it runs
    run = await api.wait((await api.start(api.create_workflow(spec))).json()["id"])

    # Then the loop fails, naming the round and the step
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "iteration_failed"
    assert "Iteration 2 failed at `pick`" in run["error"]["message"]
