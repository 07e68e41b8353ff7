"""The workflows a workflow runs as child runs (its sub-workflow nodes), and what is wrong with
those references: a workflow that is not there (never chosen, deleted, or another user's: RLS
hides it), a pinned version it does not have, and a chain of sub-workflows that comes back to a
workflow already in it (A -> A, A -> B -> A, or B -> C -> B below A): a run of it would start
itself again and again until the depth limit stopped it.

The pure validator (`spec.validate`) cannot tell: these need the user's workflows. Callers (the
workflows service when a workflow is saved or validated, the runs service and the runner when a
run starts) read them as the user and pass a `SpecReader`; this module only reasons about what
it reads, at most `MAX_DOCUMENTS` documents per check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from orrery.nodes.base import WorkflowReference
from orrery.nodes.registry import Registry
from orrery.spec import Problem, SpecError, decode_workflow

Key = tuple[str, int | None]
"""(workflow id, pinned version or None for the current one)."""

MAX_DOCUMENTS = 200
"""Workflow versions read to look for cycles, at most; a deeper tree is cut there (the run's
depth limit still stops it at run time)."""


@dataclass(frozen=True, slots=True)
class Referenced:
    """A referenced workflow as the user can see it."""

    exists: bool
    """The workflow is there and is the user's."""
    name: str | None = None
    spec: Mapping[str, Any] | None = None
    """The version's document; None when the workflow has no such version."""


SpecReader = Callable[[Sequence[Key]], Awaitable[Mapping[Key, Mapping[str, Any]]]]
"""Reads workflows by (id, version) as the user: `{exists, name, spec}` per key, as
`functools.partial(orrery.store.workflows.fetch_referenced, conn)` does."""


async def reference_problems(
    doc: Any, registry: Registry, read: SpecReader, *, workflow_id: str | None
) -> list[Problem]:
    """Every problem of `doc`'s workflow references, on the node that makes each. `workflow_id`:
    the workflow `doc` is (or becomes) a version of; None for a document not saved yet."""
    references = registry.workflow_references(doc)
    if not references:
        return []
    graph = await _Graph.explore(registry, read, [r for _, r in references])
    problems: list[Problem] = []
    for node_id, reference in references:
        problem = _problem(graph, node_id, reference, workflow_id)
        if problem is not None:
            problems.append(problem)
    return problems


def _problem(
    graph: _Graph, node_id: str, reference: WorkflowReference, workflow_id: str | None
) -> Problem | None:
    if reference.workflow_id is None:
        return Problem(
            "subworkflow_not_found",
            "Choose the workflow this step runs.",
            node_id=node_id,
            path=reference.path,
        )
    found = graph.documents.get((reference.workflow_id, reference.version))
    if found is None or not found.exists:
        return Problem(
            "subworkflow_not_found",
            f"Workflow {reference.workflow_id} is not one of your workflows (deleted, or never yours).",
            node_id=node_id,
            path=reference.path,
        )
    if found.spec is None:
        return Problem(
            "subworkflow_version_not_found",
            f"“{found.name}” has no version {reference.version}.",
            node_id=node_id,
            path="config.version",
        )
    chain = graph.cycle_from(reference.workflow_id, workflow_id)
    if chain is None:
        return None
    names = [graph.name(w, workflow_id) for w in chain]
    return Problem(
        "subworkflow_cycle",
        f"This step runs {' → '.join(names)}: a workflow cannot run itself, "
        "directly or through other sub-workflows.",
        node_id=node_id,
        path=reference.path,
    )


@dataclass
class _Graph:
    """What the referenced workflows run, by workflow id (every version read counts)."""

    documents: dict[Key, Referenced]
    runs: dict[str, set[str]]
    """workflow id -> the workflow ids its read versions run."""

    @classmethod
    async def explore(cls, registry: Registry, read: SpecReader, first: list[WorkflowReference]) -> _Graph:
        graph = cls(documents={}, runs={})
        frontier = list(dict.fromkeys((r.workflow_id, r.version) for r in first if r.workflow_id is not None))
        while frontier and len(graph.documents) < MAX_DOCUMENTS:
            frontier = frontier[: MAX_DOCUMENTS - len(graph.documents)]
            found = await read(frontier)
            following: list[Key] = []
            for key in frontier:
                row = found.get(key) or {}
                referenced = Referenced(bool(row.get("exists")), row.get("name"), row.get("spec"))
                graph.documents[key] = referenced
                targets = graph.runs.setdefault(key[0], set())
                for reference in _references(registry, referenced.spec):
                    assert reference.workflow_id is not None
                    targets.add(reference.workflow_id)
                    next_key = (reference.workflow_id, reference.version)
                    if next_key not in graph.documents and next_key not in following:
                        following.append(next_key)
            frontier = [k for k in following if k not in graph.documents]
        return graph

    def name(self, workflow_id: str, current: str | None) -> str:
        if workflow_id == current:
            return "this workflow"
        names = [d.name for (w, _), d in self.documents.items() if w == workflow_id and d.name]
        return f"“{names[0]}”" if names else f"workflow {workflow_id}"

    def cycle_from(self, start: str, current: str | None) -> list[str] | None:
        """The workflows from `start` to one that is already on the chain (`current`, the
        workflow being checked, is where every chain begins), or None if none comes back."""
        done: set[str] = set()
        path: list[str] = [current] if current is not None else []

        def visit(workflow: str) -> list[str] | None:
            if workflow in path:
                return [*path, workflow]
            if workflow in done:
                return None
            path.append(workflow)
            for target in sorted(self.runs.get(workflow, ())):
                found = visit(target)
                if found is not None:
                    return found
            path.pop()
            done.add(workflow)
            return None

        chain = visit(start)
        return chain[1:] if chain is not None and current is not None else chain


def _references(registry: Registry, spec: Mapping[str, Any] | None) -> list[WorkflowReference]:
    if spec is None:
        return []
    try:
        doc = decode_workflow(spec)
    except SpecError:
        return []
    return [r for _, r in registry.workflow_references(doc) if r.workflow_id is not None]
