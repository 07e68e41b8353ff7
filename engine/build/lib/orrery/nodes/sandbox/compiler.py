"""Templates and expressions compiled in the bounded sandbox, each with what it may cost.

Compiling parses with the spec's limits (`orrery.spec.templates.parse_template`: tokens
counted as the parser reads them, then the tree's depth), so a hostile template costs
neither the parser nor Python's compiler much; anything that still recurses too deeply is
`TemplateTooComplex`.

Each compiled template says whether it is `cheap`: its tree has no loop, macro, call,
call or filter block, `*`, `**`, `%` or `//`, and only filters in `CHEAP_FILTERS` (the common
`{{ steps.x.output.title }}`). A cheap template costs about as much as its data is large,
so it renders on the event loop; the others render in a thread (`pool.py`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Final

import jinja2
from jinja2 import nodes

from orrery.nodes.errors import TemplateRenderError, TemplateTooComplex
from orrery.nodes.sandbox.environment import BoundedSandbox
from orrery.spec.errors import TemplateLimitExceeded
from orrery.spec.templates import parse_expression, parse_template

CHEAP_FILTERS: Final = frozenset(
    {
        "abs", "capitalize", "count", "d", "default", "e", "escape", "filesizeformat", "first",
        "float", "int", "last", "length", "lower", "round", "safe", "string", "striptags", "title",
        "tojson", "trim", "truncate", "upper", "urlencode", "wordcount",
    }
)  # fmt: skip
"""Filters that cost one pass over their input at most and build nothing larger."""

_CHEAP_NODES: Final = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.Name, nodes.Getattr,
    nodes.Getitem, nodes.Slice, nodes.Filter, nodes.Test, nodes.Compare, nodes.Operand,
    nodes.CondExpr, nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.Add, nodes.Sub,
    nodes.Div, nodes.Concat, nodes.If, nodes.Assign, nodes.AssignBlock, nodes.With, nodes.List,
    nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Keyword, nodes.Scope,
)  # fmt: skip

ENV: Final = BoundedSandbox()
_TOO_DEEP: Final = "The template is too complex: it nests or recurses too deeply for the sandbox to compile."


@dataclass(frozen=True, slots=True)
class Compiled:
    template: jinja2.Template
    cheap: bool
    """Renders on the event loop (see the module's docstring)."""


def is_cheap(tree: nodes.Node) -> bool:
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _CHEAP_NODES):
            return False
        if isinstance(node, nodes.Filter) and node.name not in CHEAP_FILTERS:
            return False
    return True


class _Cache:
    """The last `size` compiled templates and expressions (first in, first out), shared by the
    loop and the threads: a read is one dict lookup, a write takes a lock."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: dict[tuple[str, bool], Compiled] = {}
        self._lock = threading.Lock()

    def get(self, text: str, expression: bool) -> Compiled | None:
        return self._items.get((text, expression))

    def put(self, text: str, expression: bool, compiled: Compiled) -> Compiled:
        with self._lock:
            self._items[(text, expression)] = compiled
            while len(self._items) > self._size:
                del self._items[next(iter(self._items))]
        return compiled


_CACHE: Final = _Cache(2048)


def cached(text: str, *, expression: bool = False) -> Compiled | None:
    """The compiled template (or expression) if it was compiled lately, without compiling it."""
    return _CACHE.get(text, expression)


def compile_text(text: str, expression: bool = False) -> Compiled:
    """Compiled (and cached). Raises `TemplateTooComplex` (a limit) or `TemplateRenderError`."""
    found = _CACHE.get(text, expression)
    if found is not None:
        return found
    compiled = _compile_expression(text) if expression else _compile_template(text)
    return _CACHE.put(text, expression, compiled)


def _compile_template(text: str) -> Compiled:
    try:
        tree = parse_template(ENV, text)
        return Compiled(ENV.from_string(tree), is_cheap(tree))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(f"Template syntax error on line {exc.lineno}: {exc.message}") from None
    except TemplateLimitExceeded as exc:
        raise TemplateTooComplex(exc.message) from None
    except (RecursionError, SyntaxError, MemoryError):  # Python's own compiler limits
        raise TemplateTooComplex(_TOO_DEEP) from None


def _compile_expression(text: str) -> Compiled:
    """A bare expression, compiled as `{% set result = <expression> %}` (as Jinja does)."""
    try:
        expr = parse_expression(ENV, text)
        body = nodes.Template([nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)], lineno=1)
        return Compiled(ENV.from_string(body), is_cheap(body))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(f"Expression syntax error in `{text}`: {exc.message}") from None
    except TemplateLimitExceeded as exc:
        raise TemplateTooComplex(exc.message) from None
    except (RecursionError, SyntaxError, MemoryError):
        raise TemplateTooComplex(_TOO_DEEP) from None


def expression_value(compiled: Compiled, scope: dict[str, Any]) -> Any:
    """Run a compiled expression (Jinja's `TemplateExpression`, without its `undefined_to_none`)."""
    context = compiled.template.new_context(scope)
    for _ in compiled.template.root_render_func(context):
        pass
    return context.vars["result"]
