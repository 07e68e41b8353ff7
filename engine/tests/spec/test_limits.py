"""A workflow's settings against the operator's limits (`spec.limits`)."""

from __future__ import annotations

from orrery.spec import OperatorLimits, decode_workflow, settings_problems


def test_a_setting_at_the_limit_is_fine_and_one_above_is_named_with_its_limit() -> None:
    # Given an operator allowing 100 steps, $2 and 10 minutes per run, and a workflow at or over
    limits = OperatorLimits(max_steps=100, max_cost_usd=2.0, max_duration_s=600)
    settings = {"budgets": {"max_steps": 100, "max_cost_usd": 2.5, "max_duration_s": 601}}
    doc = decode_workflow({"schema": "orrery.workflow/v1", "settings": settings})

    # When its settings are checked
    problems = settings_problems(doc, limits)

    # Then the cost and time budgets are problems naming their limits; the steps are not
    assert [(p.code, p.path) for p in problems] == [
        ("over_operator_limit", "settings.budgets.max_cost_usd"),
        ("over_operator_limit", "settings.budgets.max_duration_s"),
    ]
    assert problems[0].message == "At most 2 on this server (ORRERY_MAX_COST_USD); got 2.5."


def test_unset_settings_take_the_operators_and_are_no_problem() -> None:
    doc = decode_workflow({"schema": "orrery.workflow/v1"})
    assert settings_problems(doc, OperatorLimits(max_steps=1)) == []
