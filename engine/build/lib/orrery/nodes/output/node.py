"""`output`: what a run returns. Each output node names one of the run's outputs
(`run_output`), whose value is the node's output."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import Meta

from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.fields import FieldName, ReferencePath, Template
from orrery.nodes.templates import evaluate, render_value, scope_of
from orrery.spec import ConfigIssue, TemplateField


class OutputConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Set `value` (a template) or `pick` (name -> reference), or neither: then the output
    is the output of the node(s) connected into this one."""

    name: Annotated[FieldName, Meta(description="The key of this value in the run's outputs.")] = "result"
    value: (
        Annotated[Template, Meta(description="`{{ steps.x.output }}` alone keeps the value's type.")] | None
    ) = None
    pick: dict[FieldName, ReferencePath] | None = None


class OutputNode(NodeType[OutputConfig]):
    type = "output"
    pure = True
    label = "Output"
    category = "Inputs & outputs"
    description = "What the run returns: the connected node's output, a template, or picked fields."
    icon = "log-out"
    outputs = ()
    config_type = OutputConfig
    default_policy = StepPolicy(timeout_s=10.0, max_attempts=1)

    def check(self, config: OutputConfig) -> list[ConfigIssue]:
        if config.value is not None and config.pick is not None:
            return [ConfigIssue("pick", "Set either `value` or `pick`, not both.")]
        return []

    def templates(self, config: OutputConfig) -> list[TemplateField]:
        if config.value is not None:
            return [TemplateField("value", config.value)]
        return [TemplateField(f"pick.{k}", v, expression=True) for k, v in (config.pick or {}).items()]

    def run_output(self, config: OutputConfig) -> str | None:
        return config.name

    async def execute(self, ctx: NodeContext, config: OutputConfig) -> NodeResult:
        scope = scope_of(ctx)
        output: Any
        if config.value is not None:
            output = await render_value(config.value, scope)
        elif config.pick is not None:
            output = {name: await evaluate(path, scope) for name, path in config.pick.items()}
        elif len(ctx.predecessors) == 1:
            output = ctx.steps.get(ctx.predecessors[0])
        else:
            output = {node: ctx.steps.get(node) for node in ctx.predecessors}
        return NodeResult(output=output)
