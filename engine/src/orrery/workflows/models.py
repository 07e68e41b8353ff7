"""What the API reads and writes about workflows (msgspec: the OpenAPI schema comes from these).

Requests carry the spec as plain JSON (`dict`), not as `spec.Workflow`: the service
decodes it itself so a malformed document is answered with every problem, each with
its node or edge id, rather than the first field the body decoder trips on.
Responses carry the stored spec as `spec.Workflow`, so the schema is exact.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from orrery.spec import Problem, Workflow
from orrery.workflows.literals import ExportWarning

EXPORT_FORMAT: Final = "orrery.workflow-export/v1"

Name = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S", description="Not blank.")]
Description = Annotated[str, Meta(max_length=2000)]
Slug = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
ExportedAt = Annotated[
    str,
    Meta(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$",
        description="When it was exported (ISO 8601, as an export writes it); informational only.",
    ),
]
SpecBody = Annotated[
    dict[str, Any],
    Meta(
        description="An `orrery.workflow/v1` document (the `Workflow` schema). At most 1 MiB as JSON.",
        # Decoded by the service (see above), documented as the `Workflow` component.
        extra_json_schema={"extra": {"all_of": [{"$ref": "#/components/schemas/Workflow"}]}},
    ),
]


# -- validation -------------------------------------------------------------------------


class ValidateRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    spec: Annotated[
        dict[str, Any],
        Meta(
            description="Any JSON object: the answer says whether it is a valid `Workflow` document, "
            "and lists every problem if not. At most 1 MiB as JSON."
        ),
    ]
    workflow_id: UUID | None = None
    """The workflow this document is a version of (the one being edited): a sub-workflow node
    whose chain of workflows leads back to it is a `subworkflow_cycle`."""


class ValidationResult(msgspec.Struct, kw_only=True):
    valid: bool
    errors: list[Problem]
    """Every problem at once; empty when `valid`."""


# -- workflows ---------------------------------------------------------------------------


class LastRun(msgspec.Struct, kw_only=True):
    id: UUID
    status: Literal["queued", "running", "waiting", "succeeded", "failed", "cancelled"]
    created_at: datetime


class WorkflowSummary(msgspec.Struct, kw_only=True):
    """A row of the dashboard."""

    id: UUID
    name: str
    description: str
    current_version: int
    node_count: int
    created_at: datetime
    updated_at: datetime
    last_run: LastRun | None = None


class WorkflowPage(msgspec.Struct, kw_only=True):
    items: list[WorkflowSummary]
    next_cursor: str | None = None
    """Pass as `cursor` for the next page; null on the last page."""


class WorkflowRead(msgspec.Struct, kw_only=True):
    id: UUID
    name: str
    description: str
    current_version: int
    """The optimistic-concurrency token: send it back as `based_on_version` when saving."""
    spec_hash: str
    spec: Workflow
    problems: list[Problem]
    """What stops the current spec from running (a saved draft may have some); empty: it can run."""
    is_chat: bool = False
    """Its inputs are a chat's (`message`, optionally `history`): it can be opened as a chat."""
    created_at: datetime
    updated_at: datetime


class WorkflowCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Either `spec` (then `name` is required) or `template` (a slug from GET /api/v1/templates)."""

    name: Name | UnsetType = UNSET
    description: Description | UnsetType = UNSET
    spec: SpecBody | UnsetType = UNSET
    template: Slug | UnsetType = UNSET


class WorkflowUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A partial update. A changed `spec` makes version N+1; a rename does not.
    `based_on_version` (the `current_version` the edit started from) is required with `spec`."""

    name: Name | UnsetType = UNSET
    description: Description | UnsetType = UNSET
    spec: SpecBody | UnsetType = UNSET
    based_on_version: Annotated[int, Meta(ge=1)] | UnsetType = UNSET


class VersionSummary(msgspec.Struct, kw_only=True):
    version: int
    created_at: datetime
    created_by: UUID
    spec_hash: str
    node_count: int


class VersionRead(msgspec.Struct, kw_only=True):
    workflow_id: UUID
    version: int
    created_at: datetime
    created_by: UUID
    spec_hash: str
    spec: Workflow


# -- export / import ---------------------------------------------------------------------


class WorkflowExport(msgspec.Struct, kw_only=True):
    """A self-contained workflow: what GET .../export gives and POST /import takes back."""

    format: Literal["orrery.workflow-export/v1"]
    name: str
    description: str
    exported_at: datetime
    spec: Workflow
    warnings: list[ExportWarning] = []
    """What should not travel with it: literal credentials in headers and URLs (use
    `{{ secrets.NAME }}`). Ignored on import."""


class WorkflowImport(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    format: Literal["orrery.workflow-export/v1"]
    name: Name
    description: Description = ""
    exported_at: ExportedAt | None = None
    spec: SpecBody
    warnings: list[Any] | None = None
    """What the export warned about (ignored)."""


# -- templates ---------------------------------------------------------------------------


class TemplateSummary(msgspec.Struct, kw_only=True):
    slug: str
    name: str
    description: str
    node_count: int


class TemplateRead(msgspec.Struct, kw_only=True):
    slug: str
    name: str
    description: str
    node_count: int
    spec: Workflow


# -- node types --------------------------------------------------------------------------


class PortRead(msgspec.Struct, kw_only=True):
    id: str
    label: str


class NodeTypeRead(msgspec.Struct, kw_only=True):
    """One version of one node type, as the editor's palette and config forms need it."""

    type: str
    """The slug a node's `type` names."""
    version: int
    latest: bool
    label: str
    category: str
    description: str
    icon: str
    """A lucide icon name."""
    inputs: list[PortRead]
    outputs: list[PortRead] | Literal["dynamic"]
    """The output handles; `dynamic`: the config names them (a router's routes, an approval's outcomes)."""
    config_schema: dict[str, Any]
    """The config's JSON Schema (2020-12)."""
    default_config: dict[str, Any]
