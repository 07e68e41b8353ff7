"""Which nodes are done, running, waiting, and which are ready: the scheduling rules of §7.

A node is ready when every incoming edge is resolved (its source finished);
it runs if at least one incoming edge is live, otherwise it is skipped — so
an untaken branch skips its whole subtree. An edge is live when its source
succeeded and made the edge's handle live (a router's route, an approval's
`approved`/`rejected`); a node that names no handles makes all of them live but
`error`. A failure the node's `error` branch takes (`handled`) finishes the node
too, with `error` its only live handle.

One `RunState` schedules one level: the top level, or one iteration of a
container's body (`runner.frames`).

Readiness is checked only for nodes whose predecessors changed (`set`), so
scheduling a run costs O(nodes + edges), not O(nodes) per step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from orrery.spec import ERROR_HANDLE, Edge, Graph

FINISHED = frozenset({"succeeded", "skipped"})
TERMINAL = frozenset({"succeeded", "skipped", "failed", "cancelled"})


@dataclass(slots=True)
class NodeState:
    status: str = "pending"  # pending | queued | running | waiting | succeeded | failed | skipped | cancelled
    attempt: int = 0
    """The current attempt's number (0: none yet)."""
    executions: int = 0
    """Times a worker started the current attempt."""
    output: Any = None
    handles: list[str] | None = None
    handled: bool = False
    """It failed and its `error` branch took the failure: it is finished, `error` its live handle."""

    @property
    def finished(self) -> bool:
        return self.status in FINISHED or (self.handled and self.status == "failed")


class RunState:
    def __init__(self, graph: Graph, default_handle: Callable[[str], str | None]) -> None:
        self.graph = graph
        self.default_handle = default_handle
        """For a node id, the handle an edge without `source_handle` leaves from (None: any)."""
        self.nodes = {node_id: NodeState() for node_id in graph.nodes}
        self._order = {node_id: i for i, node_id in enumerate(graph.nodes)}
        self._candidates: set[str] = set(graph.nodes)
        """Pending nodes whose readiness may have changed."""

    def load(
        self,
        rows: Iterable[dict[str, Any]],
        highest_attempts: dict[str, int],
        *,
        rerun: frozenset[str] = frozenset(),
    ) -> list[str]:
        """Restore from the current (non-superseded) step rows. Returns the steps a lost worker
        left running: they are pending again, and keep their attempt (it is executed again).
        A step whose status is in `rerun` is pending again too, for a new attempt."""
        interrupted = []
        for node_id, state in self.nodes.items():
            state.attempt = highest_attempts.get(node_id, 0)
        for row in rows:
            found = self.nodes.get(row["node_id"])
            if found is None:
                continue
            state = found
            state.attempt = max(state.attempt, int(row["attempt"]))
            state.status = row["status"]
            state.output = row["output"]
            state.handles = row["handles"]
            state.handled = bool(row.get("handled"))
            state.executions = row["executions"]
            if state.status == "running":
                state.status = "pending"
                interrupted.append(row["node_id"])
            elif state.status in rerun:
                state.status = "pending"
        return self.in_order(interrupted)

    def set(
        self,
        node_id: str,
        status: str,
        *,
        output: Any = None,
        handles: list[str] | None = None,
        handled: bool = False,
    ) -> None:
        """A node's new status (and, when it finished, its output and live handles). `handled`:
        a failure its error branch takes."""
        state = self.nodes[node_id]
        state.status = status
        state.handled = handled and status == "failed"
        if state.finished:
            state.output, state.handles = output, handles
            self._candidates.update(edge.target for edge in self.graph.outgoing(node_id))

    def reopen(self, node_id: str) -> None:
        """A waiting node is to be executed again (a container whose body got a decision)."""
        self.nodes[node_id].status = "pending"
        self._candidates.add(node_id)

    def edge_live(self, edge: Edge) -> bool:
        source = self.nodes[edge.source]
        if not source.finished or source.status == "skipped":
            return False
        if edge.source_handle == ERROR_HANDLE or source.handled:
            return source.handled and edge.source_handle == ERROR_HANDLE
        if source.handles is None:
            return True
        handle = edge.source_handle or self.default_handle(edge.source)
        return handle in source.handles

    def next_decisions(self) -> tuple[list[str], list[str]]:
        """(nodes to run now, nodes to skip now) among the pending ones, in document order."""
        run: list[str] = []
        skip: list[str] = []
        candidates, self._candidates = self.in_order(self._candidates), set()
        for node_id in candidates:
            if self.nodes[node_id].status != "pending":
                continue
            incoming = self.graph.incoming(node_id)
            if not all(self.nodes[e.source].finished for e in incoming):
                continue  # looked at again when one of its sources finishes
            if not incoming or any(self.edge_live(e) for e in incoming):
                run.append(node_id)
            else:
                skip.append(node_id)
        return run, skip

    def step_input(self, node_id: str, reads: frozenset[str] | None) -> dict[str, Any]:
        """The outputs a step reads: those of the upstream steps its templates reference
        (`reads`; None: every upstream step), or, referencing none, of its direct live
        predecessors. A skipped step's output is None."""
        if reads is None:
            return self.upstream_outputs(node_id)
        names = sorted(reads) if reads else self.live_predecessors(node_id)
        return {name: self.nodes[name].output for name in names if name in self.nodes}

    def upstream_outputs(self, node_id: str) -> dict[str, Any]:
        """Outputs of every finished node upstream of `node_id`."""
        return {
            n: self.nodes[n].output
            for n in self.in_order(self.graph.upstream(node_id))
            if self.nodes[n].finished
        }

    def live_predecessors(self, node_id: str) -> list[str]:
        return [e.source for e in self.graph.incoming(node_id) if self.edge_live(e)]

    def live_ancestors(self, node_id: str) -> list[str]:
        """Every node from which a path of live edges leads to `node_id` (its live path)."""
        seen: set[str] = set()
        stack = self.live_predecessors(node_id)
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.live_predecessors(current))
        return self.in_order(seen)

    def with_status(self, *statuses: str) -> list[str]:
        return [n for n, s in self.nodes.items() if s.status in statuses]

    def all_terminal(self) -> bool:
        return all(s.status in TERMINAL for s in self.nodes.values())

    def finished_outputs(self) -> dict[str, Any]:
        """node -> output of every finished node (a skipped one's is None)."""
        return {n: s.output for n, s in self.nodes.items() if s.finished}

    def has_error_branch(self, node_id: str) -> bool:
        return any(edge.source_handle == ERROR_HANDLE for edge in self.graph.outgoing(node_id))

    def in_order(self, node_ids: Iterable[str]) -> list[str]:
        """The nodes in document order."""
        return sorted(node_ids, key=self._order.__getitem__)
