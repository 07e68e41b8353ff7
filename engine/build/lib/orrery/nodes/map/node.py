"""`map`: run the nodes inside it (its body) once per item of a list, in parallel up to
`concurrency`, and collect what each item gives in input order.

Inside the body, templates read `map.item` and `map.index` (0-based), the body's own steps
of the same item, and every step upstream of the map. After an item's body finished, its
result is `result` rendered in the item's scope, or the output of the body's last node
(`{node: output}` when it has several). Output:
`{"results": [...] (input order, null for a failed item), "errors": [{index, code, message}],
"count": N}`. A failed item stops the map (`on_item_failure: stop`, the step fails with
`item_failed`) or is recorded and the others go on (`continue`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

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
from orrery.nodes.map.errors import ItemFailed, ItemsNotAList, TooManyItems
from orrery.nodes.templates import render_value, scope_of
from orrery.spec import ConfigIssue, TemplateField

VARIABLE = "map"


class MapConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    items: Annotated[
        Template,
        Meta(description="The list to run the body for, e.g. `{{ steps.script.output.scenes }}`."),
    ]
    concurrency: Annotated[int, Meta(ge=1, le=50, description="Items whose body runs at the same time.")] = 4
    on_item_failure: Annotated[
        Literal["stop", "continue"],
        Meta(
            description="`stop`: the first failed item fails the map. `continue`: it is listed in `errors`."
        ),
    ] = "stop"
    result: (
        Annotated[
            Template,
            Meta(
                description=(
                    "What each item gives, rendered after its body finished (it reads `map.item`, "
                    "`map.index` and the body's steps); default: the output of the body's last node."
                )
            ),
        ]
        | None
    ) = None


class MapNode(NodeType[MapConfig]):
    type = "map"
    pure = True
    label = "Map"
    category = "Logic"
    description = "Run the nodes inside it once per item of a list, a few at a time; results in order."
    icon = "layers"
    body_variable = VARIABLE
    config_type = MapConfig
    default_config = {"items": "{{ inputs.items }}", "concurrency": 4, "on_item_failure": "stop"}
    default_policy = StepPolicy(timeout_s=None, max_attempts=1)

    def check(self, config: MapConfig) -> list[ConfigIssue]:
        if not config.items.strip():
            return [
                ConfigIssue("items", "Say which list to map over, e.g. `{{ steps.script.output.scenes }}`.")
            ]
        return []

    def policy(self, config: MapConfig) -> StepPolicy:
        # The body's steps have their own timeouts and attempts; the run's time limit bounds the map.
        return self.default_policy

    def templates(self, config: MapConfig) -> list[TemplateField]:
        return [TemplateField("items", config.items)]

    def body_templates(self, config: MapConfig) -> list[TemplateField]:
        return [TemplateField("result", config.result, body=True)] if config.result is not None else []

    async def execute(self, ctx: NodeContext, config: MapConfig) -> NodeResult:
        raise NotAvailable("A map runs its body through the runner (see `iterations`), not on its own.")

    async def iterations(self, ctx: NodeContext, config: MapConfig, limits: ContainerLimits) -> IterationPlan:
        items = await render_value(config.items, scope_of(ctx))
        if not isinstance(items, list):
            raise ItemsNotAList(_not_a_list(items))
        if len(items) > limits.max_items:
            raise TooManyItems(
                f"The list has {len(items):,} items; a map runs at most {limits.max_items:,} "
                "(ORRERY_MAP_MAX_ITEMS, set by the operator). Split the list, or map over a part of it."
            )
        await ctx.log(f"Mapping over {len(items)} item(s), {config.concurrency} at a time.", count=len(items))
        return IterationPlan(
            count=len(items),
            limit=len(items),
            concurrency=config.concurrency,
            stop_on_failure=config.on_item_failure == "stop",
            items=items,
        )

    def variables(
        self, config: MapConfig, plan: IterationPlan, index: int, results: list[Any]
    ) -> dict[str, Any]:
        return {VARIABLE: {"item": (plan.items or [])[index], "index": index}}

    async def iteration_result(self, ctx: NodeContext, config: MapConfig, sinks: list[str]) -> Any:
        if config.result is None:
            return await super().iteration_result(ctx, config, sinks)
        return await render_value(config.result, scope_of(ctx))

    def iteration_failed(self, config: MapConfig, failure: IterationError) -> ItemFailed:
        where = f" at `{failure.node_id}`" if failure.node_id else ""
        error = ItemFailed(f"Item {failure.index} failed{where}: {failure.message}")
        error.details = {"index": failure.index, "node_id": failure.node_id, "code": failure.code}
        return error

    def collect(self, config: MapConfig, plan: IterationPlan, outcome: IterationOutcome) -> NodeResult:
        errors = [{"index": e.index, "code": e.code, "message": e.message} for e in outcome.errors]
        return NodeResult(output={"results": outcome.results, "errors": errors, "count": plan.count or 0})


def _not_a_list(value: Any) -> str:
    kind = "null" if value is None else type(value).__name__
    if kind == "str":
        kind = "text"
        hint = (
            " If it holds JSON, give the agent an output schema, or parse it with a transform (output: json)."
        )
    else:
        hint = ""
    return f"`items` must give a list (a JSON array); it gave {kind}.{hint}"
