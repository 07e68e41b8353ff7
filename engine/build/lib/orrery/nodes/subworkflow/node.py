"""The `subworkflow` node: one step that runs another workflow of the same user.

`execute` renders the inputs mapped to the child (each template keeps its value's type),
asks the runner to start the child run (`NodeContext.start_child_run`: validated as the API
validates a run, with the depth limit, and the budgets this run has left) and returns a
waiting result, `{"run_id": <child>}`. The step waits, like an approval, until the child
ends; then the runner resolves it with the child's outcome (`orrery.events.lineage`):
succeeded, the child's outputs (its tokens and cost added to this run's); failed or
cancelled, a step failure (`child_run_failed`, `child_run_cancelled`) naming why.

Validation checks what the pure validator cannot: that the workflow exists, is the user's,
has the pinned version, and does not lead back to the workflow that runs it
(`workflow_references`, checked by `orrery.nodes.references` as the user).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from orrery.nodes.base import ChildRunRequest, NodeContext, NodeResult, StepPolicy, WorkflowReference
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import SubworkflowNotFound
from orrery.nodes.fields import FieldName, Template
from orrery.nodes.templates import render_value, scope_of
from orrery.spec import TemplateField


class SubworkflowConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    workflow_id: (
        Annotated[
            UUID, Meta(description="The workflow to run: one of yours (not this one, directly or not).")
        ]
        | None
    ) = None
    version: (
        Annotated[
            int,
            Meta(ge=1, description="Run this version of it; empty: its current version when the step runs."),
        ]
        | None
    ) = None
    inputs: Annotated[
        dict[FieldName, Template],
        Meta(
            description="Its inputs, by name: templates over this run's data, e.g. "
            "`{{ steps.script.output.title }}` (a lone reference keeps its type)."
        ),
    ] = {}


class SubworkflowNode(NodeType[SubworkflowConfig]):
    type = "subworkflow"
    label = "Sub-workflow"
    category = "Logic"
    description = (
        "Run another of your workflows as one step: its inputs from this run, its outputs as this step's."
    )
    icon = "workflow"
    config_type = SubworkflowConfig
    default_config = {"inputs": {}}
    # The attempt only starts the child (a few queries); the wait is not the attempt's work. It
    # may be executed again after its worker died (it finds the child it started): up to 3 times.
    default_policy = StepPolicy(timeout_s=30.0, max_attempts=3, retry_initial_delay_s=1.0)

    def templates(self, config: SubworkflowConfig) -> list[TemplateField]:
        return [TemplateField(f"inputs.{name}", text) for name, text in config.inputs.items()]

    def workflow_references(self, config: SubworkflowConfig) -> list[WorkflowReference]:
        workflow_id = str(config.workflow_id) if config.workflow_id is not None else None
        return [WorkflowReference(workflow_id=workflow_id, version=config.version)]

    async def execute(self, ctx: NodeContext, config: SubworkflowConfig) -> NodeResult:
        if config.workflow_id is None:
            raise SubworkflowNotFound("Choose the workflow this step runs.")
        scope = scope_of(ctx)
        inputs = {name: await render_value(text, scope) for name, text in config.inputs.items()}
        request = ChildRunRequest(workflow_id=str(config.workflow_id), version=config.version, inputs=inputs)
        child = await ctx.start_child_run(request)
        await ctx.log("Started the sub-workflow's run; waiting for it to end.", child_run_id=child.run_id)
        return NodeResult(output={"run_id": child.run_id}, waiting=True)
