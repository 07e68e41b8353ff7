"""Scheduling rules on the typed document (ARCHITECTURE §7), in one process: readiness,
skipped branches, what each step reads, spending against budgets, logs per attempt."""

from __future__ import annotations

from orrery.events.types import Usage
from orrery.nodes import default_registry
from orrery.runner.budget import Spend
from orrery.runner.context import MAX_LOGS_PER_ATTEMPT, LogBudget
from orrery.runner.plan import RunPlan
from orrery.runner.state import RunState
from orrery.settings import RunnerSettings
from orrery.spec import decode_workflow
from tests.spec.documents import document, edge, node


def state_of(spec: dict[str, object]) -> tuple[RunPlan, RunState]:
    plan = RunPlan.build(decode_workflow(spec), default_registry())
    return plan, RunState(plan.graph, plan.default_handle)


ROUTES = {
    "routes": [
        {"name": "video", "condition": {"left": "inputs.channel", "op": "equals", "right": "youtube"}},
        {"name": "text", "condition": {"left": "inputs.channel", "op": "equals", "right": "blog"}},
    ]
}


def test_a_node_is_ready_once_every_source_finished_and_an_untaken_route_skips_its_subtree() -> None:
    # Given start -> route -(video)-> script -> board, route -(text)-> post; board and post -> end
    _, state = state_of(
        document(
            [
                node("start", "input"),
                node("route", "router", **ROUTES),
                node("script", template="s"),
                node("board", template="{{ steps.script.output }}"),
                node("post", template="p"),
                node("end", "output"),
            ],
            [
                edge("start", "route"),
                edge("route", "script", handle="video"),
                edge("script", "board"),
                edge("route", "post", handle="text"),
                edge("board", "end"),
                edge("post", "end"),
            ],
            channel={"type": "string"},
        )
    )

    # When the start and the router finish, the router taking "text"
    assert state.next_decisions() == (["start"], [])
    state.set("start", "succeeded", output={"channel": "blog"})
    assert state.next_decisions() == (["route"], [])
    state.set("route", "succeeded", output={"routes": ["text"]}, handles=["text"])

    # Then the text branch runs, the video branch is skipped node by node, and the join waits for both
    assert state.next_decisions() == (["post"], ["script"])
    state.set("script", "skipped")
    assert state.next_decisions() == ([], ["board"])
    state.set("board", "skipped")
    assert state.next_decisions() == ([], [])
    state.set("post", "succeeded", output="p")
    assert state.next_decisions() == (["end"], [])


def test_a_step_reads_the_steps_its_templates_reference_or_else_its_live_predecessors() -> None:
    # Given a chain where `c` references `start` and `b`, `b` references `a`, `end` references none
    plan, state = state_of(
        document(
            [
                node("start", "input"),
                node("a", template="{{ inputs.topic }}"),
                node("b", template="{{ steps.a.output }}"),
                node("c", template="{{ steps.start.output.topic }}/{{ steps.b.output }}"),
                node("d", template="{% for k in steps %}{{ k }}{% endfor %}"),
                node("end", "output"),
            ],
            [edge("start", "a"), edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("d", "end")],
            topic={"type": "string"},
        )
    )
    for node_id, output in [("start", {"topic": "t"}), ("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]:
        state.set(node_id, "succeeded", output=output)

    def reads(node_id: str) -> dict[str, object]:
        return state.step_input(node_id, plan.nodes[node_id].reads)

    # Then each step reads only what it references (no O(n) copy of every upstream output)
    assert reads("a") == {"start": {"topic": "t"}}
    assert reads("b") == {"a": "A"}
    assert reads("c") == {"b": "B", "start": {"topic": "t"}}
    assert reads("end") == {"d": "D"}
    # and a template that reads `steps` as a whole gets every upstream output
    assert reads("d") == {"start": {"topic": "t"}, "a": "A", "b": "B", "c": "C"}


def test_a_run_stops_starting_steps_at_its_step_budget_and_fails_past_its_token_budget() -> None:
    spend = Spend.of({"budgets": {"max_steps": 2, "max_tokens": 100}}, RunnerSettings(), steps_started=1)
    assert spend.exceeded(starting=True) is None
    spend.steps += 1
    over_steps = spend.exceeded(starting=True)
    assert over_steps is not None
    assert over_steps.details == {"limit": "max_steps", "value": 2, "budget": 2}

    spend = Spend.of({"budgets": {"max_tokens": 100}}, RunnerSettings(), steps_started=0)
    spend.add(Usage(tokens_in=80, tokens_out=30))
    over_tokens = spend.exceeded(starting=False)
    assert over_tokens is not None
    assert over_tokens.code == "budget_exceeded"
    assert "max_tokens" in over_tokens.message


def test_a_step_attempt_keeps_its_first_logs_then_says_the_rest_were_dropped() -> None:
    budget = LogBudget()

    kept = [budget.admit(f"line {i}", {"i": i}) for i in range(MAX_LOGS_PER_ATTEMPT)]
    notice = budget.admit("one too many", {})
    dropped = [budget.admit("more", {}) for _ in range(1000)]

    assert kept[-1] == (f"line {MAX_LOGS_PER_ATTEMPT - 1}", {"i": MAX_LOGS_PER_ATTEMPT - 1})
    assert notice is not None
    assert notice[0].startswith("Further logs of this attempt dropped")
    assert notice[1] == {"level": "warning"}
    assert dropped == [None] * 1000
