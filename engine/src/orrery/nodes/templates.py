"""Rendering templates and resolving references, in Jinja2's immutable sandbox.

A template sees `inputs` (the run's inputs) and `steps` (`steps.<id>.output` for every
finished upstream node). Rendering rules:
- A missing reference is an error naming it (`steps.research.output.title` is undefined:
  `steps.research.output` has no `title`; it has: summary, body), never an empty string.
- Dicts, lists, booleans and null render as JSON (`{"a": 1}`, `true`, `null`), so a
  template can build a JSON body; `| tojson` is plain JSON (no HTML escaping).
- The sandbox refuses attribute access to internals (`''.__class__.__mro__`) and
  mutation; loops may iterate at most `MAX_ITERATIONS` times per render through
  `range`; `*`, `**`, `%` and `~` refuse results over `MAX_RENDER_CHARS`; the
  rendered text may be at most `MAX_RENDER_CHARS` characters.
- `render_value` keeps the type when the template is exactly one `{{ expression }}`
  (a dict stays a dict); otherwise it renders text.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, Final, Literal

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from orrery.nodes.base import NodeContext
from orrery.nodes.errors import TemplateRenderError
from orrery.spec import Reference, scan_expression, scan_template

MAX_RENDER_CHARS: Final = 1_000_000
MAX_ITERATIONS: Final = 100_000
MAX_TEMPLATE_CHARS: Final = 200_000

_budget: ContextVar[list[int]] = ContextVar("orrery_template_budget")
_SINGLE_EXPRESSION = re.compile(r"\s*\{\{-?(?P<expr>(?:(?!\{\{|\}\}).)*?)-?\}\}\s*", re.DOTALL)


def scope_of(ctx: NodeContext) -> dict[str, Any]:
    """What a node's templates see."""
    return {"inputs": dict(ctx.inputs), "steps": {node: {"output": out} for node, out in ctx.steps.items()}}


def render(template: str, scope: Mapping[str, Any]) -> str:
    """Render a template to text. Raises `TemplateRenderError` with a message for the user."""
    compiled = _compile(template)
    token = _budget.set([MAX_ITERATIONS])
    try:
        parts: list[str] = []
        size = 0
        for part in compiled.generate(dict(scope)):
            size += len(part)
            if size > MAX_RENDER_CHARS:
                raise TemplateRenderError(f"The rendered text is over {MAX_RENDER_CHARS:,} characters.")
            parts.append(part)
        return "".join(parts)
    except jinja2.UndefinedError as exc:
        raise TemplateRenderError(
            _explain_undefined(scan_template(template).references, scope, exc)
        ) from None
    except SecurityError as exc:
        raise TemplateRenderError(f"The template did something the sandbox refuses: {exc}") from None
    except TemplateRenderError:
        raise
    except Exception as exc:  # a template is user code: any failure is the template's
        raise TemplateRenderError(f"The template failed: {type(exc).__name__}: {exc}") from None
    finally:
        _budget.reset(token)


MISSING: Final = object()
"""What `evaluate(..., missing="sentinel")` gives for a reference that is not there."""


