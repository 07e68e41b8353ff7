"""What users do to workflows: list, create (blank, from a template, by import or as a
copy), read, update, delete, read versions, validate, export.

Each action is one transaction as the user, so RLS is the access control: another
user's workflow is simply not there (NotFound, never "forbidden").

Saving a draft: a spec is saved when it *decodes* (a well-formed `orrery.workflow/v1`
document within the size limits); the validator's findings (a missing output node, a
reference to a node that is not upstream...) come back alongside as `problems`, since
an editor saves work in progress. Running is where a spec must have no problems.
Refused outright (422): a document that does not decode, and one over the node or
edge limits; over 1 MiB is `DocumentTooLarge` (413).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import msgspec
from msgspec import UNSET

from orrery.assets import AssetService
from orrery.errors import InvalidInput, NotFound
from orrery.events import lineage
from orrery.nodes import Registry, default_registry
from orrery.nodes.references import reference_problems
from orrery.spec import (
    InvalidDocument,
    OperatorLimits,
    Problem,
    Workflow,
    decode_workflow,
    validate,
    workflow_to_builtins,
)
from orrery.spec.chat import is_chat
from orrery.store import secrets as secrets_store
from orrery.store import workflows as store
from orrery.store.database import Connection, Database
from orrery.workflows.errors import StaleVersion
from orrery.workflows.literals import literal_credentials
from orrery.workflows.models import (
    EXPORT_FORMAT,
    LastRun,
    NodeTypeRead,
    TemplateRead,
    TemplateSummary,
    ValidationResult,
    VersionRead,
    VersionSummary,
    WorkflowCreate,
    WorkflowExport,
    WorkflowImport,
    WorkflowPage,
    WorkflowRead,
    WorkflowSummary,
    WorkflowUpdate,
)
from orrery.workflows.templates import find_template, load_templates
from orrery.workflows.transfer import remap_ids

REFUSED_CODES: Final = frozenset({"too_many_nodes", "too_many_edges", "template_too_complex"})
"""Validator findings that stop a spec from being saved at all (the rest are a draft's): a
template past the parser's limits is refused like a graph past the size limits."""
MAX_NAME: Final = 200


@dataclass
class WorkflowService:
    db: Database
    registry: Registry = field(default_factory=default_registry)
    assets: AssetService | None = None
    """Removes the files of the assets a deleted workflow's runs made (None: none are stored)."""
    tell_runs: Callable[[Sequence[lineage.Touched]], Awaitable[None]] | None = None
    """Tells the workers and viewers of other runs a delete changed, once committed
    (`RunService.tell`; None: they learn at their next lease renewal)."""
    limits: OperatorLimits = field(default_factory=OperatorLimits)
    """This server's limits per run: a workflow's settings above one are a problem."""

    # -- documents, no database ---------------------------------------------------------

    async def validate(
        self, claims: Mapping[str, Any], spec: Mapping[str, Any], *, workflow_id: str | None = None
    ) -> ValidationResult:
        """Every problem of a document, those of the workflows its sub-workflow nodes run (read
        as the user) included; `workflow_id`: the workflow it is a version of, if saved.
        `DocumentTooLarge` over 1 MiB."""
        try:
            doc = decode_workflow(spec)
        except InvalidDocument as exc:
            return ValidationResult(valid=False, errors=exc.problems)
        problems = validate(doc, self.registry, self.limits)
        if self.registry.workflow_references(doc) or self.registry.secret_references(doc):
            async with self.db.as_user(claims) as conn:
                problems += await self._reference_problems(conn, doc, workflow_id)
        return ValidationResult(valid=not problems, errors=problems)

    def operator_limits(self) -> OperatorLimits:
        """The defaults and ceilings of a workflow's settings (`GET /api/v1/limits`)."""
        return self.limits

    def node_types(self) -> list[NodeTypeRead]:
        return _node_types(self.registry)

    def templates(self) -> list[TemplateSummary]:
        return [
            TemplateSummary(
                slug=t.slug, name=t.name, description=t.description, node_count=len(t.spec["nodes"])
            )
            for t in load_templates()
        ]

    def template(self, slug: str) -> TemplateRead:
        found = find_template(slug)
        if found is None:
            raise NotFound(f"template {slug!r} not found")
        return TemplateRead(
            slug=found.slug,
            name=found.name,
            description=found.description,
            node_count=len(found.spec["nodes"]),
            spec=msgspec.convert(found.spec, Workflow),
        )

    # -- list and read ------------------------------------------------------------------

    async def list_workflows(
        self,
        claims: Mapping[str, Any],
        *,
        search: str | None = None,
        cursor: str | None = None,
        limit: int = 25,
    ) -> WorkflowPage:
        async with self.db.as_user(claims) as conn:
            rows = await store.list_workflows(
                conn, search=(search or "").strip() or None, cursor=cursor, limit=limit
            )
        page, next_cursor = store.WORKFLOW_PAGES.page(rows, limit, "updated_at")
        return WorkflowPage(items=[_summary(row) for row in page], next_cursor=next_cursor)

    async def get(self, claims: Mapping[str, Any], workflow_id: str) -> WorkflowRead:
        async with self.db.as_user(claims) as conn:
            row = await _fetch(conn, workflow_id)
            problems = await self._problems(conn, row)
        return self._read(row, problems)

    async def versions(self, claims: Mapping[str, Any], workflow_id: str) -> list[VersionSummary]:
        async with self.db.as_user(claims) as conn:
            rows = await store.list_versions(conn, workflow_id)
        if not rows:  # every workflow has a version 1: none visible means no workflow
            raise NotFound(f"workflow {workflow_id} not found")
        return [msgspec.convert(row, VersionSummary) for row in rows]

    async def version(self, claims: Mapping[str, Any], workflow_id: str, version: int) -> VersionRead:
        async with self.db.as_user(claims) as conn:
            row = await store.fetch_version(conn, workflow_id, version)
            if row is None:
                if await store.exists(conn, workflow_id):
                    raise NotFound(f"workflow {workflow_id} has no version {version}")
                raise NotFound(f"workflow {workflow_id} not found")
        return msgspec.convert(row, VersionRead)

    async def export(self, claims: Mapping[str, Any], workflow_id: str) -> WorkflowExport:
        async with self.db.as_user(claims) as conn:
            row = await _fetch(conn, workflow_id)
        return WorkflowExport(
            format=EXPORT_FORMAT,
            name=row["name"],
            description=row["description"],
            exported_at=datetime.now(UTC),
            spec=(doc := msgspec.convert(row["spec"], Workflow)),
            warnings=literal_credentials(doc),
        )

    # -- create -------------------------------------------------------------------------

    async def create(self, claims: Mapping[str, Any], data: WorkflowCreate) -> WorkflowRead:
        if data.template is not UNSET:
            if data.spec is not UNSET:
                raise InvalidInput(
                    "give either `spec` or `template`, not both", [_field("spec", "unexpected")]
                )
            template = find_template(data.template)
            if template is None:
                known = ", ".join(t.slug for t in load_templates())
                raise InvalidInput(
                    f"unknown template {data.template!r}", [_field("template", f"one of: {known}")]
                )
            spec: Mapping[str, Any] = template.spec
            name = data.name if data.name is not UNSET else template.name
            description = data.description if data.description is not UNSET else template.description
        else:
            if data.spec is UNSET:
                raise InvalidInput("give a `spec` or a `template`", [_field("spec", "required")])
            if data.name is UNSET:
                raise InvalidInput("a workflow needs a name", [_field("name", "required")])
            spec, name = data.spec, data.name
            description = data.description if data.description is not UNSET else ""
        stored, problems = self._saveable(spec)
        async with self.db.as_user(claims) as conn:
            row = await _insert(conn, name.strip(), description, stored)
            problems += await self._reference_problems(conn, row["spec"], str(row["id"]))
        return self._read(row, problems)

    async def import_(self, claims: Mapping[str, Any], data: WorkflowImport) -> WorkflowRead:
        """A new workflow from an export, with fresh node and edge ids. A name the user
        already has becomes "<name> (imported)" ("(imported 2)", ...)."""
        doc = self._decode(data.spec)
        remapped, _, _ = remap_ids(doc, self.registry)
        stored, problems = self._saveable(workflow_to_builtins(remapped))
        async with self.db.as_user(claims) as conn:
            name = await _free_name(conn, data.name.strip(), "imported", only_if_taken=True)
            row = await _insert(conn, name, data.description, stored)
            problems += await self._reference_problems(conn, row["spec"], str(row["id"]))
        return self._read(row, problems)

    async def duplicate(self, claims: Mapping[str, Any], workflow_id: str) -> WorkflowRead:
        """A copy of the current version named "<name> (copy)" ("(copy 2)", ... if taken)."""
        async with self.db.as_user(claims) as conn:
            original = await _fetch(conn, workflow_id)
            name = await _free_name(conn, original["name"], "copy", only_if_taken=False)
            row = await _insert(conn, name, original["description"], original["spec"])
            problems = await self._problems(conn, row)
        return self._read(row, problems)

    # -- update and delete ----------------------------------------------------------------

    async def update(self, claims: Mapping[str, Any], workflow_id: str, data: WorkflowUpdate) -> WorkflowRead:
        """Rename and/or save a new spec. A spec equal to the current one makes no version."""
        stored: dict[str, Any] | None = None
        problems: list[Problem] | None = None
        if data.spec is not UNSET:
            if data.based_on_version is UNSET:
                raise InvalidInput(
                    "saving a spec needs `based_on_version`: the `current_version` your edit started from",
                    [_field("based_on_version", "required with `spec`")],
                )
            stored, problems = self._saveable(data.spec)
        async with self.db.as_user(claims) as conn:
            row = await _fetch(conn, workflow_id, for_update=True)
            current: int = row["current_version"]
            if data.based_on_version is not UNSET and data.based_on_version != current:
                raise StaleVersion(data.based_on_version, current)
            fields: dict[str, Any] = {}
            if data.name is not UNSET and data.name.strip() != row["name"]:
                fields["name"] = data.name.strip()
            if data.description is not UNSET and data.description != row["description"]:
                fields["description"] = data.description
            if stored is not None and stored != row["spec"]:
                await store.insert_version(conn, workflow_id, current + 1, stored)
                fields["current_version"] = current + 1
            if fields:
                await store.update_workflow(conn, workflow_id, fields)
                row = await _fetch(conn, workflow_id)
            if problems is None:
                problems = await self._problems(conn, row)
            else:
                problems += await self._reference_problems(conn, row["spec"], workflow_id)
        return self._read(row, problems)

    async def delete(self, claims: Mapping[str, Any], workflow_id: str) -> None:
        """The workflow, its versions and its runs. Sub-workflow runs are settled first
        (`events.lineage.workflow_deleted`): a step waiting for one of its runs fails, and the
        runs its runs started are cancelled; once committed, their workers and viewers are told
        (`tell_runs`). The runs' assets go too, files included."""
        async with self.db.as_user(claims) as conn:
            touched = await lineage.workflow_deleted(conn, workflow_id)
            if not await store.delete_workflow(conn, workflow_id):
                raise NotFound(f"workflow {workflow_id} not found")
        if self.tell_runs is not None:
            await self.tell_runs(touched)
        if self.assets is not None:
            # The runs' asset rows went with them (cascade), listing their files for removal.
            await self.assets.purge(claims)

    # -- helpers --------------------------------------------------------------------------

    def _decode(self, spec: Mapping[str, Any]) -> Workflow:
        try:
            return decode_workflow(spec)
        except InvalidDocument as exc:
            raise InvalidInput(
                f"the spec is not a valid workflow document: {exc}", [_problem(p) for p in exc.problems]
            ) from exc

    def _saveable(self, spec: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
        """The spec as stored (decoded and re-encoded: defaults filled, so equal specs compare
        equal) and its problems; refuses what cannot even be a draft."""
        doc = self._decode(spec)
        problems = validate(doc, self.registry, self.limits)
        refused = [p for p in problems if p.code in REFUSED_CODES]
        if refused:
            raise InvalidInput(
                f"the workflow is too large or too complex: {refused[0].message}",
                [_problem(p) for p in refused],
            )
        return workflow_to_builtins(doc), problems

    async def _problems(self, conn: Connection, row: Mapping[str, Any]) -> list[Problem]:
        """A stored workflow's problems: the validator's, and its sub-workflow references'."""
        doc = msgspec.convert(row["spec"], Workflow)
        problems = validate(doc, self.registry, self.limits)
        return problems + await self._reference_problems(conn, doc, str(row["id"]))

    async def _reference_problems(
        self, conn: Connection, spec: Workflow | Mapping[str, Any], workflow_id: str | None
    ) -> list[Problem]:
        """What is wrong with the workflows its sub-workflow nodes run, read as the user: not
        there, no such version, a chain that leads back to `workflow_id` (a draft may be saved
        with them; a run cannot start)."""
        doc = spec if isinstance(spec, Workflow) else msgspec.convert(spec, Workflow)
        problems = await self._secret_problems(conn, doc)
        if not self.registry.workflow_references(doc):
            return problems
        read = functools.partial(store.fetch_referenced, conn)
        return await reference_problems(doc, self.registry, read, workflow_id=workflow_id) + problems

    async def _secret_problems(self, conn: Connection, doc: Workflow) -> list[Problem]:
        """`{{ secrets.NAME }}` naming a secret the user does not have (`unknown_secret`)."""
        used = self.registry.secret_references(doc)
        if not used:
            return []
        known = await secrets_store.names(conn)
        return [
            Problem(
                "unknown_secret",
                f"`secrets.{name}` is not one of your secrets: add it in Settings → Secrets.",
                node_id=node_id,
            )
            for node_id, name in used
            if name not in known
        ]

    def _read(self, row: Mapping[str, Any], problems: list[Problem] | None = None) -> WorkflowRead:
        doc = msgspec.convert(row["spec"], Workflow)
        return WorkflowRead(
            id=row["id"],
            name=row["name"],
            description=row["description"],
            current_version=row["current_version"],
            spec_hash=row["spec_hash"],
            spec=doc,
            problems=validate(doc, self.registry, self.limits) if problems is None else problems,
            is_chat=is_chat(doc),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )


async def _fetch(conn: Connection, workflow_id: str, *, for_update: bool = False) -> dict[str, Any]:
    row = await store.fetch_workflow(conn, workflow_id, for_update=for_update)
    if row is None:
        raise NotFound(f"workflow {workflow_id} not found")
    return row


async def _insert(conn: Connection, name: str, description: str, spec: dict[str, Any]) -> dict[str, Any]:
    created = await store.insert_workflow(conn, name, description)
    workflow_id = str(created["id"])
    await store.insert_version(conn, workflow_id, 1, spec)
    return await _fetch(conn, workflow_id)


async def _free_name(conn: Connection, name: str, suffix: str, *, only_if_taken: bool) -> str:
    """`name`, or "<name> (<suffix>)", "<name> (<suffix> 2)"...: the first the user does not have."""
    candidates = [name] if only_if_taken else []
    candidates += [_suffixed(name, suffix if n == 1 else f"{suffix} {n}") for n in range(1, 51)]
    taken = await store.names_taken(conn, candidates)
    return next((c for c in candidates if c not in taken), candidates[-1])


def _suffixed(name: str, suffix: str) -> str:
    tail = f" ({suffix})"
    return name[: MAX_NAME - len(tail)].rstrip() + tail


def _summary(row: Mapping[str, Any]) -> WorkflowSummary:
    last_run = None
    if row["last_run_id"] is not None:
        last_run = LastRun(
            id=row["last_run_id"], status=row["last_run_status"], created_at=row["last_run_created_at"]
        )
    return WorkflowSummary(
        id=row["id"],
        name=row["name"],
        description=row["description"],
        current_version=row["current_version"],
        node_count=row["node_count"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        last_run=last_run,
    )


def _problem(problem: Problem) -> dict[str, object]:
    found: dict[str, object] = msgspec.to_builtins(problem)
    return found


def _field(name: str, message: str) -> dict[str, object]:
    return {"field": name, "message": message}


@functools.cache
def _node_types(registry: Registry) -> list[NodeTypeRead]:
    return msgspec.convert(registry.catalog(), list[NodeTypeRead])
