"""One folder per node type, and the registry that publishes their config schemas.

registry = default_registry()                    # or build_registry(NodeServices(...)) in the worker
problems = spec.validate(doc, registry)          # registry is a spec.NodeCatalog
bound = registry.bind(node)                      # the node with its type and decoded config
result = await bound.execute(ctx)                # one attempt; a NodeError (a StepError) on failure
bound.resume(pending, verdict)                   # a waiting step's result, given a verdict
node_type_catalog()                              # GET /api/v1/node-types
"""

from __future__ import annotations

from orrery.nodes.base import (
    ChildRun,
    ChildRunRequest,
    NodeContext,
    NodeResult,
    Port,
    StepPolicy,
    Usage,
    Verdict,
    WorkflowReference,
    idempotency_key,
)
from orrery.nodes.context import LocalContext
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import (
    ApprovalRejected,
    ApprovalTimedOut,
    ChildInputsInvalid,
    ChildNotRunnable,
    ChildRunCancelled,
    DecisionRefused,
    DepthLimit,
    HttpRequestFailed,
    HttpStatusError,
    InvalidNodeConfig,
    NodeError,
    NodeTimeout,
    NotAvailable,
    RetryableNodeError,
    SubworkflowError,
    SubworkflowNotFound,
    SubworkflowVersionNotFound,
    TemplateRenderError,
    UnknownNodeType,
    WaitTimedOut,
)
from orrery.nodes.registry import BoundNode, Registry, build_registry, default_registry, node_type_catalog
from orrery.nodes.services import NodeServices

__all__ = [
    "ApprovalRejected",
    "ApprovalTimedOut",
    "BoundNode",
    "ChildInputsInvalid",
    "ChildNotRunnable",
    "ChildRun",
    "ChildRunCancelled",
    "ChildRunRequest",
    "DecisionRefused",
    "DepthLimit",
    "HttpRequestFailed",
    "HttpStatusError",
    "InvalidNodeConfig",
    "LocalContext",
    "NodeContext",
    "NodeError",
    "NodeResult",
    "NodeServices",
    "NodeTimeout",
    "NodeType",
    "NotAvailable",
    "Port",
    "Registry",
    "RetryableNodeError",
    "StepPolicy",
    "SubworkflowError",
    "SubworkflowNotFound",
    "SubworkflowVersionNotFound",
    "TemplateRenderError",
    "UnknownNodeType",
    "Usage",
    "Verdict",
    "WaitTimedOut",
    "WorkflowReference",
    "build_registry",
    "default_registry",
    "idempotency_key",
    "node_type_catalog",
]
