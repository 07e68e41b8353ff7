"""The node-type catalog the editor builds its palette and config forms from, and this server's
limits per run the editor's workflow settings show as defaults and ceilings."""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY, scoped
from orrery.spec import OperatorLimits
from orrery.workflows import WorkflowService
from orrery.workflows.models import NodeTypeRead


@get(
    "/api/v1/node-types",
    tags=["workflows"],
    summary="Every node type: label, category, ports and config JSON Schema",
    security=BEARER_SECURITY,
    responses=documented(401),
    opt=scoped(),
)
async def node_types(workflow_service: NamedDependency[WorkflowService]) -> list[NodeTypeRead]:
    return workflow_service.node_types()


@get(
    "/api/v1/limits",
    tags=["workflows"],
    summary="This server's limits per run: the default and the ceiling of a workflow's settings",
    security=BEARER_SECURITY,
    responses=documented(401),
    opt=scoped(),
)
async def operator_limits_read(workflow_service: NamedDependency[WorkflowService]) -> OperatorLimits:
    return workflow_service.operator_limits()
