"""What the planner's API reads and writes (msgspec: the OpenAPI schema comes from these)."""

from __future__ import annotations

from typing import Annotated, Final
from uuid import UUID

import msgspec
from msgspec import Meta

from orrery.planner.schedule import ScheduleProposal
from orrery.spec import Workflow

MAX_DESCRIPTION: Final = 2000
MAX_INSTRUCTION: Final = 1000

Description = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_DESCRIPTION,
        description="What the workflow should do, in plain words (at most 2,000 characters).",
    ),
]
Instruction = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_INSTRUCTION,
        description="How to change the workflow, e.g. “ask me before saving” (at most 1,000 characters).",
    ),
]


class PlanRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    description: Description
    credential_id: UUID | None = None
    """One of your saved provider keys: its model plans (none: the offline demo planner)."""
    model: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    """The model to plan with (default: the provider's first example model)."""


class PlanResult(msgspec.Struct, kw_only=True):
    document: Workflow
    """A valid draft, not saved: the editor opens it as an unsaved change."""
    explanations: dict[str, str]
    """Node id -> a short explanation of its step."""
    planner: str
    """`demo` (the offline planner) or `<provider>:<model>`."""
    repair_rounds: int
    """Repair rounds the draft needed to validate (0: valid on the first try)."""
    schedule: str | None = None
    """When the request asked for it to run, in its words ("every Monday")."""
    schedule_proposal: ScheduleProposal | None = None
    """That phrase as a cron expression (the editor offers to create the schedule on save),
    or, when the phrasing is not understood, no cron and a note why."""


class RefineRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    instruction: Instruction
    credential_id: UUID | None = None
    """One of your saved provider keys: its model reads the instruction (none: the demo
    planner's rules)."""
    model: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    """The model to refine with (default: the provider's first example model)."""


class NodeChange(msgspec.Struct, kw_only=True):
    id: str
    type: str
    label: str | None = None


class DiffSummary(msgspec.Struct, kw_only=True):
    added: list[NodeChange]
    removed: list[NodeChange]
    changed: list[NodeChange]
    edges_added: int
    edges_removed: int
    summary: str
    """The changes in one sentence."""


class RefineResult(msgspec.Struct, kw_only=True):
    document: Workflow
    """The proposed document (valid, not saved): accept by saving it."""
    explanations: dict[str, str]
    planner: str
    repair_rounds: int
    diff: DiffSummary
    based_on_version: int
    """The version it changes: save with it as `based_on_version`."""
