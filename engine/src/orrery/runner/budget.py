"""A run's spending against its budgets: steps started, tokens, cost, time. A run that would
go over one stops with a `budget_exceeded` failure naming it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from orrery.events.types import ErrorInfo, Usage
from orrery.settings import RunnerSettings


@dataclass
class Spend:
    max_steps: int
    max_tokens: int
    max_cost_usd: float
    max_duration_s: float | None = None
    """The workflow's time budget (None: only the operator's `run_timeout_s` bounds the run)."""
    steps: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0

    @classmethod
    def of(cls, run: Mapping[str, Any], settings: RunnerSettings, steps_started: int) -> Spend:
        """The run row's budgets (the engine's defaults where it has none) and totals so far."""
        budgets = run.get("budgets") or {}
        return cls(
            max_steps=int(budgets.get("max_steps", settings.max_steps)),
            max_tokens=int(budgets.get("max_tokens", settings.max_tokens)),
            max_cost_usd=float(budgets.get("max_cost_usd", settings.max_cost_usd)),
            max_duration_s=_seconds(budgets.get("max_duration_s")),
            steps=steps_started,
            tokens_in=int(run.get("tokens_in") or 0),
            tokens_out=int(run.get("tokens_out") or 0),
            cost_usd=float(run.get("cost_usd") or 0),
        )

    def add(self, usage: Usage | None) -> None:
        if usage is not None:
            self.tokens_in += usage.tokens_in
            self.tokens_out += usage.tokens_out
            self.cost_usd += usage.cost_usd

    def total(self) -> Usage:
        return Usage(tokens_in=self.tokens_in, tokens_out=self.tokens_out, cost_usd=round(self.cost_usd, 6))

    def exceeded(self, *, starting: bool) -> ErrorInfo | None:
        """The budget the run is over (or, `starting` another step, has reached), if any."""
        tokens = self.tokens_in + self.tokens_out
        found: tuple[str, float, float] | None = None
        if starting and self.steps >= self.max_steps:
            found = ("max_steps", self.steps, self.max_steps)
        elif tokens > self.max_tokens or (starting and tokens >= self.max_tokens):
            found = ("max_tokens", tokens, self.max_tokens)
        elif self.cost_usd > self.max_cost_usd or (starting and self.cost_usd >= self.max_cost_usd):
            found = ("max_cost_usd", round(self.cost_usd, 6), self.max_cost_usd)
        if found is None:
            return None
        limit, value, bound = found
        return ErrorInfo(
            code="budget_exceeded",
            message=f"the run reached its {limit} budget ({value} of {bound})",
            details={"limit": limit, "value": value, "budget": bound},
        )

    def time_limit_s(self, settings: RunnerSettings) -> float:
        """How long the run may take: its time budget, within the operator's `run_timeout_s`."""
        if self.max_duration_s is None:
            return settings.run_timeout_s
        return min(self.max_duration_s, settings.run_timeout_s)

    def out_of_time(self, settings: RunnerSettings, elapsed_s: float) -> ErrorInfo:
        """The failure of a run past `time_limit_s`: `budget_exceeded` naming `max_duration_s`
        when the workflow's budget was the limit, else the operator's `run_timeout`."""
        limit = self.time_limit_s(settings)
        if self.max_duration_s is None or self.max_duration_s > settings.run_timeout_s:
            return ErrorInfo(code="run_timeout", message=f"the run exceeded its time limit ({limit:.0f} s)")
        value = round(elapsed_s, 1)
        return ErrorInfo(
            code="budget_exceeded",
            message=f"the run reached its max_duration_s budget ({value} of {limit:g} s)",
            details={"limit": "max_duration_s", "value": value, "budget": limit},
        )


def _seconds(value: Any) -> float | None:
    return None if value is None else float(value)
