"""The workflow version a run pinned, decoded once into the typed document (`spec`), each
node bound to its type (`nodes`): the graph the runner schedules, and what it asks nodes.

The runner never names a node type: it asks a node whether it is pure, what it reads,
how to execute, how long a waiting result waits, what it adds to the run's outputs, and,
for a container, how its body runs (`container`). Each level (the top level, each
container's body) is a graph of its own (`level`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from orrery.errors import StepError
from orrery.nodes import BoundNode, NodeContext, NodeError, NodeResult, Registry, StepPolicy, Verdict
from orrery.nodes.registry import BoundContainer
from orrery.spec import Graph, Nesting, SpecError, Workflow, decode_workflow


class PlannedNode(Protocol):
    """A node as the runner asks it (a `BoundNode`, or an `Unbindable` one)."""

    @property
    def pure(self) -> bool: ...

    @property
    def policy(self) -> StepPolicy: ...

    @property
    def default_handle(self) -> str | None: ...

    @property
    def reads(self) -> frozenset[str] | None: ...

    @property
    def secrets(self) -> frozenset[str]: ...

    async def execute(self, ctx: NodeContext) -> NodeResult: ...

    def wait_limit_s(self) -> float | None: ...

    def resume(self, pending: Any, verdict: Verdict) -> NodeResult: ...

    def on_timeout(self, pending: Any) -> Verdict: ...

    def run_output(self) -> str | None: ...

    @property
    def container(self) -> BoundContainer | None: ...


ONE_ATTEMPT = StepPolicy(timeout_s=None, max_attempts=1)


@dataclass(frozen=True, slots=True)
class Unbindable:
    """A node this build cannot bind (its type or config changed since the run was validated):
    its step fails with the reason."""

    error: StepError
    pure: bool = True
    policy: StepPolicy = ONE_ATTEMPT
    default_handle: str | None = None
    reads: frozenset[str] | None = frozenset()
    secrets: frozenset[str] = frozenset()

    async def execute(self, ctx: NodeContext) -> NodeResult:
        raise self.error

    def wait_limit_s(self) -> float | None:
        return None

    def resume(self, pending: Any, verdict: Verdict) -> NodeResult:
        raise self.error

    def on_timeout(self, pending: Any) -> Verdict:
        raise self.error

    def run_output(self) -> str | None:
        return None

    @property
    def container(self) -> BoundContainer | None:
        return None


@dataclass(frozen=True, slots=True)
class RunPlan:
    doc: Workflow
    graph: Graph
    """The top level's graph (the nodes outside every container)."""
    nodes: Mapping[str, PlannedNode]
    nesting: Nesting

    @classmethod
    def build(cls, doc: Workflow, registry: Registry) -> RunPlan:
        nodes: dict[str, PlannedNode] = {}
        for node in doc.nodes:
            try:
                nodes[node.id] = registry.bind(node, doc.settings.node_defaults)
            except NodeError as exc:
                nodes[node.id] = Unbindable(exc)
        nesting = Nesting(doc)
        return cls(doc=doc, graph=nesting.level(None), nodes=nodes, nesting=nesting)

    @classmethod
    def of(cls, spec: Mapping[str, Any] | None, registry: Registry) -> RunPlan | None:
        """The plan of a stored document; None when it is missing or no longer decodes."""
        if spec is None:
            return None
        try:
            return cls.build(decode_workflow(spec), registry)
        except SpecError:
            return None

    @classmethod
    def empty(cls) -> RunPlan:
        doc = Workflow(schema="orrery.workflow/v1")
        nesting = Nesting(doc)
        return cls(doc=doc, graph=nesting.level(None), nodes={}, nesting=nesting)

    def default_handle(self, node_id: str) -> str | None:
        return self.nodes[node_id].default_handle

    def body(self, container: str) -> Graph:
        """The graph of a container's body: what one of its iterations schedules."""
        return self.nesting.level(container)


PLANS_KEPT = 256
"""Plans a worker process keeps (least recently used first out)."""


class PlanCache:
    """The plans of the workflow versions this worker process executed lately, so a run of a
    version seen before neither reads its spec from Postgres nor decodes and binds it again.

    A version's spec never changes (a changed workflow makes a new version), so a plan is keyed
    by what the spec is: its owner and its `spec_hash` (sha256 of the stored document, computed
    by Postgres). The owner is part of the key: a plan is only ever served to runs of the user
    whose spec it came from, and only after Postgres, under that user's RLS, answered with the
    run's version and its hash (`lease.claim`). A plan is shared by the runs of its version: it
    is immutable (the graphs memoize only what follows from the document)."""

    def __init__(self, size: int = PLANS_KEPT) -> None:
        self._size = size
        self._plans: OrderedDict[tuple[str, str], RunPlan] = OrderedDict()
        """Every kept plan, least recently used first (what is evicted past `size`)."""
        self._by_owner: dict[str, dict[str, RunPlan]] = {}
        """The same plans by owner, then spec hash: a claim asks for one owner's."""
        self.built = 0
        """Plans decoded and bound (what a test of "served from the cache" reads)."""

    def known(self, owner_id: str) -> dict[str, RunPlan]:
        """The plans kept for this owner, by spec hash (a snapshot: what a claim may skip)."""
        return dict(self._by_owner.get(owner_id, {}))

    def plan(
        self,
        owner_id: str,
        spec_hash: str | None,
        spec: Mapping[str, Any] | None,
        registry: Registry,
        known: Mapping[str, RunPlan],
    ) -> RunPlan | None:
        """The plan of the run's version: the kept one when Postgres left the spec out because
        its hash was `known`, otherwise decoded from `spec` (and kept). None: the version is
        gone or no longer decodes."""
        if spec is None:
            found = known.get(spec_hash) if spec_hash is not None else None
            if found is not None and spec_hash is not None:
                self._keep(owner_id, spec_hash, found)
            return found
        built = RunPlan.of(spec, registry)
        self.built += 1
        if built is not None and spec_hash is not None:
            self._keep(owner_id, spec_hash, built)
        return built

    def _keep(self, owner_id: str, spec_hash: str, plan: RunPlan) -> None:
        key = (owner_id, spec_hash)
        self._plans[key] = plan
        self._plans.move_to_end(key)
        self._by_owner.setdefault(owner_id, {})[spec_hash] = plan
        while len(self._plans) > self._size:
            (owner, evicted), _ = self._plans.popitem(last=False)
            owners_plans = self._by_owner[owner]
            del owners_plans[evicted]
            if not owners_plans:
                del self._by_owner[owner]


__all__ = ["BoundNode", "PlanCache", "PlannedNode", "RunPlan", "Unbindable"]
