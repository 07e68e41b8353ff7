"""Templates render in a sandbox, say what is missing, and render data as JSON.

(What a template may cost is in test_template_bounds.py.)"""

from __future__ import annotations

import pytest

from orrery.nodes import TemplateRenderError
from orrery.nodes.templates import evaluate, render, render_value

SCOPE = {
    "inputs": {"topic": "owls", "count": 3},
    "steps": {"research": {"output": {"title": "Night birds", "facts": ["silent", "round"], "items": 2}}},
}


async def test_references_render_and_data_renders_as_json() -> None:
    text = await render(
        "{{ inputs.topic }}: {{ steps.research.output.facts }} {{ none }}{{ flag }}",
        {**SCOPE, "none": None, "flag": True},
    )
    assert text == 'owls: ["silent", "round"] nulltrue'


async def test_a_key_named_like_a_dict_method_is_the_key() -> None:
    assert await render("{{ steps.research.output.items }}", SCOPE) == "2"


async def test_a_single_expression_keeps_its_type() -> None:
    assert await render_value("{{ steps.research.output }}", SCOPE) == SCOPE["steps"]["research"]["output"]
    assert await render_value("n={{ inputs.count }}", SCOPE) == "n=3"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ steps.research.output.summary }}",
            "`steps.research.output` has no `summary` (it has: title, facts, items)",
        ),
        ("{{ steps.script.output }}", "`steps` has no `script` (it has: research)"),
        ("{{ steps.research.output.facts[5] }}", "has no item [5] (it is a list of 2)"),
        ("{{ inputs.colour | upper }}", "`inputs.colour` is undefined"),
    ],
)
async def test_a_missing_reference_is_named(template: str, message: str) -> None:
    with pytest.raises(TemplateRenderError) as caught:
        await render(template, SCOPE)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ inputs.topic.__class__.__init__.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ lipsum.__globals__ }}",
        "{{ inputs.__class__ }}",
        "{% set x = steps.research.output.facts.append('pwned') %}",
        "{{ steps.research.output.update({'title': 'x'}) }}",
        "{{ 'a' * 100000000 }}",
        "{{ 9 ** 9999999 }}",
        "{% for i in range(2000000) %}{% endfor %}",
        "{% for i in range(1000) %}{% for j in range(2000) %}{% endfor %}{% endfor %}",
        "{% set a = 'x' * 900000 %}{{ a ~ a }}",
    ],
)
async def test_the_sandbox_refuses_escapes_mutation_and_runaway_work(template: str) -> None:
    # Given a template that tries to reach Python internals, mutate data or exhaust the worker
    # When it is rendered, then it fails with a TemplateRenderError (never executes, never hangs)
    with pytest.raises(TemplateRenderError):
        await render(template, SCOPE)
    assert SCOPE["steps"]["research"]["output"]["facts"] == ["silent", "round"]


async def test_expressions_evaluate_with_a_choice_for_missing_values() -> None:
    assert await evaluate("steps.research.output.facts | length", SCOPE) == 2
    assert await evaluate("steps.research.output.nope", SCOPE, missing="null") is None
    with pytest.raises(TemplateRenderError, match="has no `nope`"):
        await evaluate("steps.research.output.nope", SCOPE)


async def test_tojson_is_plain_json() -> None:
    assert await render("{{ inputs | tojson }}", {"inputs": {"html": "<b>&</b>"}}) == '{"html": "<b>&</b>"}'
