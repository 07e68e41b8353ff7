"""The node registry as the runner sees it: decoded configs, policies, and
node results and errors turned into step outcomes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import msgspec

from orrery.events.types import ErrorInfo, Usage
from orrery.nodes import default_registry
from orrery.nodes.approval.node import ApprovalConfig, on_timeout
from orrery.nodes.base import NodeContext, NodeResult
from orrery.nodes.errors import NodeError, RetryableNodeError
from orrery.nodes.registry import Registry
from orrery.runner.catalog import PreparedNode, StepContext, StepFailure, StepOutcome
from orrery.settings import RunnerSettings
from orrery.spec.document import Node

PURE_TYPES = default_registry().pure_types()
"""Node types without side effects (each declares `NodeType.pure`): they may run before their
start is durable and re-run after a crash."""


def _code(error: Exception) -> str:
    name = type(error).__name__.removesuffix("Error")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() or "node_error"


def failure_from(error: NodeError) -> StepFailure:
    details: dict[str, Any] | None = None
    retry_after = getattr(error, "retry_after_s", None)
    if retry_after is not None:
        details = {"retry_after_s": retry_after}
    status = getattr(error, "status", None)
    if status is not None:
        details = {**(details or {}), "status": status}
    return StepFailure(
        ErrorInfo(code=_code(error), message=str(error), retryable=error.retryable, details=details)
    )


def outcome_from(result: NodeResult, waiting_until_s: float | None = None) -> StepOutcome:
    usage = None
    if result.usage is not None:
        usage = Usage(
            tokens_in=result.usage.tokens_in,
            tokens_out=result.usage.tokens_out,
            cost_usd=float(result.usage.cost_usd or 0.0),
            model=result.usage.model,
        )
    return StepOutcome(
        output=result.output,
        handles=result.handles,
        usage=usage,
        waiting=result.waiting,
        waiting_until_s=waiting_until_s if result.waiting else None,
        transcript=_storable(result.transcript),
    )


MAX_TRANSCRIPT_BYTES = 800_000
"""A transcript larger than this (compact JSON) is not kept: the table allows 1 MiB of its text form."""


def _storable(transcript: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if not transcript:
        return None
    try:
        size = len(msgspec.json.encode(transcript))
    except (TypeError, ValueError):
        return None
    return transcript if size <= MAX_TRANSCRIPT_BYTES else None


class RegistryRuntime:
    def __init__(self, settings: RunnerSettings, registry: Registry | None = None) -> None:
        self.settings = settings
        self.registry = registry or default_registry()

    def prepare(
        self, node_type: str, config: Mapping[str, Any], node: Mapping[str, Any] | None = None
    ) -> PreparedNode:
        spec_node = msgspec.convert(
            dict(node) if node is not None else {"id": "node", "type": node_type, "config": dict(config)},
            Node,
        )
        registry = self.registry
        try:
            decoded = registry.decode_config(spec_node)
            policy = registry.policy(spec_node)
            reads = registry.reads(spec_node)
            node_def = registry.get(spec_node.type, spec_node.type_version)
        except NodeError as exc:
            failure = failure_from(exc)

            async def refuse(_: StepContext) -> StepOutcome:
                raise failure

            return PreparedNode(execute=refuse, pure=True)

        waiting_until_s = decoded.timeout_s if isinstance(decoded, ApprovalConfig) else None
        handles = node_def.output_handles(decoded)

        async def execute(ctx: StepContext) -> StepOutcome:
            try:
                result = await registry.execute(ctx, spec_node)  # type: ignore[arg-type]
            except NodeError as exc:
                raise failure_from(exc) from exc
            return outcome_from(result, waiting_until_s)

        on_approval_timeout = None
        if isinstance(decoded, ApprovalConfig):
            approval_config = decoded

            def on_approval_timeout(pending: Any) -> StepOutcome:
                try:
                    return outcome_from(on_timeout(approval_config, pending or {}))
                except NodeError as exc:
                    raise failure_from(exc) from exc

        return PreparedNode(
            execute=execute,
            pure=node_def.pure,
            max_attempts=max(1, policy.max_attempts),
            retry_initial_delay_s=policy.retry_initial_delay_s,
            timeout_s=policy.timeout_s,
            default_handle=handles[0] if handles else None,
            is_output=spec_node.type == "output",
            output_name=getattr(decoded, "name", None) if spec_node.type == "output" else None,
            on_timeout=on_approval_timeout,
            reads=reads,
        )


def retry_after(error: ErrorInfo) -> float | None:
    if error.details and isinstance(error.details.get("retry_after_s"), (int, float)):
        return float(error.details["retry_after_s"])
    return None


__all__ = ["NodeContext", "RegistryRuntime", "RetryableNodeError", "retry_after"]
