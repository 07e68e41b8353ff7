"""`loop`: run the nodes inside it (its body) again and again, one iteration after the other,
until `until` holds after an iteration (the router's structured conditions) or
`max_iterations` ran.

Inside the body, templates read `loop.iteration` (1-based), `loop.index` (0-based),
`loop.previous` (the previous iteration's result; null in the first) and `loop.results`
(every earlier result), the body's own steps of the same iteration, and every step upstream
of the loop. An iteration's result is `result` rendered in its scope, or the output of the
body's last node. `until` is checked after each iteration on the same scope plus
`loop.result`. Output: `{"result": the last result, "iterations": n,
"ended_by": "condition" | "max_iterations", "results": [...]}`.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from orrery.nodes.base import (
    ContainerLimits,
    IterationError,
    IterationOutcome,
    IterationPlan,
    NodeContext,
    NodeResult,
    StepPolicy,
)
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import NotAvailable
from orrery.nodes.fields import Template
from orrery.nodes.loop.errors import IterationFailed
from orrery.nodes.router.conditions import Condition, holds
from orrery.nodes.templates import render_value, scope_of
from orrery.settings import load_runner_settings
from orrery.spec import ConfigIssue, TemplateField

VARIABLE = "loop"
HARD_MAX_ITERATIONS = 10_000
"""The schema's bound; the operator's (`ORRERY_LOOP_MAX_ITERATIONS`, default 100) is lower."""


class LoopConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    max_iterations: Annotated[
        int,
        Meta(
            ge=1,
            le=HARD_MAX_ITERATIONS,
            description="The most iterations to run (at most ORRERY_LOOP_MAX_ITERATIONS, 100 by default).",
        ),
    ]
    until: (
        Annotated[
            Condition,
            Meta(
                description=(
                    "Checked after each iteration: when it holds, the loop ends. It reads the body's "
                    "steps, `loop.result` and `loop.iteration`."
                )
            ),
        ]
        | None
    ) = None
    result: (
        Annotated[
            Template,
            Meta(
                description=(
                    "What each iteration gives (`loop.previous` in the next one); default: the output "
                    "of the body's last node."
                )
            ),
        ]
        | None
    ) = None


class LoopNode(NodeType[LoopConfig]):
    type = "loop"
    pure = True
    label = "Loop"
    category = "Logic"
    description = "Repeat the nodes inside it until a condition holds, or a maximum number of times."
    icon = "repeat-2"
    body_variable = VARIABLE
    config_type = LoopConfig
    default_config = {"max_iterations": 3}
    default_policy = StepPolicy(timeout_s=None, max_attempts=1)

    def __init__(self, max_iterations: int | None = None) -> None:
        self._max_iterations = max_iterations

    @property
    def operator_max(self) -> int:
        """`ORRERY_LOOP_MAX_ITERATIONS`: given, or read from the environment on first use."""
        if self._max_iterations is None:
            self._max_iterations = load_runner_settings(dict(os.environ)).loop_max_iterations
        return self._max_iterations

    def config_schema(self) -> dict[str, Any]:
        schema = super().config_schema()
        # "Exactly one form" (enforced on decode), as the router publishes it.
        schema["$defs"]["Condition"]["oneOf"] = [
            {"required": ["all"]},
            {"required": ["any"]},
            {"required": ["not"]},
            {"required": ["left", "op"]},
        ]
        return schema

    def check(self, config: LoopConfig) -> list[ConfigIssue]:
        if config.max_iterations > self.operator_max:
            return [
                ConfigIssue(
                    "max_iterations",
                    f"At most {self.operator_max} on this server (ORRERY_LOOP_MAX_ITERATIONS).",
                )
            ]
        return []

    def policy(self, config: LoopConfig) -> StepPolicy:
        # The body's steps have their own timeouts and attempts; the run's time limit bounds the loop.
        return self.default_policy

    def body_templates(self, config: LoopConfig) -> list[TemplateField]:
        fields = []
        if config.until is not None:
            fields += [
                TemplateField(f"{path}.left", comparison.left or "", expression=True, body=True)
                for path, comparison in config.until.comparisons("until")
            ]
        if config.result is not None:
            fields.append(TemplateField("result", config.result, body=True))
        return fields

    async def execute(self, ctx: NodeContext, config: LoopConfig) -> NodeResult:
        raise NotAvailable("A loop runs its body through the runner (see `iterations`), not on its own.")

    async def iterations(
        self, ctx: NodeContext, config: LoopConfig, limits: ContainerLimits
    ) -> IterationPlan:
        return IterationPlan(count=None, limit=min(config.max_iterations, limits.max_iterations))

    def variables(
        self, config: LoopConfig, plan: IterationPlan, index: int, results: list[Any]
    ) -> dict[str, Any]:
        return {
            VARIABLE: {
                "iteration": index + 1,
                "index": index,
                "previous": results[-1] if results else None,
                "results": list(results),
            }
        }

    async def iteration_result(self, ctx: NodeContext, config: LoopConfig, sinks: list[str]) -> Any:
        if config.result is None:
            return await super().iteration_result(ctx, config, sinks)
        return await render_value(config.result, scope_of(ctx))

    async def iteration_ends(self, ctx: NodeContext, config: LoopConfig, result: Any) -> bool:
        if config.until is None:
            return False
        scope = scope_of(ctx)
        scope[VARIABLE] = {**scope.get(VARIABLE, {}), "result": result}
        return await holds(config.until, scope)

    def iteration_failed(self, config: LoopConfig, failure: IterationError) -> IterationFailed:
        where = f" at `{failure.node_id}`" if failure.node_id else ""
        error = IterationFailed(f"Iteration {failure.index + 1} failed{where}: {failure.message}")
        error.details = {"iteration": failure.index + 1, "node_id": failure.node_id, "code": failure.code}
        return error

    def collect(self, config: LoopConfig, plan: IterationPlan, outcome: IterationOutcome) -> NodeResult:
        results = outcome.results
        return NodeResult(
            output={
                "result": results[-1] if results else None,
                "iterations": len(results),
                "ended_by": "condition" if outcome.ended_by_node else "max_iterations",
                "results": results,
            }
        )
