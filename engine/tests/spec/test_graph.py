"""Graph helpers the validator and the runner share."""

from __future__ import annotations

import pytest

from orrery.spec import CycleError, Edge, Graph


def graph(*pairs: str, nodes: str = "") -> Graph:
    edges = [Edge(id=p, source=p[0], target=p[1]) for p in pairs]
    ids = list(nodes) or list(dict.fromkeys(c for p in pairs for c in p))
    return Graph(ids, edges)


def test_a_diamond_has_an_order_and_up_and_downstream_sets() -> None:
    # Given a -> b, a -> c, b -> d, c -> d
    g = graph("ab", "ac", "bd", "cd")

    # Then
    assert g.topological_order() == ["a", "b", "c", "d"]
    assert g.upstream("d") == {"a", "b", "c"}
    assert g.downstream("b") == {"d"}
    assert g.is_upstream("a", of="d")
    assert not g.is_upstream("b", of="c")
    assert not g.is_upstream("d", of="d")
    assert g.predecessors("d") == ["b", "c"]
    assert [e.id for e in g.outgoing("a")] == ["ab", "ac"]
    assert g.roots() == ["a"]
    assert g.sinks() == ["d"]
    assert g.cycles() == []


def test_cycles_are_found_and_have_no_order() -> None:
    # Given a -> b -> c -> b and an unrelated d
    g = graph("ab", "bc", "cb", nodes="abcd")

    # Then the cycle is named and ordering refuses
    assert g.cycles() == [["b", "c"]]
    with pytest.raises(CycleError):
        g.topological_order()
    assert g.is_upstream("c", of="b")


def test_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    # Given a 5,000-node chain with a back edge (Tarjan's recursion would overflow)
    ids = [f"n{i}" for i in range(5000)]
    edges = [Edge(id=f"e{i}", source=ids[i], target=ids[i + 1]) for i in range(4999)]
    edges.append(Edge(id="back", source=ids[-1], target=ids[0]))

    # Then the whole chain is one cycle
    (cycle,) = Graph(ids, edges).cycles()
    assert len(cycle) == 5000


def test_edges_to_unknown_nodes_are_left_out() -> None:
    g = Graph(["a"], [Edge(id="e", source="a", target="zz")])
    assert g.outgoing("a") == []
