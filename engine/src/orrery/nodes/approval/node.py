"""Approval, in two halves: `execute` renders what the reviewer sees and returns
`waiting=True`; the runner parks the step for `wait_limit_s` (the config's `timeout_s`),
and when a verdict arrives (a reviewer's, or `on_timeout`'s default) `resume` gives the
step's final result.

Output while waiting: `{"message", "value"}`. Final output:
`{"message", "value", "approved", "comment"}` where `value` is the reviewer's edit when
`allow_edit` is on and they made one. Approved follows the `approved` handle; rejected
follows `rejected` when the node has that handle, and otherwise fails the step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from orrery.nodes.base import NodeContext, NodeResult, StepPolicy, Verdict
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import ApprovalRejected, ApprovalTimedOut, DecisionRefused
from orrery.nodes.fields import Template
from orrery.nodes.templates import render, render_value, scope_of
from orrery.spec import ConfigIssue, NodeDefaults, TemplateField

APPROVED = "approved"
REJECTED = "rejected"


class ApprovalConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    message: Annotated[Template, Meta(description="What the reviewer is asked.")] = (
        "Please review and approve."
    )
    value: (
        Annotated[
            Template,
            Meta(description="What is under review, e.g. `{{ steps.script.output }}` (keeps its type)."),
        ]
        | None
    ) = None
    timeout_s: Annotated[float, Meta(gt=0, le=30 * 24 * 3600)] | None = None
    default_decision: (
        Annotated[
            Literal["approve", "reject"], Meta(description="Taken when the timeout passes; null fails.")
        ]
        | None
    ) = None
    allow_edit: Annotated[bool, Meta(description="The reviewer may edit `value` when approving.")] = False
    rejected_handle: Annotated[
        bool,
        Meta(description="A `rejected` output to follow on rejection (else a rejection fails the step)."),
    ] = False


class ApprovalNode(NodeType[ApprovalConfig]):
    type = "approval"
    pure = True
    label = "Approval"
    category = "Human"
    description = "Pause the run until a person approves or rejects, optionally editing the result."
    icon = "user-check"
    outputs = "dynamic"
    config_type = ApprovalConfig
    default_config = {"message": "Please review and approve."}
    default_policy = StepPolicy(timeout_s=None, max_attempts=1)

    def check(self, config: ApprovalConfig) -> list[ConfigIssue]:
        if config.default_decision is not None and config.timeout_s is None:
            return [ConfigIssue("default_decision", "A default decision needs a `timeout_s` to apply after.")]
        return []

    def output_handles(self, config: ApprovalConfig) -> list[str]:
        return [APPROVED, REJECTED] if config.rejected_handle else [APPROVED]

    def templates(self, config: ApprovalConfig) -> list[TemplateField]:
        fields = [TemplateField("message", config.message)]
        if config.value is not None:
            fields.append(TemplateField("value", config.value))
        return fields

    def policy(self, config: ApprovalConfig) -> StepPolicy:
        # The wait is not an attempt's work: its timeout is the approval's own (`on_timeout`).
        return StepPolicy(timeout_s=30.0, max_attempts=1)

    def defaulted_policy(
        self, policy: StepPolicy, defaults: NodeDefaults, given: frozenset[str]
    ) -> StepPolicy:
        # Its `timeout_s` is how long it waits for a decision, not an attempt's: no default applies.
        return policy

    async def execute(self, ctx: NodeContext, config: ApprovalConfig) -> NodeResult:
        scope = scope_of(ctx)
        pending = {
            "message": await render(config.message, scope),
            "value": await render_value(config.value, scope) if config.value is not None else None,
        }
        return NodeResult(output=pending, waiting=True)

    def wait_limit_s(self, config: ApprovalConfig) -> float | None:
        return config.timeout_s

    def resume(self, config: ApprovalConfig, pending: Any, verdict: Verdict) -> NodeResult:
        return decide(
            config, pending or {}, approved=verdict.approved, comment=verdict.comment, edited=verdict.edited
        )

    def on_timeout(self, config: ApprovalConfig, pending: Any) -> Verdict:
        """The default decision, or `ApprovalTimedOut` when the node has none."""
        if config.default_decision is None:
            raise ApprovalTimedOut(f"Nobody decided within {config.timeout_s or 0:g} s.")
        return Verdict(
            approved=config.default_decision == "approve",
            comment="No decision before the timeout; applied the default.",
        )


def decide(
    config: ApprovalConfig,
    pending: Mapping[str, Any],
    *,
    approved: bool,
    comment: str | None = None,
    edited: Any | UnsetType = UNSET,
) -> NodeResult:
    """The final result of a waiting approval step, given a reviewer's decision.

    Raises `DecisionRefused` for an edit the node does not allow (or an edit with a
    rejection), `ApprovalRejected` for a rejection without a `rejected` handle (the step
    fails with the comment as reason)."""
    if edited is not UNSET and not approved:
        raise DecisionRefused("An edited value goes with an approval, not a rejection.")
    if edited is not UNSET and not config.allow_edit:
        raise DecisionRefused("This approval does not allow editing the value.")
    output = {
        "message": pending.get("message"),
        "value": edited if approved and edited is not UNSET else pending.get("value"),
        "approved": approved,
        "comment": comment,
    }
    if approved:
        return NodeResult(output=output, handles=[APPROVED])
    if config.rejected_handle:
        return NodeResult(output=output, handles=[REJECTED])
    raise ApprovalRejected(f"Rejected by the reviewer{': ' + comment if comment else '.'}")


def on_timeout(config: ApprovalConfig, pending: Mapping[str, Any]) -> NodeResult:
    """The result when `timeout_s` passes with no decision: the default decision, or a failure."""
    verdict = ApprovalNode().on_timeout(config, pending)
    return decide(config, pending, approved=verdict.approved, comment=verdict.comment)
