"""This server's limits per run (`OperatorLimits`), read from the runner's settings: the
default and the ceiling of every workflow's budgets and concurrency."""

from __future__ import annotations

from orrery.settings import RunnerSettings
from orrery.spec import OperatorLimits


def operator_limits(settings: RunnerSettings) -> OperatorLimits:
    return OperatorLimits(
        max_steps=settings.max_steps,
        max_tokens=settings.max_tokens,
        max_cost_usd=settings.max_cost_usd,
        max_duration_s=settings.run_timeout_s,
        max_parallel=settings.max_parallel_per_run,
    )
