"""The workflow as a graph: adjacency, topological order, upstream/downstream sets.

Everything is O(V + E) (upstream membership uses one bitset per node, built once in
topological order), so the validator and the runner can afford to ask often.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from orrery.spec.errors import CycleError

if TYPE_CHECKING:
    from orrery.spec.document import Edge, Workflow


class Graph:
    """Nodes and the edges between known nodes. Duplicate node ids count once; edges
    with an unknown end are left out (the validator reports them)."""

    def __init__(self, node_ids: Iterable[str], edges: Iterable[Edge]) -> None:
        self.nodes: tuple[str, ...] = tuple(dict.fromkeys(node_ids))
        self._index = {node: i for i, node in enumerate(self.nodes)}
        self._in: dict[str, list[Edge]] = {node: [] for node in self.nodes}
        self._out: dict[str, list[Edge]] = {node: [] for node in self.nodes}
        for edge in edges:
            if edge.source in self._index and edge.target in self._index:
                self._out[edge.source].append(edge)
                self._in[edge.target].append(edge)
        self._ancestors: list[int | None] | None = None
        self._order: tuple[list[str], list[str]] | None = None

    @classmethod
    def from_workflow(cls, doc: Workflow) -> Graph:
        return cls((node.id for node in doc.nodes), doc.edges)

    def __contains__(self, node: object) -> bool:
        return node in self._index

    def incoming(self, node: str) -> list[Edge]:
        return self._in[node]

    def outgoing(self, node: str) -> list[Edge]:
        return self._out[node]

    def predecessors(self, node: str) -> list[str]:
        return list(dict.fromkeys(edge.source for edge in self._in[node]))

    def successors(self, node: str) -> list[str]:
        return list(dict.fromkeys(edge.target for edge in self._out[node]))

    def roots(self) -> list[str]:
        return [node for node in self.nodes if not self._in[node]]

    def sinks(self) -> list[str]:
        return [node for node in self.nodes if not self._out[node]]

    def topological_order(self) -> list[str]:
        """Every node after all its predecessors; ties in document order. Raises `CycleError`."""
        order, rest = self._kahn()
        if rest:
            raise CycleError(rest)
        return order

    def has_cycle(self) -> bool:
        return bool(self._kahn()[1])

    def upstream(self, node: str) -> set[str]:
        """Every node with a path to `node` (not `node` itself, unless it is on a cycle)."""
        return self._reach(node, self._in, lambda e: e.source)

    def downstream(self, node: str) -> set[str]:
        """Every node reachable from `node`."""
        return self._reach(node, self._out, lambda e: e.target)

    def is_upstream(self, candidate: str, of: str) -> bool:
        """Whether `candidate` has a path to `of`; O(1) after a one-time O(V + E) pass."""
        index = self._index
        if candidate not in index or of not in index:
            return False
        ancestors = (self._ancestors or self._ancestor_bits())[index[of]]
        if ancestors is None:  # `of` is on or after a cycle: walk instead
            return candidate in self.upstream(of)
        return bool(ancestors >> index[candidate] & 1)

    def strongly_connected_components(self) -> list[list[str]]:
        """Tarjan's algorithm, iteratively (a 1,000-node chain would overflow recursion)."""
        index_of: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        components: list[list[str]] = []
        counter = 0
        for start in self.nodes:
            if start in index_of:
                continue
            work: list[tuple[str, int]] = [(start, 0)]
            while work:
                node, child = work.pop()
                if child == 0:
                    index_of[node] = low[node] = counter
                    counter += 1
                    stack.append(node)
                    on_stack.add(node)
                out = self._out[node]
                if child < len(out):
                    work.append((node, child + 1))
                    target = out[child].target
                    if target not in index_of:
                        work.append((target, 0))
                    elif target in on_stack:
                        low[node] = min(low[node], index_of[target])
                    continue
                if low[node] == index_of[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
        return components

    def cycles(self) -> list[list[str]]:
        """Groups of nodes that reach each other (a self-loop alone is not listed), in document order."""
        if not self.has_cycle():  # Kahn's pass is cheaper than Tarjan's; only cycles need the latter
            return []
        position = self._index
        found = [
            sorted(c, key=position.__getitem__) for c in self.strongly_connected_components() if len(c) > 1
        ]
        return sorted(found, key=lambda c: position[c[0]])

    # --- internals ------------------------------------------------------------------

    def _kahn(self) -> tuple[list[str], list[str]]:
        if self._order is None:
            remaining = {node: len(self._in[node]) for node in self.nodes}
            ready = deque(node for node in self.nodes if remaining[node] == 0)
            order: list[str] = []
            while ready:
                node = ready.popleft()
                order.append(node)
                for edge in self._out[node]:
                    remaining[edge.target] -= 1
                    if remaining[edge.target] == 0:
                        ready.append(edge.target)
            placed = set(order)
            self._order = (order, [node for node in self.nodes if node not in placed])
        return self._order

    def _ancestor_bits(self) -> list[int | None]:
        if self._ancestors is None:
            bits: list[int | None] = [None] * len(self.nodes)
            index = self._index
            for node in self._kahn()[0]:
                value = 0
                for edge in self._in[node]:
                    i = index[edge.source]
                    value |= bits[i] or 0
                    value |= 1 << i
                bits[index[node]] = value
            self._ancestors = bits
        return self._ancestors

    def _reach(self, node: str, adjacency: dict[str, list[Edge]], step: Callable[[Edge], str]) -> set[str]:
        seen: set[str] = set()
        todo = [node]
        while todo:
            for edge in adjacency[todo.pop()]:
                nxt = step(edge)
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen
