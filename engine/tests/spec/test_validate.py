"""The validator: every problem code, each with a document that has it and a fixed one that does not."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from orrery.nodes import default_registry
from orrery.spec import MAX_NODES, Problem, decode_workflow, validate
from tests.spec.documents import chain, document, edge, node, pipeline

Doc = dict[str, Any]


def problems_of(data: Doc) -> list[Problem]:
    return validate(decode_workflow(data), default_registry())


def codes_of(data: Doc) -> list[str]:
    return [p.code for p in problems_of(data)]


def _router(routes: list[str], default: str | None = "else") -> dict[str, Any]:
    return node(
        "route",
        "router",
        routes=[
            {"name": r, "condition": {"left": "inputs.topic", "op": "equals", "right": r}} for r in routes
        ],
        default_route=default,
    )


def _routed(extra_edges: list[dict[str, Any]], routes: list[str], default: str | None = "else") -> Doc:
    nodes = [node("start", "input"), _router(routes, default), node("yes"), node("end", "output")]
    edges = [edge("start", "route"), *extra_edges, edge("yes", "end")]
    return document(nodes, edges, topic={"type": "string"})


def _too_many(count: int) -> Doc:
    return pipeline(*[node(f"n{i}") for i in range(count)])


CASES: dict[str, tuple[Callable[[], Doc], Callable[[], Doc]]] = {
    # code: (a document with the problem, the same document fixed)
    "invalid_input": (
        lambda: document(
            [node("start", "input"), node("end", "output")],
            [edge("start", "end")],
            tone={"type": "string", "enum": ["calm", 3], "default": "loud"},
        ),
        lambda: document(
            [node("start", "input"), node("end", "output")],
            [edge("start", "end")],
            tone={"type": "string", "enum": ["calm", "loud"], "default": "loud"},
        ),
    ),
    "too_many_nodes": (lambda: _too_many(MAX_NODES), lambda: _too_many(MAX_NODES - 2)),
    "too_many_edges": (lambda: chain(MAX_NODES - 2, fan=5), lambda: chain(MAX_NODES - 2, fan=4)),
    "duplicate_node_id": (
        lambda: pipeline(node("a"), node("a")),
        lambda: pipeline(node("a"), node("b")),
    ),
    "duplicate_edge_id": (
        lambda: {**pipeline(node("a")), "edges": [edge("start", "a", id="e"), edge("a", "end", id="e")]},
        lambda: {**pipeline(node("a")), "edges": [edge("start", "a", id="e1"), edge("a", "end", id="e2")]},
    ),
    "dangling_edge": (
        lambda: {**pipeline(node("a")), "edges": [edge("start", "a"), edge("a", "ghost"), edge("a", "end")]},
        lambda: {**pipeline(node("a")), "edges": [edge("start", "a"), edge("a", "end")]},
    ),
    "self_loop": (
        lambda: {**pipeline(node("a")), "edges": [edge("start", "a"), edge("a", "a"), edge("a", "end")]},
        lambda: pipeline(node("a")),
    ),
    "duplicate_edge": (
        lambda: {
            **pipeline(node("a")),
            "edges": [edge("start", "a"), edge("start", "a", id="again"), edge("a", "end")],
        },
        lambda: pipeline(node("a")),
    ),
    "cycle": (
        lambda: {
            **pipeline(node("a"), node("b")),
            "edges": [edge("start", "a"), edge("a", "b"), edge("b", "a"), edge("b", "end")],
        },
        lambda: pipeline(node("a"), node("b")),
    ),
    "unknown_node_type": (
        lambda: pipeline(node("a", "teleport")),
        lambda: pipeline(node("a", "transform")),
    ),
    "invalid_config": (
        lambda: pipeline(node("a", "http", url="https://example.com", timeout_s=-1)),
        lambda: pipeline(node("a", "http", url="https://example.com", timeout_s=5)),
    ),
    "invalid_template": (
        lambda: pipeline(node("a", template="{{ inputs.topic ")),
        lambda: pipeline(node("a", template="{{ inputs.topic }}")),
    ),
    "template_too_complex": (
        lambda: pipeline(node("a", template="{{ " + "(" * 70 + "inputs.topic" + ")" * 70 + " }}")),
        lambda: pipeline(node("a", template="{{ " + "(" * 20 + "inputs.topic" + ")" * 20 + " }}")),
    ),
    "unknown_reference": (
        lambda: pipeline(node("a", template="{{ steps.b.output }}"), node("b")),
        lambda: pipeline(node("a"), node("b", template="{{ steps.a.output }}")),
    ),
    "unknown_handle": (
        lambda: _routed([edge("route", "yes", handle="yes"), edge("route", "end", handle="maybe")], ["yes"]),
        lambda: _routed([edge("route", "yes", handle="yes"), edge("route", "end", handle="else")], ["yes"]),
    ),
    "router_handle_unconnected": (
        lambda: _routed([edge("route", "yes", handle="yes")], ["yes", "no"]),
        lambda: _routed(
            [edge("route", "yes", handle="yes"), edge("route", "end", handle="no")], ["yes", "no"]
        ),
    ),
    "missing_input_node": (
        lambda: document([node("a"), node("end", "output")], [edge("a", "end")]),
        lambda: document([node("a", "input"), node("end", "output")], [edge("a", "end")]),
    ),
    "missing_output_node": (
        lambda: document([node("start", "input"), node("a")], [edge("start", "a")]),
        lambda: document([node("start", "input"), node("a", "output")], [edge("start", "a")]),
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_problem_code_is_found_and_goes_away_when_fixed(code: str) -> None:
    broken, fixed = CASES[code]

    # Given a document with the problem, when it is validated, then the code is reported
    assert code in codes_of(broken()), problems_of(broken())

    # Given the same document fixed, then it is valid
    assert problems_of(fixed()) == []


def test_all_problems_are_reported_at_once_with_their_ids() -> None:
    # Given a document that is wrong in several independent ways
    data = pipeline(node("a", "teleport"), node("b", "http", url="ftp://x"), node("c", template="{{ nope }}"))
    data["edges"].append(edge("c", "ghost", id="loose"))

    # When it is validated
    problems = problems_of(data)

    # Then every problem is there, attached to its node or edge
    found = {(p.code, p.node_id, p.edge_id) for p in problems}
    assert ("unknown_node_type", "a", None) in found
    assert ("invalid_config", "b", None) in found
    assert ("unknown_reference", "c", None) in found
    assert ("dangling_edge", None, "loose") in found


def test_config_problems_point_at_the_field() -> None:
    # Given an http node whose timeout breaks the type's constraint, and a router with a bad route name
    data = pipeline(node("a", "http", url="https://example.com", timeout_s=-1))
    data_router = _routed([edge("route", "yes", handle="yes")], ["yes"])
    data_router["nodes"][1]["config"]["routes"][0]["name"] = "has space"

    # Then the problems name the config path
    (problem,) = problems_of(data)
    assert (problem.path, problem.node_id) == ("config.timeout_s", "a")
    assert "Expected `float` > 0" in problem.message
    paths = {p.path for p in problems_of(data_router) if p.code == "invalid_config"}
    assert paths == {"config.routes[0].name"}


def test_a_missing_required_config_field_is_named() -> None:
    (problem,) = problems_of(pipeline(node("a", "http")))
    assert (problem.code, problem.path) == ("invalid_config", "config.url")


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{{ steps.a.output }}", "own output"),
        ("{{ steps.b.output }}", "not upstream"),
        ("{{ steps.ghost.output }}", "no node `ghost`"),
        ("{{ inputs.colour }}", "not a declared input"),
        ("{{ vault.key }}", "`vault` is not defined"),
        ("{{ secrets }}", "one secret at a time, by name"),
        ("{{ secrets.API_KEY.part }}", "is text"),
        ("{% for x in steps.b.output %}{{ x }}{% endfor %}", "not upstream"),
        ("{{ steps['b'].output | upper }}", "not upstream"),
    ],
)
def test_references_must_be_declared_inputs_or_upstream_nodes(template: str, words: str) -> None:
    # Given node `a` before `b`, with a template reading something it may not
    data = pipeline(node("a", template=template), node("b"))

    # When it is validated
    problems = [p for p in problems_of(data) if p.code == "unknown_reference"]

    # Then the reference is reported on `a`, at the template's path, in words
    assert problems, template
    assert problems[0].node_id == "a"
    assert problems[0].path == "config.template"
    assert words in problems[0].message


def test_references_through_indirect_upstream_nodes_and_loop_variables_are_fine() -> None:
    template = (
        "{{ steps.start.output.topic }}{% for x in steps.a.output %}{{ x.y }}{{ loop.index }}{% endfor %}"
    )
    data = pipeline(node("a"), node("b"), node("c", template=template))
    assert problems_of(data) == []


def test_router_condition_references_and_pick_paths_are_checked() -> None:
    # Given a router reading a downstream node and a transform picking an undeclared input
    data = _routed([edge("route", "yes", handle="yes")], ["yes"], default=None)
    data["nodes"][1]["config"]["routes"][0]["condition"] = {
        "all": [{"left": "steps.yes.output", "op": "exists"}, {"left": "inputs.topic", "op": "exists"}]
    }
    data["nodes"][2]["config"] = {"mode": "pick", "pick": {"t": "inputs.title"}}

    # Then both are reported, each at its path
    found = {(p.node_id, p.path) for p in problems_of(data) if p.code == "unknown_reference"}
    assert found == {("route", "config.routes[0].condition.all[0].left"), ("yes", "config.pick.t")}


def test_an_unknown_filter_is_a_config_problem() -> None:
    (problem,) = problems_of(pipeline(node("a", template="{{ inputs.topic | shout }}")))
    assert (problem.code, problem.path) == ("invalid_config", "config.template")
    assert "shout" in problem.message


def test_an_approval_edge_must_name_approved_or_rejected() -> None:
    # Given an approval without a rejected handle, wired from its default output
    data = pipeline(node("review", "approval"))
    assert "unknown_handle" in codes_of(data)

    # When the edge names `approved`, it is valid; `rejected` needs the node to have it
    data["edges"][1]["source_handle"] = "approved"
    assert problems_of(data) == []
    data["edges"][1]["source_handle"] = "rejected"
    assert "unknown_handle" in codes_of(data)
    data["nodes"][1]["config"]["rejected_handle"] = True
    assert problems_of(data) == []


def test_an_unconnected_else_is_allowed() -> None:
    data = _routed([edge("route", "yes", handle="yes")], ["yes"], default="else")
    assert problems_of(data) == []


def test_the_cycle_message_names_its_nodes() -> None:
    data = copy.deepcopy(CASES["cycle"][0]())
    (problem,) = [p for p in problems_of(data) if p.code == "cycle"]
    assert problem.node_id == "a"
    assert "a -> b -> a" in problem.message
