"""The operator's limits as the editor sees them, and the time budget a sub-workflow's run gets."""

from __future__ import annotations

from orrery.runner.budget import Spend
from orrery.runner.children import child_budgets
from orrery.runs.limits import operator_limits
from orrery.settings import RunnerSettings
from orrery.spec import OperatorLimits, decode_workflow


def test_the_published_limits_are_the_runners_settings() -> None:
    # Given an operator's runner settings, default and changed
    changed = RunnerSettings(
        max_steps=7, max_tokens=8, max_cost_usd=0.5, run_timeout_s=60, max_parallel_per_run=2
    )

    # Then what the editor is shown is what the runner enforces, and the defaults agree
    assert operator_limits(changed) == OperatorLimits(
        max_steps=7, max_tokens=8, max_cost_usd=0.5, max_duration_s=60, max_parallel=2
    )
    assert operator_limits(RunnerSettings()) == OperatorLimits()


def test_a_child_run_gets_at_most_the_time_its_parent_has_left() -> None:
    # Given a sub-workflow allowed 10 minutes, started by a parent with 30 seconds left
    settings = {"budgets": {"max_duration_s": 600}}
    child = decode_workflow({"schema": "orrery.workflow/v1", "settings": settings})
    spend = Spend(max_steps=100, max_tokens=1000, max_cost_usd=1.0, max_duration_s=120)

    # When its budgets are set
    budgets = child_budgets(child, RunnerSettings(), spend, time_left_s=30)

    # Then it has the parent's 30 seconds; a parent with no time budget leaves it its own
    assert budgets["max_duration_s"] == 30
    assert child_budgets(child, RunnerSettings(), spend)["max_duration_s"] == 600
    plain = decode_workflow({"schema": "orrery.workflow/v1"})
    assert "max_duration_s" not in child_budgets(plain, RunnerSettings(), spend)
