"""Rendering templates and resolving references, in a bounded sandbox, never blocking the loop.

A template sees `inputs` (the run's inputs) and `steps` (`steps.<id>.output` for every
finished upstream node); in a container's body, also its variables (`map.item`,
`map.index`; `loop.iteration`, `loop.index`, `loop.previous`, `loop.results`). Rendering rules:
- A missing reference is an error naming it (`steps.research.output.title` is undefined:
  `steps.research.output` has no `title`; it has: summary, body), never an empty string.
- Dicts, lists, booleans and null render as JSON (`{"a": 1}`, `true`, `null`), so a
  template can build a JSON body; `| tojson` is plain JSON (no HTML escaping).
- `render_value` keeps the type when the template is exactly one `{{ expression }}`
  (a dict stays a dict); otherwise it renders text.

What a template may cost (`orrery.nodes.sandbox`, limits in `TemplateSettings`): Jinja's
immutable sandbox refuses internals (`''.__class__.__mro__`) and mutation; every loop
iteration, filter, call, operator and output piece is one operation of a budget, the
render has a wall-clock limit, and every string, list or number it builds is sized
before it is built. Passing a limit fails the step with `TemplateTooExpensive`
(`template_too_expensive`), `TemplateTooLarge` (`template_too_large`) or
`TemplateTooComplex` (`template_too_complex`), naming the limit.

Where it runs: `render`, `evaluate` and `render_value` are coroutines. A template whose
compiled tree is trivially cheap (no loop, macro, call, costly filter or operator: the
common `{{ steps.x.output.title }}`) renders right there, on the event loop, as cheaply as
before; any other renders in a small pool of threads, so the
loop, and every other run on the worker, keeps going, and the node's timeout can fire: its
cancellation stops the render at its next check. A template not compiled yet in this process
is compiled in a thread of its own (never behind a costly render).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final, Literal, TypeVar

import jinja2
from jinja2.exceptions import SecurityError

from orrery.nodes.base import NodeContext
from orrery.nodes.errors import TemplateRenderError, TemplateTooComplex, TemplateTooLarge
from orrery.nodes.sandbox.budget import Budget, current
from orrery.nodes.sandbox.compiler import Compiled, cached, compile_text, expression_value
from orrery.nodes.sandbox.environment import to_json
from orrery.nodes.sandbox.pool import RenderPool
from orrery.settings import TemplateSettings, load_template_settings
from orrery.spec import Reference, scan_expression, scan_template

T = TypeVar("T")

MISSING: Final = object()
"""What `evaluate(..., missing="sentinel")` gives for a reference that is not there."""

_SINGLE_EXPRESSION = re.compile(r"\s*\{\{-?(?P<expr>(?:(?!\{\{|\}\}).)*?)-?\}\}\s*", re.DOTALL)


class _Config:
    """The limits and the render threads of this process: from the environment on first use
    (`load_template_settings`), or as `configure` sets them."""

    limits: TemplateSettings | None = None
    pool: RenderPool | None = None
    compiler: RenderPool | None = None
    """One thread of its own: compiling is bounded (the complexity limits), and must not wait
    behind costly renders (a cheap template's first render needs it)."""


def configure(settings: TemplateSettings) -> None:
    """Use these limits (and this many render threads) from now on."""
    for old in (_Config.pool, _Config.compiler):
        if old is not None:
            old.shutdown()
    _Config.limits = settings
    _Config.pool = RenderPool(settings.threads)
    _Config.compiler = RenderPool(1, "orrery-template-compile")


def limits() -> TemplateSettings:
    if _Config.limits is None:
        configure(load_template_settings())
    assert _Config.limits is not None
    return _Config.limits


def _pool() -> RenderPool:
    limits()
    assert _Config.pool is not None
    return _Config.pool


def _compiler() -> RenderPool:
    limits()
    assert _Config.compiler is not None
    return _Config.compiler


def scope_of(ctx: NodeContext) -> dict[str, Any]:
    """What a node's templates see: `inputs`, `steps`, the secrets its config reads
    (`secrets.NAME`, resolved by the worker for this attempt), and in a container's body its
    variables (`map.item`, `loop.previous`...)."""
    scope = {
        **ctx.variables,
        "inputs": dict(ctx.inputs),
        "steps": {node: {"output": out} for node, out in ctx.steps.items()},
    }
    secrets = getattr(ctx, "secrets", None)
    if secrets:
        scope["secrets"] = dict(secrets)
    return scope


async def render(template: str, scope: Mapping[str, Any]) -> str:
    """Render a template to text. Raises `TemplateRenderError` with a message for the user."""
    compiled = cached(template) or await _compiled(template, expression=False)
    return await _run(compiled, _render_text, compiled, template, scope)


async def evaluate(
    expression: str, scope: Mapping[str, Any], *, missing: Literal["error", "null", "sentinel"] = "error"
) -> Any:
    """The value of an expression such as `steps.research.output.title` (filters allowed).

    A reference that is not there raises `TemplateRenderError` naming it, or gives None
    (`missing="null"`) or `MISSING` (`missing="sentinel"`)."""
    compiled = cached(expression, expression=True) or await _compiled(expression, expression=True)
    return await _run(compiled, _evaluate_value, compiled, expression, scope, missing)


async def render_value(template: str, scope: Mapping[str, Any]) -> Any:
    """Like `render`, but `{{ steps.a.output }}` alone gives the value itself, not its text."""
    single = _SINGLE_EXPRESSION.fullmatch(template)
    if single and "{%" not in template:
        return await evaluate(single["expr"], scope)
    return await render(template, scope)


def compile_issue(template: str, *, expression: bool = False) -> str | None:
    """A problem the runtime environment finds before rendering (unknown filter, syntax); None if
    fine. A template past the complexity limits is left to the validator (`template_too_complex`)."""
    try:
        compile_text(template, expression=expression)
    except TemplateTooComplex:
        return None
    except TemplateRenderError as exc:
        return exc.message
    return None


# --- where a render runs -----------------------------------------------------------------


async def _compiled(text: str, *, expression: bool) -> Compiled:
    """Compile (a template not compiled lately): up to ~0.1 s for a large one, never on the loop."""
    return await _compiler().run(Budget(limits()), compile_text, text, expression)


async def _run(compiled: Compiled, fn: Callable[..., T], *args: Any) -> T:
    budget = Budget(_Config.limits or limits())
    if not compiled.cheap:
        return await _pool().run(budget, fn, *args)
    token = budget.enter()
    try:
        return fn(*args)
    finally:
        budget.leave(token)


# --- rendering, in the budget of the caller's thread ---------------------------------------


def _render_text(compiled: Compiled, template: str, scope: Mapping[str, Any]) -> str:
    most = current().limits.max_chars
    try:
        parts: list[str] = []
        size = 0
        for part in compiled.template.generate(dict(scope)):
            size += len(part)
            if size > most:
                raise TemplateTooLarge(f"The rendered text is over {most:,} characters, the limit.")
            parts.append(part)
        return "".join(parts)
    except jinja2.UndefinedError as exc:
        raise TemplateRenderError(
            _explain_undefined(scan_template(template).references, scope, exc)
        ) from None
    except Exception as exc:  # a template is user code: any failure is the template's
        raise _failure(exc, "The template") from None


def _evaluate_value(compiled: Compiled, expression: str, scope: Mapping[str, Any], missing: str) -> Any:
    try:
        value = expression_value(compiled, dict(scope))
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return value
    except jinja2.UndefinedError as exc:
        if missing != "error":
            return None if missing == "null" else MISSING
        raise TemplateRenderError(
            _explain_undefined(scan_expression(expression).references, scope, exc)
        ) from None
    except Exception as exc:
        raise _failure(exc, f"The expression `{expression}`") from None


def _failure(exc: Exception, what: str) -> TemplateRenderError:
    if isinstance(exc, TemplateRenderError):
        return exc
    if isinstance(exc, SecurityError):
        return TemplateRenderError(f"{what} did something the sandbox refuses: {exc}")
    if isinstance(exc, RecursionError):
        return TemplateTooComplex(f"{what} calls itself too deeply (a macro or a recursive loop).")
    if isinstance(exc, MemoryError):
        return TemplateTooLarge(f"{what} ran out of memory.")
    return TemplateRenderError(f"{what} failed: {type(exc).__name__}: {exc}")


# --- saying what is missing ------------------------------------------------------------


def _explain_undefined(references: Sequence[Reference], scope: Mapping[str, Any], exc: Exception) -> str:
    for reference in references:
        message = _missing(reference, scope)
        if message:
            return message
    return f"The template reads something that is not there: {exc}."


def _missing(reference: Reference, scope: Mapping[str, Any]) -> str | None:
    if reference.root not in scope:
        if reference.root in ("map", "loop"):
            return f"`{reference.root}` is undefined: it is only defined inside a {reference.root}'s body."
        if reference.root == "secrets":
            return "`secrets` is read one secret at a time, by name: `{{ secrets.NAME }}`."
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
    return f" (it is {to_json(value)[:80]})"


def _first(items: Iterator[Any], n: int) -> Iterator[Any]:
    for index, item in enumerate(items):
        if index >= n:
            return
        yield item
