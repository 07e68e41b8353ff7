"""The validator on containers (map, loop), their bodies, and error branches: each rule with a
document that breaks it and the same document fixed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from orrery.nodes import default_registry
from orrery.spec import Nesting, Problem, decode_workflow, validate
from tests.spec.documents import document, edge, node

Doc = dict[str, Any]


def problems_of(data: Doc) -> list[Problem]:
    return validate(decode_workflow(data), default_registry())


def inside(parent: str, node_id: str, type_: str = "transform", **config: Any) -> dict[str, Any]:
    return {**node(node_id, type_, **config), "parent": parent}


def mapped(*body: dict[str, Any], edges: list[dict[str, Any]] | None = None, **config: Any) -> Doc:
    """input -> map `each` over `inputs.scenes` (with `body`) -> output."""
    return document(
        [
            node("start", "input"),
            node("each", "map", items="{{ inputs.scenes }}", **config),
            *body,
            node("end", "output"),
        ],
        [edge("start", "each"), edge("each", "end"), *(edges or [])],
        scenes={"type": "array"},
    )


def _nested(depth: int) -> Doc:
    nodes = [node("start", "input"), node("c0", "map", items="{{ inputs.scenes }}")]
    for level in range(1, depth):
        nodes.append(inside(f"c{level - 1}", f"c{level}", "map", items="{{ map.item }}"))
    nodes.append(inside(f"c{depth - 1}", "leaf", template="{{ map.item }}"))
    nodes.append(node("end", "output"))
    return document(nodes, [edge("start", "c0"), edge("c0", "end")], scenes={"type": "array"})


CASES: dict[str, tuple[Callable[[], Doc], Callable[[], Doc]]] = {
    "parent_not_container": (
        lambda: {
            **mapped(inside("each", "a")),
            "nodes": [*mapped(inside("each", "a"))["nodes"], inside("end", "b")],
        },
        lambda: mapped(inside("each", "a"), inside("each", "b")),
    ),
    "container_cycle": (
        lambda: document(
            [
                node("start", "input"),
                {**node("m1", "map", items="{{ inputs.scenes }}"), "parent": "m2"},
                {**node("m2", "map", items="{{ inputs.scenes }}"), "parent": "m1"},
                node("end", "output"),
            ],
            [edge("start", "end")],
            scenes={"type": "array"},
        ),
        lambda: _nested(2),
    ),
    "nested_too_deep": (lambda: _nested(4), lambda: _nested(3)),
    "empty_body": (lambda: mapped(), lambda: mapped(inside("each", "a"))),
    "edge_crosses_container": (
        lambda: mapped(inside("each", "a"), edges=[edge("start", "a")]),
        lambda: mapped(inside("each", "a")),
    ),
    "not_allowed_in_body": (
        lambda: mapped(inside("each", "a"), inside("each", "out", "output")),
        lambda: mapped(inside("each", "a")),
    ),
    "error_handle_not_allowed": (
        lambda: document(
            [node("start", "input"), node("end", "output"), node("oops")],
            [edge("start", "end"), edge("start", "oops", handle="error"), edge("oops", "end")],
        ),
        lambda: document(
            [node("start", "input"), node("end", "output"), node("a"), node("oops")],
            [edge("start", "a"), edge("a", "end"), edge("a", "oops", handle="error"), edge("oops", "end")],
        ),
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_container_rule_is_found_and_goes_away_when_fixed(code: str) -> None:
    broken, fixed = CASES[code]

    # Given a document breaking the rule, when it is validated, then the code is reported
    assert code in [p.code for p in problems_of(broken())], problems_of(broken())

    # Given the same document fixed, then it is valid
    assert problems_of(fixed()) == []


def test_a_map_needs_its_items_and_a_loop_its_maximum() -> None:
    # Given a map with no `items` and a loop with no `max_iterations`
    data = document(
        [
            node("start", "input"),
            node("each", "map"),
            inside("each", "a"),
            node("rounds", "loop"),
            inside("rounds", "b"),
            node("end", "output"),
        ],
        [edge("start", "each"), edge("each", "rounds"), edge("rounds", "end")],
    )

    # Then each is a config problem naming the field
    found = {(p.node_id, p.path) for p in problems_of(data) if p.code == "invalid_config"}
    assert found == {("each", "config.items"), ("rounds", "config.max_iterations")}


def test_a_loop_maximum_over_the_operators_is_refused() -> None:
    data = document(
        [
            node("start", "input"),
            node("rounds", "loop", max_iterations=101),
            inside("rounds", "a"),
            node("end", "output"),
        ],
        [edge("start", "rounds"), edge("rounds", "end")],
    )
    (problem,) = problems_of(data)
    assert (problem.code, problem.path) == ("invalid_config", "config.max_iterations")
    assert "ORRERY_LOOP_MAX_ITERATIONS" in problem.message


@pytest.mark.parametrize(
    ("template", "fine"),
    [
        ("{{ map.item }} {{ map.index }}", True),
        ("{{ steps.start.output }} {{ inputs.scenes }}", True),  # upstream of the container
        ("{{ steps.before.output }}", True),  # an earlier step of the same item
        ("{{ steps.after.output }}", False),  # a later one
        ("{{ steps.end.output }}", False),  # downstream of the container
        ("{{ loop.iteration }}", False),  # not inside a loop
        ("{% for x in map.item %}{{ loop.index }}{% endfor %}", True),  # Jinja's own loop
    ],
)
def test_a_body_reads_its_item_its_earlier_steps_and_what_is_upstream_of_its_container(
    template: str, fine: bool
) -> None:
    # Given a body node reading something
    data = mapped(
        inside("each", "before", template="x"),
        inside("each", "node", template=template),
        inside("each", "after", template="y"),
        edges=[edge("before", "node"), edge("node", "after")],
    )
    # A loop elsewhere, so `loop` is a known container variable
    data["nodes"] += [node("rounds", "loop", max_iterations=2), inside("rounds", "r", template="r")]
    data["edges"] += [edge("start", "rounds"), edge("rounds", "end")]

    # When it is validated
    problems = [p for p in problems_of(data) if p.code == "unknown_reference"]

    # Then it is accepted, or refused on that node
    assert (problems == []) == fine, problems
    if not fine:
        assert problems[0].node_id == "node"


def test_outside_a_body_its_steps_and_its_variable_are_not_readable() -> None:
    # Given nodes outside the map reading its body and `map.item`
    data = mapped(inside("each", "a", template="{{ map.item }}"))
    data["nodes"].append(node("after", template="{{ steps.a.output }} {{ map.item }}"))
    data["edges"] += [edge("each", "after"), edge("after", "end")]

    # Then both are refused, saying why
    messages = [p.message for p in problems_of(data) if p.node_id == "after"]
    assert any("inside the container `each`" in m and "steps.each.output" in m for m in messages), messages
    assert any("only defined inside the body of a `map`" in m for m in messages), messages


def test_a_containers_result_and_until_read_its_body_but_its_items_do_not() -> None:
    # Given a map whose result reads its body, and a loop whose until reads its body and result
    data = mapped(
        inside("each", "a", template="{{ map.item }}"), result="{{ steps.a.output }} #{{ map.index }}"
    )
    data["nodes"] += [
        node(
            "rounds",
            "loop",
            max_iterations=3,
            until={
                "all": [{"left": "steps.b.output", "op": "exists"}, {"left": "loop.result", "op": "exists"}]
            },
        ),
        inside("rounds", "b", template="{{ loop.previous }}"),
    ]
    data["edges"] += [edge("start", "rounds"), edge("rounds", "end")]
    assert problems_of(data) == []

    # When the map's items read its own body instead
    data["nodes"][1]["config"]["items"] = "{{ steps.a.output }}"

    # Then that is refused
    (problem,) = problems_of(data)
    assert (problem.code, problem.node_id, problem.path) == ("unknown_reference", "each", "config.items")


def test_any_node_but_input_and_output_may_have_an_error_branch() -> None:
    # Given a router and an approval with error edges beside their named outputs
    data = document(
        [
            node("start", "input"),
            node("review", "approval"),
            node("retry", template="again"),
            node("end", "output"),
        ],
        [
            edge("start", "review"),
            edge("review", "end", handle="approved"),
            edge("review", "retry", handle="error"),
            edge("retry", "end"),
        ],
    )
    assert problems_of(data) == []


def test_nesting_lists_ancestors_and_each_levels_graph() -> None:
    doc = decode_workflow(_nested(3))
    nesting = Nesting(doc)
    assert nesting.ancestors("leaf") == ["c2", "c1", "c0"]
    assert list(nesting.level(None).nodes) == ["start", "c0", "end"]
    assert list(nesting.level("c2").nodes) == ["leaf"]
    assert nesting.body("c0") == ["c1"]
