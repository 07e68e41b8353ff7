"""Node types own their behaviour in a run: whether a result waits and how long, what a
verdict makes of it, what the timeout decides, what it adds to the run's outputs. The
runner and the runs service ask `BoundNode`s; they never name a type."""

from __future__ import annotations

from typing import Any

import pytest
from msgspec import UNSET

from orrery.nodes import (
    ApprovalRejected,
    ApprovalTimedOut,
    DecisionRefused,
    NodeServices,
    Verdict,
    build_registry,
    default_registry,
)
from orrery.spec import Node

PENDING = {"message": "Publish?", "value": "draft"}


def bound(type: str, **config: Any) -> Any:
    return default_registry().bind(Node(id="n", type=type, config=config))


def test_an_approval_waits_its_timeout_and_resumes_with_a_verdict() -> None:
    review = bound("approval", timeout_s=60, allow_edit=True, rejected_handle=True)

    assert review.wait_limit_s() == 60
    approved = review.resume(PENDING, Verdict(approved=True, comment="good", edited="final"))
    assert (approved.output["value"], approved.handles) == ("final", ["approved"])
    rejected = review.resume(PENDING, Verdict(approved=False, comment="no"))
    assert (rejected.output["value"], rejected.handles) == ("draft", ["rejected"])


def test_a_verdict_an_approval_cannot_take_is_refused_and_a_rejection_with_nowhere_to_go_fails() -> None:
    review = bound("approval")

    assert review.wait_limit_s() is None
    with pytest.raises(DecisionRefused, match="does not allow editing"):
        review.resume(PENDING, Verdict(approved=True, edited="x"))
    with pytest.raises(ApprovalRejected) as rejected:
        review.resume(PENDING, Verdict(approved=False, comment="off-brand"))
    assert rejected.value.code == "rejected"


def test_an_approval_timeout_gives_its_default_verdict_or_fails() -> None:
    verdict = bound("approval", timeout_s=5, default_decision="reject").on_timeout(PENDING)
    assert (verdict.approved, verdict.edited) == (False, UNSET)
    assert verdict.comment is not None
    with pytest.raises(ApprovalTimedOut) as timed_out:
        bound("approval", timeout_s=5).on_timeout(PENDING)
    assert timed_out.value.code == "approval_timed_out"


def test_only_an_output_node_names_a_run_output_and_other_types_take_no_verdict() -> None:
    assert bound("output", name="story").run_output() == "story"
    assert bound("transform", template="x").run_output() is None
    with pytest.raises(DecisionRefused, match="does not wait"):
        bound("transform", template="x").resume(PENDING, Verdict(approved=True))


def test_the_agent_node_prices_with_the_table_its_registry_was_built_with() -> None:
    from orrery.agents.pricing import PriceTable

    table = PriceTable.load()
    registry = build_registry(NodeServices(prices=table))
    agent = registry.bind(Node(id="a", type="agent", config={"prompt": "hi"}))
    assert agent.type.prices is table
    assert default_registry().get("agent").prices is not table
