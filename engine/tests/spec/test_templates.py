"""Reading what templates reference, with and without Jinja's parser."""

from __future__ import annotations

import pytest

from orrery.spec import Reference, parse_path, scan_expression, scan_template


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("no references", ()),
        ("{{ inputs.topic }}", (Reference("inputs", ("topic",)),)),
        ("{{steps.a.output.items[0]}}", (Reference("steps", ("a", "output", "items", 0)),)),
        ("{{ steps['my_node'].output }}", (Reference("steps", ("my_node", "output")),)),
        ("{{ inputs.topic | upper }}", (Reference("inputs", ("topic",)),)),
        ("{{ steps[name].x }}", (Reference("name"), Reference("steps"))),
        ("{% set t = inputs.topic %}{{ t }}", (Reference("inputs", ("topic",)),)),
        ("{% for i in range(3) %}{{ loop.index }}{% endfor %}", ()),
        ("{ {{ inputs.a }} }", (Reference("inputs", ("a",)),)),
    ],
)
def test_template_references(template: str, expected: tuple[Reference, ...]) -> None:
    scan = scan_template(template)
    assert scan.error is None
    assert scan.references == expected


def test_a_syntax_error_is_reported_in_words() -> None:
    assert "syntax error on line 2" in (scan_template("ok\n{% if %}").error or "")
    # `{{{` is not a plain `{{ path }}`: the fast path leaves it to Jinja, which refuses it
    assert scan_template("{{{ inputs.a }}").error is not None


def test_expressions() -> None:
    assert scan_expression("steps.a.output.title").references == (
        Reference("steps", ("a", "output", "title")),
    )
    assert scan_expression("steps.a.output | length").references == (Reference("steps", ("a", "output")),)
    assert scan_expression("a }}{{ b").error is not None
    assert scan_expression("  ").error is not None
    assert parse_path("inputs.x[2]") == Reference("inputs", ("x", 2))
    assert parse_path("inputs.x + 1") is None
    assert Reference("steps", ("a", "items", 0)).dotted() == "steps.a.items[0]"
