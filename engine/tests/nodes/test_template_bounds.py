"""What a template may cost a worker: every attack ends as a clear error, the event loop keeps
running while a costly template renders, and the legitimate starter templates render as before."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from orrery.net import SafeHttpClient
from orrery.nodes import LocalContext, TemplateRenderError, default_registry
from orrery.nodes.errors import TemplateTooComplex, TemplateTooExpensive, TemplateTooLarge
from orrery.nodes.sandbox.compiler import compile_text
from orrery.nodes.templates import configure, limits, render
from orrery.settings import TemplateSettings
from orrery.spec import Node, Reference, decode_workflow, scan_expression, scan_template
from tests.support.memory import PeakRss

SCOPE: dict[str, Any] = {
    "inputs": {"topic": "owls"},
    "steps": {"a": {"output": {"items": [1, 2, 3], "page": "<b>a</b> " * 400_000, "lines": "a\n" * 400_000}}},
}
BIG = "{% set b = 'x' * 900000 %}"
EXPENSIVE = r"1,000,000 operations|more than 5 s"
"""A costly template passes one of its two limits first, depending on how fast this machine is."""

ATTACKS = [
    # (what, template, error, words the message names)
    (
        "a nested loop that outputs little (issue 14)",
        "{% for a in 'x'*999999 %}{% for b in 'x'*999999 %}{% endfor %}{% endfor %}done",
        TemplateTooExpensive,
        EXPENSIVE,
    ),
    (
        "a huge centered string (issue 14)",
        "{{ ('x'|center(1500000000))|length }}",
        TemplateTooLarge,
        "1,000,000",
    ),
    ("a tower of powers", "{{ 2**100**100**100 }}", TemplateTooLarge, "4,096"),
    ("a huge power", "{{ 9 ** 9999999 }}", TemplateTooLarge, "bits"),
    ("a repeated string", "{{ 'a' * 100000000 }}", TemplateTooLarge, "1,000,000"),
    ("a repeated list", "{{ ([1] * 100000000)|length }}", TemplateTooLarge, "100,000"),
    ("a range beyond the budget", "{% for i in range(10**9) %}{% endfor %}", TemplateTooExpensive, "range"),
    ("a huge `%` width", "{{ '%1000000000d' % 1 }}", TemplateTooLarge, "1,000,000"),
    ("a huge `%` precision", "{{ '%.999999999f' % 1.5 }}", TemplateTooLarge, "1,000,000"),
    ("a huge `format` width", "{{ '{:>999999999}'.format(1) }}", TemplateTooLarge, "1,000,000"),
    ("the `format` filter", "{{ '%999999999s'|format('x') }}", TemplateTooLarge, "1,000,000"),
    ("ljust", "{{ 'x'.ljust(10**9) }}", TemplateTooLarge, "1,000,000"),
    ("zfill", "{{ '1'.zfill(10**9) }}", TemplateTooLarge, "1,000,000"),
    ("expandtabs", "{{ ('\t' * 1000).expandtabs(10**7) }}", TemplateTooLarge, "1,000,000"),
    ("int.to_bytes", "{{ (1).to_bytes(10**9, 'big') }}", TemplateTooLarge, "1,000,000"),
    (
        "replace with an empty needle",
        BIG + "{{ ('y' * 1000)|replace('', b) }}",
        TemplateTooLarge,
        "1,000,000",
    ),
    ("str.replace", BIG + "{{ ('y' * 1000).replace('y', b) }}", TemplateTooLarge, "1,000,000"),
    ("indent", "{{ ('a\n' * 1000)|indent(10**6) }}", TemplateTooLarge, "1,000,000"),
    ("wordwrap", BIG + "{{ ('ab ' * 1000)|wordwrap(1, wrapstring=b) }}", TemplateTooLarge, "1,000,000"),
    ("batch padding", "{{ [1]|batch(10**9, 'x')|list }}", TemplateTooLarge, "100,000"),
    ("slice", "{{ [1]|slice(10**9)|list }}", TemplateTooLarge, "100,000"),
    ("tojson indent", "{{ [[[1]]]|tojson(10**8) }}", TemplateTooLarge, "1,000,000"),
    ("join of references", BIG + "{{ ([b] * 1000)|join }}", TemplateTooLarge, "1,000,000"),
    ("str.join of references", BIG + "{{ ''.join([b] * 1000) }}", TemplateTooLarge, "1,000,000"),
    ("a list of references as text", BIG + "{{ [b] * 1000 }}", TemplateTooLarge, "1,000,000"),
    ("a list of references as upper text", BIG + "{{ ([b] * 1000)|upper }}", TemplateTooLarge, "1,000,000"),
    ("a list of references in ~", BIG + "{{ ([b] * 1000) ~ '' }}", TemplateTooLarge, "1,000,000"),
    ("concatenation", BIG + "{{ b ~ b }}", TemplateTooLarge, "1,000,000"),
    ("a sum of strings", BIG + "{{ b + b }}", TemplateTooLarge, "1,000,000"),
    ("a sum of lists", "{{ ([[1] * 90000] * 1000)|sum(start=[]) }}", TemplateTooLarge, "100,000"),
    ("a list of a range", "{{ range(900000)|list|length }}", TemplateTooLarge, "100,000"),
    (
        "a macro that doubles its text",
        "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% else %}{{ 'y' * 100000 }}"
        "{% endif %}{% endmacro %}{{ f(30)|length }}",
        TemplateTooLarge,
        "1,000,000",
    ),
    (
        "a block that keeps copies",
        "{% macro g() %}{% for i in range(100000) %}{{ 'x' * 900000 ~ '' }}{% endfor %}{% endmacro %}"
        "{{ g()|length }}",
        TemplateTooLarge,
        "10,000,000",
    ),
    (
        "exponentially many macro calls",
        "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}",
        TemplateTooExpensive,
        EXPENSIVE,
    ),
    (
        "endless recursion",
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        TemplateTooComplex,
        "too deeply",
    ),
    ("a sum over a huge range", "{{ range(10**12)|sum }}", TemplateTooExpensive, "range"),
    ("an output over the limit", BIG + "{{ b }}{{ b }}", TemplateTooLarge, "1,000,000"),
    # data can be large too (an http node may fetch 50 MB): what grows from it is bounded
    ("escaping large data", "{{ steps.a.output.page|e }}", TemplateTooLarge, "1,000,000"),
    ("the words of large data", "{{ steps.a.output.page|wordcount }}", TemplateTooLarge, "1,000,000"),
    ("splitting large data", "{{ steps.a.output.page.split()|length }}", TemplateTooLarge, "100,000"),
    (
        "splitting large data by a separator",
        "{{ steps.a.output.page.split('<')|length }}",
        TemplateTooLarge,
        "100,000",
    ),
    (
        "the lines of large data",
        "{{ steps.a.output.lines.splitlines()|length }}",
        TemplateTooLarge,
        "100,000",
    ),
]


@pytest.mark.parametrize(("what", "template", "error", "named"), ATTACKS, ids=[a[0] for a in ATTACKS])
async def test_every_attack_ends_as_a_clear_error(
    what: str, template: str, error: type[TemplateRenderError], named: str
) -> None:
    # Given a template that tries to stall the worker or make it allocate gigabytes
    # When it is rendered
    with pytest.raises(error) as caught:
        await render(template, SCOPE)
    # Then it fails with the error of its kind, whose message names the limit it passed
    assert re.search(named, str(caught.value)), str(caught.value)


@pytest.fixture
def bounds() -> Iterator[None]:
    """Tests that change the limits put the defaults back."""
    yield
    configure(TemplateSettings())


async def test_a_render_stops_at_its_wall_clock_limit(bounds: None) -> None:
    # Given a budget of operations no template reaches, and a short time limit
    configure(TemplateSettings(max_operations=10**12, max_seconds=0.05))
    # When a template loops (almost) forever
    with pytest.raises(TemplateTooExpensive) as caught:
        await render("{% for a in range(10**6) %}{% for b in range(10**6) %}{% endfor %}{% endfor %}", {})
    # Then the render stops on its own, saying which limit it passed
    assert "0.05 s" in str(caught.value)


@pytest.mark.parametrize(
    "template",
    [
        "{{ ('x'|center(1500000000))|length }}",
        "{{ ('x\\n' * 400000)|indent(2000) }}",
        "{{ ('x'.ljust(800000000))|length }}",
        "{{ 2**100**100**100**100 }}",
    ],
)
async def test_a_refused_value_is_refused_before_it_is_allocated(template: str) -> None:
    # Given a template that asks for a value of hundreds of megabytes
    # When it is rendered
    with PeakRss() as memory, pytest.raises(TemplateTooLarge):
        await render(template, {})
    # Then the process never held it: its memory did not jump
    assert memory.grew_mb < 50, f"resident memory grew {memory.grew_mb:.0f} MB"


HEAVY = "{% for a in range(10**6) %}{% for b in range(10**6) %}{% endfor %}{% endfor %}never"


async def test_the_event_loop_keeps_running_while_a_costly_template_renders(bounds: None) -> None:
    # Given a template that runs until its (raised) budget is spent
    configure(TemplateSettings(max_operations=3_000_000, max_seconds=600))
    beats = 0

    async def heartbeat() -> None:
        nonlocal beats
        while True:
            beats += 1
            await asyncio.sleep(0)

    # When it renders while another task wants the loop
    beating = asyncio.create_task(heartbeat())
    with pytest.raises(TemplateTooExpensive):
        await render(HEAVY, {})
    beating.cancel()
    # Then the other task ran meanwhile (a render on the loop would have left it at 0), and
    # cheap templates still render
    assert beats > 10
    assert await render("{{ inputs.topic }}", SCOPE) == "owls"


async def test_a_cancelled_render_stops_and_frees_its_thread(bounds: None) -> None:
    # Given one render thread and a template that would run for hours
    configure(TemplateSettings(max_operations=10**12, max_seconds=3600, threads=1))
    # When the step awaiting it times out (as the runner's node timeout does)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.2):
            await render(HEAVY, {})
    # Then the thread gives the render up: the next costly template gets it and finishes
    assert await render("{% for i in steps.a.output.items %}{{ i }}{% endfor %}", SCOPE) == "123"


@pytest.mark.parametrize(
    ("template", "cheap"),
    [
        ("{{ steps.a.output.title }}", True),
        ("Hi {{ inputs.topic|upper }}: {{ steps.a.output|tojson }} {% if x %}y{% endif %}", True),
        ("{{ inputs.topic ~ '!' }} {{ [1, 2] }} {{ 1 + 2 }}", True),
        ("{% for i in x %}{% endfor %}", False),
        ("{{ x|join(',') }}", False),
        ("{{ 'a' * 3 }}", False),
        ("{{ x.split() }}", False),
        ("{% macro m() %}{% endmacro %}", False),
    ],
)
def test_only_trivially_cheap_templates_render_on_the_event_loop(template: str, cheap: bool) -> None:
    assert compile_text(template).cheap is cheap


# --- legitimate templates render as before ----------------------------------------------------

STARTERS = Path(__file__).resolve().parents[2] / "src" / "orrery" / "workflows" / "templates"

LEGITIMATE = [
    "{{ steps.a.output.body.split()|length }} {{ steps.a.output.body.split('o', 1)|length }}"
    " {{ 'a\nb'.splitlines() }}",
    "{{ steps.a.output.body|e }} {{ steps.a.output.body|wordcount }} {{ steps.a.output.body|truncate(9) }}",
    "{% for f in steps.a.output.items %}{{ loop.index }}. {{ f }}\n{% endfor %}",
    "{{ steps.a.output.items|join(', ') }} / {{ steps.a.output.items|sum }} / {{ steps.a.output.items|max }}",
    "{{ steps.a.output.items|map('string')|list }} {{ steps.a.output.items|select('odd')|list }}",
    "{% set n = steps.a.output.items|length %}{{ '%d items, %5.1f%%' % (n, 12.34) }} {{ '{:>6}'.format(n) }}",
    "{{ inputs.topic|center(11) }}|{{ inputs.topic|indent(2, true) }}|{{ inputs.topic.ljust(6, '.') }}",
    "{{ inputs.topic|replace('o', '0') }} {{ (inputs.topic * 3)|wordwrap(4) }} {{ 2 ** 64 }} {{ 7 // 2 }}",
    "{{ steps.a.output|tojson(2) }} {{ steps.a.output.items|batch(2)|list }} {{ [[1], [2]]|sum(start=[]) }}",
    "{% macro li(x) %}<li>{{ x }}</li>{% endmacro %}{% for i in range(3) %}{{ li(i) }}{% endfor %}",
    "{% set t %}{{ inputs.topic|title }}{% endset %}{{ t ~ '!' }} {{ dict(a=1, b=[2]) }} {{ none }}",
    "{% filter upper %}{{ inputs.topic }}{% endfilter %} {{ range(5)|list|reverse|list }}",
]


def starter_templates() -> list[tuple[str, str]]:
    """(where, template) for every template field of every starter workflow."""
    registry = default_registry()
    found = []
    for path in sorted(STARTERS.glob("*.json")):
        doc = decode_workflow(json.loads(path.read_text())["spec"])
        for node in doc.nodes:
            inspection = registry.inspect(node.type, node.type_version, node.config)
            assert inspection is not None
            assert not inspection.config_issues
            for field in inspection.templates:
                if field.text and not field.expression:
                    found.append((f"{path.stem}:{node.id}.{field.path}", field.text))
    return found


def scope_for(template: str) -> dict[str, Any]:
    """Data for every reference of `template`: each a distinct string, in nested dicts."""
    scope: dict[str, Any] = {
        "inputs": {"topic": "owls"},
        "steps": {"a": {"output": {"items": [1, 2, 3], "body": "Owls <hunt> at night " * 20_000}}},
    }
    for ref in scan_template(template).references:
        _plant(scope, ref)
    return scope


def _plant(scope: dict[str, Any], ref: Reference) -> None:
    here = scope.setdefault(ref.root, {})
    for key in ref.keys[:-1]:
        if not isinstance(here, dict):
            return  # data that is already there (a method of it is called)
        here = here.setdefault(key, {})
    if ref.keys and isinstance(here, dict):
        here.setdefault(ref.keys[-1], {"text": f"<{ref.dotted()}>", "n": 7})


def plain_jinja(template: str, scope: dict[str, Any]) -> str:
    """The same template in Jinja's own immutable sandbox, with our output rules but no bounds."""

    def finalize(value: Any) -> Any:
        if value is None or isinstance(value, bool | dict | list | tuple):
            return json.dumps(value, ensure_ascii=False)
        return value

    class Plain(ImmutableSandboxedEnvironment):
        def getattr(self, obj: Any, attribute: str) -> Any:
            if isinstance(obj, dict) and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

    env = Plain(undefined=jinja2.StrictUndefined, autoescape=False, finalize=finalize)
    env.globals = {"range": range, "dict": dict}
    env.filters["tojson"] = lambda v, indent=None: json.dumps(v, ensure_ascii=False, indent=indent)
    return env.from_string(template).render(scope)


