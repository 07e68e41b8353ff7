"""The run's view of a workflow version: nodes, edges and which edges a result makes live."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class NodeDef:
    id: str
    type: str
    config: Mapping[str, Any]
    label: str | None = None
    raw: Mapping[str, Any] | None = None
    """The node as the document has it (the registry decodes it)."""


@dataclass(frozen=True, slots=True)
class EdgeDef:
    id: str
    source: str
    target: str
    source_handle: str | None = None


@dataclass(slots=True)
class Graph:
    nodes: dict[str, NodeDef]
    edges: list[EdgeDef]
    incoming: dict[str, list[EdgeDef]] = field(default_factory=dict)
    outgoing: dict[str, list[EdgeDef]] = field(default_factory=dict)

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> Graph:
        nodes = {
            n["id"]: NodeDef(
                id=n["id"], type=n["type"], config=n.get("config") or {}, label=n.get("label"), raw=n
            )
            for n in spec.get("nodes", [])
        }
        edges = [
            EdgeDef(id=e["id"], source=e["source"], target=e["target"], source_handle=e.get("source_handle"))
            for e in spec.get("edges", [])
        ]
        graph = cls(nodes=nodes, edges=edges)
        for node_id in nodes:
            graph.incoming[node_id] = []
            graph.outgoing[node_id] = []
        for edge in edges:
            graph.incoming[edge.target].append(edge)
            graph.outgoing[edge.source].append(edge)
        return graph

    def downstream(self, start: str) -> list[str]:
        """`start` and every node reachable from it."""
        seen = {start}
        stack = [start]
        while stack:
            for edge in self.outgoing[stack.pop()]:
                if edge.target not in seen:
                    seen.add(edge.target)
                    stack.append(edge.target)
        return [n for n in self.nodes if n in seen]

    def sources(self) -> list[str]:
        return [n for n, edges in self.incoming.items() if not edges]
