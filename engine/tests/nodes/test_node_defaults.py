"""A workflow's node defaults (`settings.node_defaults`) in the policies the runner schedules by:
they fill in what a node's config does not set, for the settings its type has."""

from __future__ import annotations

from typing import Any

from orrery.nodes import default_registry
from orrery.runner.plan import RunPlan
from orrery.spec import decode_workflow


def _plan(nodes: list[dict[str, Any]], settings: dict[str, Any]) -> RunPlan:
    doc = decode_workflow({"schema": "orrery.workflow/v1", "nodes": nodes, "settings": settings})
    return RunPlan.build(doc, default_registry())


def test_defaults_fill_in_what_a_node_does_not_set_and_leave_what_it_does() -> None:
    # Given a workflow whose nodes default to 5 s, 4 attempts and a 0.5 s first retry,
    # an agent that sets its own timeout and an http call that sets nothing
    agent = {"provider": "demo", "model": "demo", "prompt": "hi", "timeout_s": 60}
    nodes = [
        {"id": "agent", "type": "agent", "config": agent},
        {"id": "call", "type": "http", "config": {"url": "https://example.com"}},
    ]
    defaults = {"timeout_s": 5, "max_attempts": 4, "retry_initial_delay_s": 0.5}

    # When the runner plans it
    plan = _plan(nodes, {"node_defaults": defaults})

    # Then the agent keeps its own timeout and takes the rest; the call takes them all
    assert (plan.nodes["agent"].policy.timeout_s, plan.nodes["agent"].policy.max_attempts) == (60, 4)
    assert plan.nodes["agent"].policy.retry_initial_delay_s == 0.5
    call = plan.nodes["call"].policy
    assert (call.timeout_s, call.max_attempts, call.retry_initial_delay_s) == (5, 4, 0.5)


def test_without_defaults_every_node_keeps_its_types_policy() -> None:
    # Given the same call in a workflow with no node defaults
    nodes = [{"id": "call", "type": "http", "config": {"url": "https://example.com"}}]

    # When the runner plans it
    policy = _plan(nodes, {}).nodes["call"].policy

    # Then it has the http type's own defaults
    assert (policy.timeout_s, policy.max_attempts, policy.retry_initial_delay_s) == (30, 3, 1.0)


def test_a_type_without_such_settings_or_whose_timeout_means_something_else_keeps_its_own() -> None:
    # Given an approval (its `timeout_s` is how long it waits for a decision) and a code node
    # (its time limit is `time_limit_s`) in a workflow whose nodes default to a 5 s timeout
    nodes = [
        {"id": "ok", "type": "approval", "config": {"message": "Go?"}},
        {"id": "code", "type": "code", "config": {"code": "return 1", "time_limit_s": 2}},
    ]

    # When the runner plans it
    plan = _plan(nodes, {"node_defaults": {"timeout_s": 5, "max_attempts": 3}})

    # Then neither takes the defaults
    assert (plan.nodes["ok"].policy.timeout_s, plan.nodes["ok"].policy.max_attempts) == (30, 1)
    assert plan.nodes["code"].policy.max_attempts == 1
    assert plan.nodes["code"].policy.timeout_s != 5
