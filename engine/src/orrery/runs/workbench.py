"""The editor as a workbench: test one node, pin outputs, fork a run from one of its steps.

A test run and a fork are runs like any other (durable, budget-bound, in the history, on the
real runner), recorded by `RunService.record` with a `kind` and the steps they start with:
upstream steps *seeded* as already finished (`transitions.step_seeded`: output, live handles,
`seeded_from`), never executed. The runner restores a run from its step rows, so it finds them
finished exactly as it finds a retry's upstream, and executes only what is left:

- a test run (`kind="test"`) executes one node. Its upstream is seeded, per node, from the
  output edited in the request, else the node's pin, else its newest finished step in any run
  of the workflow; every other node is seeded `skipped`. The target's direct predecessors are
  seeded with every handle live (a router's untaken route included): the node under test runs.
- a fork (`kind="fork"`, `forked_from_run_id`/`forked_from_step`) executes `from_node` and
  everything downstream; every other node the origin finished is seeded from the origin (or
  from an edited output: the fork's changed input).

Pins (`workflow_pins`) are read here only: a normal run never sees them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from orrery.events import transitions as t
from orrery.runs.errors import (
    NotForkable,
    NotPinnable,
    NotTestable,
    RunNotFound,
    RunStillActive,
    WorkflowNotFound,
)
from orrery.runs.models import ForkRequest, NodeTestRequest, PinRead, RunRead
from orrery.runs.service import ACTIVE, RunService
from orrery.spec import Graph, Nesting, Workflow
from orrery.spec.document import IDENTIFIER_PATTERN
from orrery.store import pins as pin_store
from orrery.store import runs as run_store
from orrery.store import workflows as workflow_store
from orrery.store.database import Connection

PIN = "pin"
NODE_ID = re.compile(IDENTIFIER_PATTERN)
"""What a node id may be (the workflow document's rule): what a pin is kept under."""


@dataclass(frozen=True, slots=True)
class Seed:
    """What one top-level node starts as: finished with `output` (None: `skipped`)."""

    status: str
    output: Any = None
    handles: list[str] | None = None
    source: str = PIN


def seeds_for_test(
    graph: Graph,
    target: str,
    earlier: Mapping[str, Mapping[str, Any]],
    pins: Mapping[str, Any],
    edited: Mapping[str, Any],
) -> tuple[dict[str, Seed], list[str]]:
    """(node -> its seed, the upstream nodes that have nothing to be seeded with) for a test of
    `target`: every node but the target is seeded. A node upstream only of pinned or edited nodes
    needs no output (it is skipped when it has none)."""
    upstream = graph.upstream(target)
    needed = _needed(graph, target, stop=set(pins) | set(edited))
    direct = set(graph.predecessors(target))
    seeds: dict[str, Seed] = {}
    missing: list[str] = []
    for node in graph.nodes:
        if node == target:
            continue
        if node not in upstream:
            seeds[node] = Seed("skipped")
            continue
        if node in edited or node in pins:
            output = edited[node] if node in edited else pins[node]
            seeds[node] = Seed("succeeded", output, None)
        elif node in earlier and earlier[node]["status"] == "succeeded":
            row = earlier[node]
            handles = None if node in direct else row["handles"]
            seeds[node] = Seed("succeeded", row["output"], handles, str(row["run_id"]))
        elif node in earlier or node not in needed:
            seeds[node] = Seed("skipped")
        else:
            missing.append(node)
    return seeds, missing


def fork_seeds(
    graph: Graph,
    from_node: str,
    origin: Mapping[str, Mapping[str, Any]],
    origin_id: str,
    edited: Mapping[str, Any],
) -> dict[str, Seed]:
    """node -> its seed for a fork from `from_node`: every node outside `from_node` and its
    downstream that the origin finished (or whose output is edited); the rest executes."""
    again = {from_node, *graph.downstream(from_node)}
    seeds: dict[str, Seed] = {}
    for node in graph.nodes:
        if node in again:
            continue
        if node in edited:
            seeds[node] = Seed("succeeded", edited[node], None)
            continue
        row = origin.get(node)
        if row is not None and row["status"] == "succeeded":
            seeds[node] = Seed("succeeded", row["output"], row["handles"], origin_id)
        elif row is not None and row["status"] == "skipped":
            seeds[node] = Seed("skipped")
    return seeds


def seed_change(run_id: str, seeds: Mapping[str, Seed]) -> t.Change:
    """The rows and events of a new run's seeded steps."""
    changes = [
        t.step_seeded(run_id, node, output=s.output, handles=s.handles, seeded_from=s.source)
        if s.status == "succeeded"
        else t.step_skipped(run_id, node, 1)
        for node, s in seeds.items()
    ]
    return t.combine(changes) if changes else t.Change()


@dataclass
class Workbench:
    """Test runs, pins and forks, on top of `RunService` (which records and hands out every run)."""

    runs: RunService

    # -- test one node ---------------------------------------------------------------------
    async def test_node(
        self, claims: Mapping[str, Any], workflow_id: str, request: NodeTestRequest
    ) -> RunRead:
        """Record and enqueue a test run of `request.node_id`."""
        target = request.node_id

        async def seed(conn: Connection, run_id: str, doc: Workflow) -> t.Change:
            graph = _top_level(doc, target, NotTestable)
            upstream = sorted(graph.upstream(target))
            earlier = {
                r["node_id"]: r for r in await run_store.latest_finished_steps(conn, workflow_id, upstream)
            }
            pinned = {p["node_id"]: p["output"] for p in await pin_store.list_pins(conn, workflow_id)}
            pinned.pop(target, None)  # the node under test executes
            _known(graph, request.outputs, NotTestable)
            seeds, missing = seeds_for_test(graph, target, earlier, pinned, request.outputs)
            direct = graph.predecessors(target)
            if not missing and direct and all(seeds[n].status == "skipped" for n in direct):
                raise NotTestable(
                    f"every node {target} reads from was skipped in the last run ({', '.join(direct)}): "
                    "pin an output on one of them to test it"
                )
            if missing:
                names = ", ".join(missing)
                raise NotTestable(
                    f"no run has an output of {names} yet: run the workflow once, or pin an output on "
                    f"{'them' if len(missing) > 1 else 'it'}",
                    [
                        {"field": f"outputs.{n}", "message": "no output from a run and no pin"}
                        for n in missing
                    ],
                )
            return seed_change(run_id, seeds)

        async with self.runs.db.as_user(claims) as conn:
            inputs = request.inputs
            if inputs is None:
                inputs = await run_store.latest_inputs(conn, workflow_id) or {}
            started = await self.runs.record(
                conn, workflow_id, inputs, version=request.version, kind="test", seed=seed
            )
        await self.runs.announce(started)
        return started.run

    # -- pins ---------------------------------------------------------------------------------
    async def pins(self, claims: Mapping[str, Any], workflow_id: str) -> list[PinRead]:
        async with self.runs.db.as_user(claims) as conn:
            await _workflow_exists(conn, workflow_id)
            rows = await pin_store.list_pins(conn, workflow_id)
        return [msgspec.convert(row, PinRead) for row in rows]

    async def pin(self, claims: Mapping[str, Any], workflow_id: str, node_id: str, output: Any) -> PinRead:
        """Pin `output` on a node of the workflow (any node id: a pin may precede the node's save)."""
        if not NODE_ID.match(node_id):
            raise NotPinnable(
                f"{node_id[:60]!r} is not a node id (letters, digits and _, not starting with a digit; "
                "at most 64 characters)",
                [{"field": "node_id", "message": "not a node id"}],
            )
        async with self.runs.db.as_user(claims) as conn:
            await _workflow_exists(conn, workflow_id)
            row = await pin_store.put_pin(conn, workflow_id, node_id, output)
        return msgspec.convert(row, PinRead)

    async def unpin(self, claims: Mapping[str, Any], workflow_id: str, node_id: str) -> None:
        async with self.runs.db.as_user(claims) as conn:
            await _workflow_exists(conn, workflow_id)
            await pin_store.delete_pin(conn, workflow_id, node_id)

    # -- forks ----------------------------------------------------------------------------------
    async def fork(self, claims: Mapping[str, Any], run_id: str, request: ForkRequest) -> RunRead:
        """Record and enqueue a fork of a finished run from `request.from_node`."""
        from_node = request.from_node
        async with self.runs.db.as_user(claims) as conn:
            origin = await run_store.fetch_run(conn, run_id)
            if origin is None:
                raise RunNotFound(f"run {run_id} not found")
            if origin["status"] in ACTIVE:
                raise RunStillActive(f"the run is still {origin['status']}; fork it once it has ended")
            steps = {
                s["node_id"]: s
                for s in await run_store.current_steps(conn, run_id)
                if s["scope"] == run_store.TOP
            }
            workflow_id = str(origin["workflow_id"])

            async def seed(conn: Connection, new_id: str, doc: Workflow) -> t.Change:
                graph = _top_level(doc, from_node, NotForkable)
                _known(graph, request.outputs, NotForkable)
                kept = set(graph.nodes) - {from_node, *graph.downstream(from_node)}
                lost = sorted(n for n in kept if n in graph.upstream(from_node) and n not in steps)
                if lost:
                    raise NotForkable(
                        f"the origin run has no step of {', '.join(lost)} (upstream of {from_node})"
                    )
                return seed_change(new_id, fork_seeds(graph, from_node, steps, run_id, request.outputs))

            started = await self.runs.record(
                conn,
                workflow_id,
                request.inputs if request.inputs is not None else dict(origin["inputs"]),
                version=request.version if request.version is not None else origin["workflow_version"],
                kind="fork",
                forked_from=(run_id, from_node),
                seed=seed,
            )
        await self.runs.announce(started)
        return started.run


def _needed(graph: Graph, target: str, *, stop: set[str]) -> set[str]:
    """The nodes upstream of `target` whose outputs can reach it without passing a pinned one."""
    seen: set[str] = set()
    stack = list(graph.predecessors(target))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node not in stop:
            stack.extend(graph.predecessors(node))
    return seen


def _top_level(doc: Workflow, node_id: str, error: type[NotTestable] | type[NotForkable]) -> Graph:
    nesting = Nesting(doc)
    if node_id not in nesting.parent:
        raise error(
            f"{node_id!r} is not a node of this workflow version",
            [{"field": "node_id", "message": "unknown node"}],
        )
    container = nesting.parent[node_id]
    if container is not None:
        raise error(f"`{node_id}` runs inside `{container}`: test or fork `{container}` instead")
    return nesting.level(None)


def _known(graph: Graph, outputs: Mapping[str, Any], error: type[NotTestable] | type[NotForkable]) -> None:
    unknown = sorted(set(outputs) - set(graph.nodes))
    if unknown:
        raise error(
            f"`outputs` names nodes that are not top-level nodes of this version: {', '.join(unknown)}",
            [{"field": f"outputs.{n}", "message": "unknown node"} for n in unknown],
        )


async def _workflow_exists(conn: Connection, workflow_id: str) -> None:
    if not await workflow_store.exists(conn, workflow_id):
        raise WorkflowNotFound(f"workflow {workflow_id} not found")
