"""Containers and their bodies: which node belongs to which `map`/`loop` container
(`Node.parent`), and the graph of each level (the top level, each container's body).

A body is a graph of its own: its edges stay inside it (the validator refuses an edge
whose ends have different parents), it runs once per item or iteration, and the runner
schedules each level on its own. Containers nest up to `MAX_NESTING` levels.
"""

from __future__ import annotations

from collections.abc import Iterable

from orrery.spec.document import Workflow
from orrery.spec.graph import Graph

MAX_NESTING = 3
"""Containers a node may be inside (a map in a loop in a map: its body nodes are 3 deep)."""


class Nesting:
    """The containment tree of a document: parents, children, ancestors, each level's graph.
    Duplicate node ids count once (the first); unknown parents and parent cycles are tolerated
    (the validator reports them): `ancestors` stops where the chain breaks."""

    def __init__(self, doc: Workflow) -> None:
        self.parent: dict[str, str | None] = {}
        for node in doc.nodes:
            self.parent.setdefault(node.id, node.parent)
        self.children: dict[str | None, list[str]] = {}
        for node_id, parent in self.parent.items():
            self.children.setdefault(parent, []).append(node_id)
        self._edges = doc.edges
        self._levels: dict[str | None, Graph] = {}

    def ancestors(self, node_id: str) -> list[str]:
        """The containers around `node_id`, nearest first (cut at an unknown parent or a cycle)."""
        found: list[str] = []
        current = self.parent.get(node_id)
        while current is not None and current in self.parent and current not in found and current != node_id:
            found.append(current)
            current = self.parent[current]
        return found

    def in_cycle(self, node_id: str) -> bool:
        """Whether following parents from `node_id` comes back to it."""
        seen: set[str] = set()
        current = self.parent.get(node_id)
        while current is not None and current in self.parent and current not in seen:
            if current == node_id:
                return True
            seen.add(current)
            current = self.parent[current]
        return False

    def body(self, container: str) -> list[str]:
        """The nodes directly inside `container`, in document order."""
        return list(self.children.get(container, ()))

    def level(self, container: str | None) -> Graph:
        """The graph of the top level (None) or of one container's body: its nodes and the
        edges between them."""
        graph = self._levels.get(container)
        if graph is None:
            graph = Graph(self.children.get(container, ()), self._edges)
            self._levels[container] = graph
        return graph

    def containers(self) -> Iterable[str]:
        """Every node that has a body."""
        return (node for node in self.children if node is not None and node in self.parent)
