"""Which nodes are done, running, waiting, and which are ready: the scheduling rules of §7.

A node is ready when every incoming edge is resolved (its source finished);
it runs if at least one incoming edge is live, otherwise it is skipped — so
an untaken branch skips its whole subtree. An edge is live when its source
succeeded and made the edge's handle live (a router's route, an approval's
`approved`/`rejected`); a node that names no handles makes all of them live.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from orrery.runner.graph import EdgeDef, Graph

FINISHED = frozenset({"succeeded", "skipped"})
TERMINAL = frozenset({"succeeded", "skipped", "failed", "cancelled"})


@dataclass(slots=True)
class NodeState:
    status: str = "pending"  # pending | queued | running | waiting | succeeded | failed | skipped | cancelled
    attempt: int = 0
    output: Any = None
    handles: list[str] | None = None
    executions: int = 0
    input: Any = None


@dataclass
class RunState:
    graph: Graph
    default_handle: Callable[[str], str | None]
    """For a node id, the handle an edge without `source_handle` leaves from (None: any)."""
    nodes: dict[str, NodeState] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for node_id in self.graph.nodes:
            self.nodes.setdefault(node_id, NodeState())

    def load(self, rows: Iterable[dict[str, Any]], highest_attempts: dict[str, int]) -> None:
        """Restore from the current (non-superseded) step rows."""
        for node_id, state in self.nodes.items():
            state.attempt = highest_attempts.get(node_id, 0)
        for row in rows:
            found = self.nodes.get(row["node_id"])
            if found is None:
                continue
            state = found
            state.status = row["status"]
            state.output = row["output"]
            state.handles = row["handles"]
            state.executions = row["executions"]
            state.input = row["input"]

    def edge_live(self, edge: EdgeDef) -> bool:
        source = self.nodes[edge.source]
        if source.status != "succeeded":
            return False
        if source.handles is None:
            return True
        handle = edge.source_handle or self.default_handle(edge.source)
        return handle in source.handles

    def _resolved(self, edge: EdgeDef) -> bool:
        return self.nodes[edge.source].status in FINISHED

    def next_decisions(self) -> tuple[list[str], list[str]]:
        """(nodes to run now, nodes to skip now) among the pending ones."""
        run: list[str] = []
        skip: list[str] = []
        for node_id, state in self.nodes.items():
            if state.status != "pending":
                continue
            incoming = self.graph.incoming[node_id]
            if not all(self._resolved(e) for e in incoming):
                continue
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
        """Outputs of every succeeded node upstream of `node_id` (templates may reference any)."""
        seen: set[str] = set()
        stack = [e.source for e in self.graph.incoming[node_id]]
        outputs: dict[str, Any] = {}
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            state = self.nodes[current]
            if state.status == "succeeded":
                outputs[current] = state.output
            elif state.status == "skipped":
                outputs[current] = None
            stack.extend(e.source for e in self.graph.incoming[current])
        return outputs

    def live_predecessors(self, node_id: str) -> list[str]:
        return [e.source for e in self.graph.incoming[node_id] if self.edge_live(e)]

    def live_ancestors(self, node_id: str) -> list[str]:
        """Every node from which a path of live edges leads to `node_id` (its live path)."""
        seen: set[str] = set()
        stack = self.live_predecessors(node_id)
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.live_predecessors(current))
        return [n for n in self.graph.nodes if n in seen]

    def with_status(self, *statuses: str) -> list[str]:
        return [n for n, s in self.nodes.items() if s.status in statuses]

    def all_terminal(self) -> bool:
        return all(s.status in TERMINAL for s in self.nodes.values())
