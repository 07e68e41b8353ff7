"""One folder per node type, and the registry that publishes their config schemas.

registry = default_registry()
problems = spec.validate(doc, registry)          # registry is a spec.NodeCatalog
result = await registry.execute(ctx, node)       # one attempt; NodeError on failure
policy = registry.policy(node)                   # timeout / attempts / retry delay
node_type_catalog()                              # GET /api/v1/node-types
"""

from __future__ import annotations

from orrery.nodes.base import NodeContext, NodeResult, Port, StepPolicy, Usage, idempotency_key
from orrery.nodes.context import LocalContext
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import (
    ApprovalRejected,
    ApprovalTimedOut,
    HttpRequestFailed,
    HttpStatusError,
    InvalidNodeConfig,
    NodeError,
    NodeTimeout,
    NotAvailable,
    RetryableNodeError,
    TemplateRenderError,
    UnknownNodeType,
)
from orrery.nodes.registry import Registry, default_registry, node_type_catalog

__all__ = [
    "ApprovalRejected",
    "ApprovalTimedOut",
    "HttpRequestFailed",
    "HttpStatusError",
    "InvalidNodeConfig",
    "LocalContext",
    "NodeContext",
    "NodeError",
    "NodeResult",
    "NodeTimeout",
    "NodeType",
    "NotAvailable",
    "Port",
    "Registry",
    "RetryableNodeError",
    "StepPolicy",
    "TemplateRenderError",
    "UnknownNodeType",
    "Usage",
    "default_registry",
    "idempotency_key",
    "node_type_catalog",
]
