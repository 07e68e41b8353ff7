"""Reading what templates reference, with and without Jinja's parser."""

from __future__ import annotations

import pytest

from orrery.spec import Reference, Scan, parse_path, scan_expression, scan_template


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


# --- limits: a template the parser cannot take is refused before it is parsed ---------------

TOO_COMPLEX = {
    "70 nested parentheses": ("{{ " + "(" * 70 + "inputs.a" + ")" * 70 + " }}", "20 levels"),
    "16,000 chained filters": ("{{ inputs.a" + "|upper" * 16_000 + " }}", "10,000"),
    "3,000 nested ifs": ("{% if inputs.a %}" * 3000 + "x" + "{% endif %}" * 3000, "20 levels"),
    "a 30,000-term sum": ("{{ " + "+".join(["1"] * 30_000) + " }}", "10,000"),
    "60 chained filters": ("{{ inputs.a" + "|upper" * 60 + " }}", "50 levels"),
    "500 nots": ("{{ " + "not " * 500 + "inputs.a }}", "50 levels"),
    "a long path": ("{{ inputs" + ".a" * 60 + " }}", "50 levels"),
    "a long chain of conditions": ("{{ " + "1 if inputs.a else " * 200 + "2 }}", "50 levels"),
    "an over-long template": ("{{ inputs.a }}" + "x" * 100_001, "100,000"),
}


@pytest.mark.parametrize("case", sorted(TOO_COMPLEX))
def test_a_template_past_the_limits_is_too_complex_and_says_which_limit(case: str) -> None:
    # Given a template that nests or chains far past what the parser handles
    text, limit = TOO_COMPLEX[case]
    # When it is scanned (validation), then it is refused as too complex, naming the limit
    scan = scan_template(text)
    assert scan.too_complex, scan
    assert "too complex" in (scan.error or "")
    assert limit in (scan.error or "")


@pytest.mark.parametrize(
    "text",
    [
        "(" * 70 + "inputs.a" + ")" * 70,
        "inputs.a" + "|upper" * 16_000,
        " + ".join(["1"] * 30_000),
        "not " * 500 + "inputs.a",
        "inputs" + ".a" * 60,
    ],
)
def test_an_expression_past_the_limits_is_too_complex(text: str) -> None:
    scan = scan_expression(text)
    assert scan.too_complex, scan
    assert "too complex" in (scan.error or "")


AT_THE_LIMITS = {
    "20 nested parentheses": "{{ " + "(" * 20 + "inputs.a" + ")" * 20 + " }}",
    "20 nested ifs": "{% if inputs.a %}" * 20 + "{{ inputs.a }}" + "{% endif %}" * 20,
    "45 chained filters": "{{ inputs.a" + "|upper" * 45 + " }}",
    "a 45-term sum": "{{ " + " + ".join(["inputs.n"] * 45) + " }}",
    "many references": "{{ inputs.a }} " * 1000,
}


@pytest.mark.parametrize("case", sorted(AT_THE_LIMITS))
async def test_a_template_within_the_limits_scans_compiles_and_renders_from_a_deep_stack(case: str) -> None:
    from orrery.nodes.templates import compile_issue, render

    text = AT_THE_LIMITS[case]

    # Given a template just within the limits, read from a call stack already 200 frames deep
    def deep(frames: int) -> tuple[Scan, str | None]:
        return deep(frames - 1) if frames else (scan_template(text), compile_issue(text))

    scan, issue = deep(200)
    # Then it is valid, compiles, and renders
    assert scan.error is None
    assert issue is None
    assert await render(text, {"inputs": {"a": "x", "n": 1}})
