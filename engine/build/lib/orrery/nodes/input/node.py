from __future__ import annotations

import msgspec

from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType


class InputConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The run's inputs are declared on the workflow (`inputs`), not here."""


class InputNode(NodeType[InputConfig]):
    type = "input"
    pure = True
    label = "Input"
    category = "Inputs & outputs"
    description = "Where a run starts. Its output is the run's inputs: `steps.<id>.output.<name>`."
    icon = "log-in"
    inputs = ()
    config_type = InputConfig
    default_policy = StepPolicy(timeout_s=10.0, max_attempts=1)

    async def execute(self, ctx: NodeContext, config: InputConfig) -> NodeResult:
        return NodeResult(output=dict(ctx.inputs))
