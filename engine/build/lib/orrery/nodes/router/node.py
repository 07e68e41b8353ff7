from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.router.conditions import Condition, holds
from orrery.nodes.templates import scope_of
from orrery.spec import ConfigIssue, TemplateField

ELSE = "else"

RouteName = Annotated[
    str,
    Meta(
        pattern=r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$", description="Also the id of the route's output handle."
    ),
]


class Route(msgspec.Struct, forbid_unknown_fields=True):
    name: RouteName
    condition: Condition


class RouterConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Routes are tried in order. `match: first` takes the first route whose condition holds;
    `all` takes every one that holds. When none holds, `default_route` is taken: `else`
    (its own output), a route's name, or null (nothing: the whole subtree is skipped)."""

    routes: list[Route] = []
    match: Literal["first", "all"] = "first"
    default_route: Annotated[str, Meta(min_length=1, max_length=64)] | None = ELSE


class RouterNode(NodeType[RouterConfig]):
    type = "router"
    pure = True
    label = "Router"
    category = "Logic"
    description = "Send the run down one branch or another, by conditions on upstream values."
    icon = "git-branch"
    outputs = "dynamic"
    config_type = RouterConfig
    default_config = {"routes": [], "match": "first", "default_route": ELSE}
    default_policy = StepPolicy(timeout_s=10.0, max_attempts=1)

    def config_schema(self) -> dict[str, Any]:
        schema = super().config_schema()
        # "Exactly one form" (enforced on decode) for JSON Schema users such as the web's forms.
        schema["$defs"]["Condition"]["oneOf"] = [
            {"required": ["all"]},
            {"required": ["any"]},
            {"required": ["not"]},
            {"required": ["left", "op"]},
        ]
        return schema

    def check(self, config: RouterConfig) -> list[ConfigIssue]:
        issues: list[ConfigIssue] = []
        seen: set[str] = set()
        for index, route in enumerate(config.routes):
            if route.name == ELSE:
                issues.append(
                    ConfigIssue(f"routes[{index}].name", "`else` is reserved for the default route.")
                )
            elif route.name in seen:
                issues.append(ConfigIssue(f"routes[{index}].name", f"Two routes are named `{route.name}`."))
            seen.add(route.name)
        if config.default_route not in (None, ELSE, *seen):
            issues.append(
                ConfigIssue(
                    "default_route", f"`{config.default_route}` is neither `else` nor one of the routes."
                )
            )
        return issues

    def output_handles(self, config: RouterConfig) -> list[str]:
        return [route.name for route in config.routes] + ([ELSE] if config.default_route == ELSE else [])

    def required_handles(self, config: RouterConfig) -> list[str]:
        return [route.name for route in config.routes]

    def templates(self, config: RouterConfig) -> list[TemplateField]:
        return [
            TemplateField(f"{path}.left", comparison.left or "", expression=True)
            for index, route in enumerate(config.routes)
            for path, comparison in route.condition.comparisons(f"routes[{index}].condition")
        ]

    async def execute(self, ctx: NodeContext, config: RouterConfig) -> NodeResult:
        scope = scope_of(ctx)
        taken: list[str] = []
        for route in config.routes:
            if await holds(route.condition, scope):
                taken.append(route.name)
                if config.match == "first":
                    break
        if not taken and config.default_route is not None:
            taken = [config.default_route]
        await ctx.log(f"Routes taken: {', '.join(taken) or 'none'}", routes=taken)
        return NodeResult(output={"routes": taken}, handles=taken)
