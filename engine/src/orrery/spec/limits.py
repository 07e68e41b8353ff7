"""The operator's limits a workflow's settings live under, and the problems of settings above them.

A workflow may lower the operator's budgets and concurrency (`settings.budgets`,
`settings.max_parallel`), never raise them. A value above the operator's is a validation
problem (`over_operator_limit`, naming the field and the limit), not silently clamped: the
editor shows it on the field while the draft is saved, and a run is refused until it is fixed,
so nobody believes a run may spend more than it can. The runner still takes the smaller of the
two when it starts a run (the operator may lower a limit after a version was validated).

`OperatorLimits` is also what `GET /api/v1/limits` shows the editor ("Operator default: 1000").
"""

from __future__ import annotations

from typing import Final

import msgspec

from orrery.spec.document import Workflow
from orrery.spec.problems import Problem


class OperatorLimits(msgspec.Struct, frozen=True, kw_only=True):
    """This server's budgets and concurrency per run: each run's default and ceiling."""

    max_steps: int = 1000
    """`ORRERY_MAX_STEPS`: steps started per run."""
    max_tokens: int = 2_000_000
    """`ORRERY_MAX_TOKENS`: model tokens (in + out) per run."""
    max_cost_usd: float = 25.0
    """`ORRERY_MAX_COST_USD`: model cost per run, in USD."""
    max_duration_s: float = 6 * 3600
    """`ORRERY_RUN_TIMEOUT_S`: how long a run may take, in seconds."""
    max_parallel: int = 16
    """`ORRERY_MAX_PARALLEL_PER_RUN`: steps of one run executing at once."""


_VARIABLES: Final = {
    "max_steps": "ORRERY_MAX_STEPS",
    "max_tokens": "ORRERY_MAX_TOKENS",
    "max_cost_usd": "ORRERY_MAX_COST_USD",
    "max_duration_s": "ORRERY_RUN_TIMEOUT_S",
    "max_parallel": "ORRERY_MAX_PARALLEL_PER_RUN",
}


def settings_problems(doc: Workflow, limits: OperatorLimits) -> list[Problem]:
    """One `over_operator_limit` problem per setting above this server's limit."""
    budgets = doc.settings.budgets
    wanted: list[tuple[str, str, float | None]] = [
        ("settings.budgets.max_steps", "max_steps", budgets.max_steps),
        ("settings.budgets.max_tokens", "max_tokens", budgets.max_tokens),
        ("settings.budgets.max_cost_usd", "max_cost_usd", budgets.max_cost_usd),
        ("settings.budgets.max_duration_s", "max_duration_s", budgets.max_duration_s),
        ("settings.max_parallel", "max_parallel", doc.settings.max_parallel),
    ]
    problems: list[Problem] = []
    for path, name, value in wanted:
        ceiling = getattr(limits, name)
        if value is not None and value > ceiling:
            message = f"At most {ceiling:g} on this server ({_VARIABLES[name]}); got {value:g}."
            problems.append(Problem("over_operator_limit", message, path=path))
    return problems