def evaluate(
    expression: str, scope: Mapping[str, Any], *, missing: Literal["error", "null", "sentinel"] = "error"
) -> Any:
    """The value of an expression such as `steps.research.output.title` (filters allowed).

    A reference that is not there raises `TemplateRenderError` naming it, or gives None
    (`missing="null"`) or `MISSING` (`missing="sentinel"`)."""
    compiled = _compile_expression(expression)
    token = _budget.set([MAX_ITERATIONS])
    try:
        value = compiled(**scope)
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return value
    except jinja2.UndefinedError as exc:
        if missing != "error":
            return None if missing == "null" else MISSING
        raise TemplateRenderError(
            _explain_undefined(scan_expression(expression).references, scope, exc)
        ) from None
    except SecurityError as exc:
        raise TemplateRenderError(f"The expression did something the sandbox refuses: {exc}") from None
    except Exception as exc:
        raise TemplateRenderError(
            f"The expression `{expression}` failed: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        _budget.reset(token)


def render_value(template: str, scope: Mapping[str, Any]) -> Any:
    """Like `render`, but `{{ steps.a.output }}` alone gives the value itself, not its text."""
    single = _SINGLE_EXPRESSION.fullmatch(template)
    if single and "{%" not in template:
        return evaluate(single["expr"], scope)
    return render(template, scope)


def compile_issue(template: str, *, expression: bool = False) -> str | None:
    """A problem the runtime environment finds before rendering (unknown filter, syntax); None if fine."""
    try:
        _compile_expression(template) if expression else _compile(template)
    except jinja2.TemplateError as exc:
        return f"{type(exc).__name__.removeprefix('Template')}: {exc.message or exc}"
    except TemplateRenderError as exc:
        return exc.message
    return None


# --- the sandbox -------------------------------------------------------------------------


def _json(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def _finalize(value: Any) -> Any:
    if value is None or isinstance(value, bool | dict | list | tuple):
        return _json(value)
    return value


def _range(*args: int) -> range:
    numbers = range(*args)
    budget = _budget.get([MAX_ITERATIONS])
    budget[0] -= len(numbers)
    if budget[0] < 0:
        raise SecurityError(f"loops may run at most {MAX_ITERATIONS:,} iterations per template")
    return numbers


def _sized(value: Any) -> Any:
    if isinstance(value, str | list | tuple | bytes) and len(value) > MAX_RENDER_CHARS:
        raise SecurityError(f"a value over {MAX_RENDER_CHARS:,} characters")
    return value


class _Generator(CodeGenerator):
    """Routes `a ~ b` through the environment, so concatenation is size-checked too."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(str_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(")))")


class _Sandbox(ImmutableSandboxedEnvironment):
    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=False, finalize=_finalize)
        self.globals = {"range": _range, "dict": dict}
        self.filters["tojson"] = _json
        self.sized = _sized

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 100:
            raise SecurityError("exponents above 100 are refused")
        if operator == "*" and isinstance(left, int) and isinstance(right, str | list | tuple):
            left, right = right, left
        repeated = operator == "*" and isinstance(left, str | list | tuple) and isinstance(right, int)
        if repeated and len(left) * right > MAX_RENDER_CHARS:
            raise SecurityError(f"a value over {MAX_RENDER_CHARS:,} characters")
        return _sized(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        # `output.items` means the key "items" when there is one, not dict.items.
        if isinstance(obj, Mapping) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


_ENV: Final = _Sandbox()


@functools.lru_cache(maxsize=2048)
def _compile(template: str) -> jinja2.Template:
    if len(template) > MAX_TEMPLATE_CHARS:
        raise TemplateRenderError(f"The template is over {MAX_TEMPLATE_CHARS:,} characters.")
    try:
        return _ENV.from_string(template)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(f"Template syntax error on line {exc.lineno}: {exc.message}") from None


@functools.lru_cache(maxsize=2048)
def _compile_expression(expression: str) -> Any:
    try:
        return _ENV.compile_expression(expression, undefined_to_none=False)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(f"Expression syntax error in `{expression}`: {exc.message}") from None


# --- saying what is missing ------------------------------------------------------------


def _explain_undefined(references: Sequence[Reference], scope: Mapping[str, Any], exc: Exception) -> str:
    for reference in references:
        message = _missing(reference, scope)
        if message:
            return message
    return f"The template reads something that is not there: {exc}."


def _missing(reference: Reference, scope: Mapping[str, Any]) -> str | None:
    if reference.root not in scope:
        return f"`{reference.root}` is undefined: templates read `inputs` and `steps`."
    value: Any = scope[reference.root]
    for depth, key in enumerate(reference.keys):
        here = Reference(reference.root, reference.keys[:depth]).dotted()
        found, value = _step(value, key)
        if not found:
            return (
                f"`{reference.dotted()}` is undefined: `{here}` has no {_describe(key)}{_available(value)}."
            )
    return None


def _step(value: Any, key: str | int) -> tuple[bool, Any]:
    if isinstance(value, Mapping):
        return (True, value[key]) if key in value else (False, value)
    if isinstance(value, list | tuple) and isinstance(key, int):
        return (True, value[key]) if -len(value) <= key < len(value) else (False, value)
    return False, value


def _describe(key: str | int) -> str:
    return f"item [{key}]" if isinstance(key, int) else f"`{key}`"


def _available(value: Any) -> str:
    if isinstance(value, Mapping):
        keys = list(_first(iter(value), 12))
        return f" (it has: {', '.join(map(str, keys))})" if keys else " (it is empty)"
    if isinstance(value, list | tuple):
        return f" (it is a list of {len(value)})"
    return f" (it is {_json(value)[:80]})"


def _first(items: Iterator[Any], n: int) -> Iterator[Any]:
    for index, item in enumerate(items):
        if index >= n:
            return
        yield item