@pytest.mark.parametrize(
    ("where", "template"), [*starter_templates(), *((f"legit {i}", t) for i, t in enumerate(LEGITIMATE))]
)
async def test_legitimate_templates_render_as_jinja_renders_them(where: str, template: str) -> None:
    # Given a template of a starter workflow (or another everyday one) and data for its references
    scope = scope_for(template)
    # When the bounded sandbox renders it, then the text is exactly what Jinja's own sandbox gives
    assert await render(template, scope) == plain_jinja(template, scope)


def test_the_limits_are_the_settings_defaults() -> None:
    assert limits() == TemplateSettings()
    assert scan_expression("steps.a.output").error is None


# --- every node type renders through the bounded sandbox ------------------------------------

HUGE = "{{ ('x'|center(1500000000))|length }}"
COSTLY = "range(10**12)|sum"

NODE_CONFIGS = {
    "transform (template)": ("transform", {"template": HUGE}),
    "transform (pick)": ("transform", {"mode": "pick", "pick": {"n": COSTLY}}),
    "output (value)": ("output", {"value": HUGE}),
    "output (pick)": ("output", {"pick": {"n": COSTLY}}),
    "router": ("router", {"routes": [{"name": "a", "condition": {"left": COSTLY, "op": "exists"}}]}),
    "approval": ("approval", {"message": HUGE}),
    "agent": ("agent", {"provider": "demo", "model": "demo", "prompt": HUGE}),
    "http": ("http", {"url": "https://example.com/{{ ('x'|center(1500000000))|length }}"}),
    "memory_search": ("memory_search", {"collection": "c", "query": HUGE}),
    "memory_write": ("memory_write", {"collection": "c", "content": HUGE}),
    "subworkflow": (
        "subworkflow",
        {"workflow_id": "6f1c2d8e-0000-4000-8000-000000000001", "inputs": {"topic": HUGE}},
    ),
}


@pytest.mark.parametrize("case", sorted(NODE_CONFIGS))
async def test_every_node_type_renders_in_the_bounded_sandbox(case: str) -> None:
    # Given a node of this type whose template (or expression) asks too much
    type_, config = NODE_CONFIGS[case]
    async with SafeHttpClient() as http:
        ctx = LocalContext(http=http, node_id="n")
        # When it runs, then its step fails with the sandbox's error, before doing anything else
        with pytest.raises((TemplateTooLarge, TemplateTooExpensive)):
            await default_registry().execute(ctx, Node(id="n", type=type_, config=config))
