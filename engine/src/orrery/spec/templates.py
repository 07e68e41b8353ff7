"""What a template reads: `{{ inputs.x }}` and `{{ steps.<node>.output ... }}` references.

Templates are Jinja2. This module only parses them (rendering, in a sandbox, is
`orrery.nodes.templates`). Parsing with Jinja costs ~0.3 ms here, so the common case,
templates whose every `{{ }}` is a plain dotted path, is read with a regular expression
first; anything else (filters, `{% for %}`, expressions) goes through Jinja's parser.
"""

from __future__ import annotations

import functools
import re
from typing import Final, NamedTuple

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser

ROOTS: Final = ("inputs", "steps")
"""The names a template may read; anything else is an unknown reference."""

_ENV: Final = jinja2.Environment(autoescape=False)  # noqa: S701 - parsing only; nothing is rendered here
_BUILTIN_NAMES: Final = frozenset({"range", "dict", "loop", "caller", "varargs", "kwargs"})
"""Names a template may use besides the roots (the renderer's globals and Jinja's own)."""

_KEY = r"(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\s*(?:'[^'\\]*'|\"[^\"\\]*\"|\d+)\s*\])"
_PATH = rf"[A-Za-z_][A-Za-z0-9_]*{_KEY}*"
_SIMPLE_VARIABLE = re.compile(rf"\{{\{{-?\s*({_PATH})\s*-?\}}\}}")
_SIMPLE_EXPRESSION = re.compile(rf"\s*({_PATH})\s*")
_SEGMENT = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*(?:'([^'\\]*)'|\"([^\"\\]*)\"|(\d+))\s*\]")
_ROOT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Reference(NamedTuple):
    """A name a template reads and the constant keys after it: `steps.a.output[0]` is
    `Reference("steps", ("a", "output", 0))`. Keys stop at the first computed one."""

    root: str
    keys: tuple[str | int, ...] = ()

    def dotted(self) -> str:
        return self.root + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in self.keys)


class Scan(NamedTuple):
    references: tuple[Reference, ...] = ()
    error: str | None = None
    """A syntax error, in words."""


@functools.lru_cache(maxsize=4096)
def scan_template(text: str) -> Scan:
    """The references of a `{{ }}` template, or its syntax error."""
    if "{" not in text:
        return Scan()
    if "{%" not in text and "{#" not in text:
        matches = list(_SIMPLE_VARIABLE.finditer(text))
        starts = [m.start() for m in matches]
        if starts == _positions(text, "{{"):
            return Scan(tuple(_split_path(m.group(1)) for m in matches))
    try:
        tree = _ENV.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return Scan(error=_syntax_message(exc))
    return Scan(_references(tree))


@functools.lru_cache(maxsize=4096)
def scan_expression(text: str) -> Scan:
    """The references of a bare expression such as `steps.research.output.title`."""
    simple = _SIMPLE_EXPRESSION.fullmatch(text)
    if simple:
        return Scan((_split_path(simple.group(1)),))
    if not text.strip():
        return Scan(error="The expression is empty.")
    try:
        parser = Parser(_ENV, text, state="variable")
        expr = parser.parse_expression()
        if not parser.stream.eos:
            raise jinja2.TemplateSyntaxError(
                f"unexpected {parser.stream.current.value!r}", parser.stream.current.lineno
            )
    except jinja2.TemplateSyntaxError as exc:
        return Scan(error=_syntax_message(exc))
    return Scan(_references(expr))


def parse_path(path: str) -> Reference | None:
    """`steps.a.output.items[0]` as a Reference; None if it is not a plain path."""
    simple = _SIMPLE_EXPRESSION.fullmatch(path)
    return _split_path(simple.group(1)) if simple else None


def _positions(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + len(needle))
    return found


def _split_path(path: str) -> Reference:
    root = _ROOT.match(path)
    assert root is not None  # the caller's pattern starts with an identifier
    keys: list[str | int] = []
    for m in _SEGMENT.finditer(path, root.end()):
        attr, single, double, index = m.groups()
        keys.append(int(index) if index is not None else (attr or single or double or ""))
    return Reference(root.group(0), tuple(keys))


def _syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    return f"Template syntax error on line {exc.lineno}: {exc.message}"


def _references(tree: nodes.Node) -> tuple[Reference, ...]:
    found: list[Reference] = []
    _visit(tree, found)
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    return tuple(r for r in found if r.root not in assigned and r.root not in _BUILTIN_NAMES)


def _visit(node: nodes.Node, found: list[Reference]) -> None:
    if isinstance(node, nodes.Getattr | nodes.Getitem):
        keys: list[str | int] = []
        computed: list[nodes.Node] = []
        current: nodes.Node = node
        while isinstance(current, nodes.Getattr | nodes.Getitem):
            if isinstance(current, nodes.Getattr):
                keys.append(current.attr)
            elif isinstance(current.arg, nodes.Const) and type(current.arg.value) in (str, int):
                keys.append(current.arg.value)
            else:
                keys.clear()  # keys read so far come after a computed one
                computed.append(current.arg)
            current = current.node
        for arg in computed:
            _visit(arg, found)
        if isinstance(current, nodes.Name):
            if current.ctx == "load":
                found.append(Reference(current.name, tuple(reversed(keys))))
        else:
            _visit(current, found)
        return
    if isinstance(node, nodes.Name):
        if node.ctx == "load":
            found.append(Reference(node.name))
        return
    for child in node.iter_child_nodes():
        _visit(child, found)
