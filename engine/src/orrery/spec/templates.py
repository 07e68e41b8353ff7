"""What a template reads: `{{ inputs.x }}` and `{{ steps.<node>.output ... }}` references,
and whether it is small enough to parse at all.

Templates are Jinja2. This module only parses them (rendering, in a sandbox, is
`orrery.nodes.templates`). Parsing with Jinja costs ~0.3 ms here, so the common case,
templates whose every `{{ }}` is a plain dotted path, is read with a regular expression
first; anything else (filters, `{% for %}`, expressions) goes through Jinja's parser.

Jinja's parser and compiler recurse, and compiling a deep expression costs time that
grows faster than its length, so a template must stay within limits: at most
`MAX_TEMPLATE_CHARS` characters, `MAX_TOKENS` tokens inside `{{ }}` / `{% %}`, brackets or
blocks `MAX_NESTING` deep, and a tree `MAX_DEPTH` deep (a chain of 16,000 filters or a
30,000-term sum is as deep as it is long). `parse_template` / `parse_expression` count the
tokens as the parser reads them, so parsing stops at the first token past a limit (before
the parser recurses deeper or reads further), and measure the tree's depth (iteratively)
before anything walks or compiles it. A template past one raises `TemplateLimitExceeded`
(validation code `template_too_complex`), never a crash.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Final, NamedTuple, TypeVar

import jinja2
from jinja2 import nodes
from jinja2.lexer import Token
from jinja2.parser import Parser

from orrery.spec.errors import TemplateLimitExceeded

ROOTS: Final = ("inputs", "steps", "secrets")
"""The names a template may read; anything else is an unknown reference. `secrets.NAME` is
the run owner's secret, resolved by the worker when the step runs (never stored)."""
SECRET_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def secret_names(references: Sequence[Reference]) -> set[str]:
    """The secrets these references read by name (`secrets.NAME`, `secrets['NAME']`)."""
    return {
        str(r.keys[0])
        for r in references
        if r.root == "secrets" and r.keys and isinstance(r.keys[0], str) and SECRET_NAME.match(r.keys[0])
    }


MAX_TEMPLATE_CHARS: Final = 100_000
MAX_TOKENS: Final = 10_000
"""Tokens inside `{{ }}` and `{% %}` (names, operators, literals); plain text is not counted."""
MAX_NESTING: Final = 20
"""Brackets inside brackets, or blocks (`if`, `for`, `macro`...) inside blocks."""
MAX_DEPTH: Final = 50
"""Levels of the parsed tree: chained filters, operators and attribute lookups count too."""
MAX_NODES: Final = 20_000

_ENV: Final = jinja2.Environment(autoescape=False)  # noqa: S701 - parsing only; nothing is rendered here
_BUILTIN_NAMES: Final = frozenset({"range", "dict", "caller", "varargs", "kwargs"})
"""Names a template may use besides the roots (the renderer's globals and Jinja's own).
`loop` is Jinja's own only inside a `{% for %}`; elsewhere it is a loop container's variable."""
_FOR_LOOP: Final = "loop"

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
    """A syntax error, or a limit passed, in words."""
    too_complex: bool = False
    """`error` is a limit passed (`TemplateLimitExceeded`), not a syntax error."""


@functools.lru_cache(maxsize=4096)
def scan_template(text: str) -> Scan:
    """The references of a `{{ }}` template, or its syntax error."""
    if "{" not in text:
        return Scan()
    if "{%" not in text and "{#" not in text and len(text) <= MAX_TEMPLATE_CHARS:
        matches = list(_SIMPLE_VARIABLE.finditer(text))
        starts = [m.start() for m in matches]
        if starts == _positions(text, "{{"):
            paths = tuple(_split_path(m.group(1)) for m in matches)
            if all(len(path.keys) < MAX_DEPTH for path in paths):
                return Scan(paths)
    try:
        tree = parse_template(_ENV, text)
    except jinja2.TemplateSyntaxError as exc:
        return Scan(error=_syntax_message(exc))
    except TemplateLimitExceeded as exc:
        return Scan(error=exc.message, too_complex=True)
    return Scan(_references(tree))


@functools.lru_cache(maxsize=4096)
def scan_expression(text: str) -> Scan:
    """The references of a bare expression such as `steps.research.output.title`."""
    simple = _SIMPLE_EXPRESSION.fullmatch(text)
    if simple and text.count(".") + text.count("[") < MAX_DEPTH:
        return Scan((_split_path(simple.group(1)),))
    if not text.strip():
        return Scan(error="The expression is empty.")
    try:
        expr = parse_expression(_ENV, text)
    except jinja2.TemplateSyntaxError as exc:
        return Scan(error=_syntax_message(exc))
    except TemplateLimitExceeded as exc:
        return Scan(error=exc.message, too_complex=True)
    return Scan(_references(expr))


def parse_template(env: jinja2.Environment, text: str) -> nodes.Template:
    """A template's tree, within the limits. Raises `TemplateLimitExceeded` or
    `jinja2.TemplateSyntaxError`."""
    return _within_limits(lambda: _limited(Parser(env, text)).parse(), text)


def parse_expression(env: jinja2.Environment, text: str) -> nodes.Expr:
    """A bare expression's tree (what `Environment.compile_expression` parses), within the limits."""

    def parse() -> nodes.Expr:
        parser = _limited(Parser(env, text, state="variable"))
        expr = parser.parse_expression()
        if not parser.stream.eos:
            current = parser.stream.current
            raise jinja2.TemplateSyntaxError(f"unexpected {current.value!r}", current.lineno)
        return expr

    return _within_limits(parse, text)


# --- limits --------------------------------------------------------------------------------

_TOO_DEEP: Final = (
    f"The template is too complex: it nests too deeply to read (brackets, blocks or chained filters "
    f"and operators); keep it under {MAX_NESTING} levels of brackets or blocks and {MAX_DEPTH} in all."
)
_OPENING: Final = frozenset({"lparen", "lbracket", "lbrace"})
_CLOSING: Final = frozenset({"rparen", "rbracket", "rbrace"})
_BLOCKS: Final = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "autoescape"})

N = TypeVar("N", bound=nodes.Node)


def _within_limits(parse: Callable[[], N], text: str) -> N:
    if len(text) > MAX_TEMPLATE_CHARS:
        raise TemplateLimitExceeded(
            f"The template is too complex: it is {len(text):,} characters long; "
            f"the limit is {MAX_TEMPLATE_CHARS:,}."
        )
    try:
        tree = parse()
    except RecursionError:
        raise TemplateLimitExceeded(_TOO_DEEP) from None
    issue = tree_complexity(tree)
    if issue:
        raise TemplateLimitExceeded(issue)
    return tree


def _limited(parser: Parser) -> Parser:
    """The parser, reading its tokens through `_counted`."""
    parser.stream._iter = _counted(parser.stream._iter)
    return parser


def _counted(tokens: Iterator[Token]) -> Iterator[Token]:
    """The tokens as the parser reads them, refused at the first one past a limit."""
    count = brackets = blocks = 0
    previous = ""
    for token in tokens:
        kind = token.type
        if kind != "data":
            count += 1
            if count > MAX_TOKENS:
                raise TemplateLimitExceeded(
                    f"The template is too complex: it has more than {MAX_TOKENS:,} names, operators "
                    "and values inside `{{ }}` and `{% %}`."
                )
            if kind in _OPENING:
                brackets += 1
            elif kind in _CLOSING:
                brackets = max(0, brackets - 1)
            elif kind == "name" and previous == "block_begin":
                if token.value in _BLOCKS:
                    blocks += 1
                elif token.value.startswith("end"):
                    blocks = max(0, blocks - 1)
            if brackets > MAX_NESTING or blocks > MAX_NESTING:
                what = "brackets" if brackets > MAX_NESTING else "blocks (`if`, `for`, ...)"
                raise TemplateLimitExceeded(
                    f"The template is too complex: it nests {what} more than {MAX_NESTING} levels deep."
                )
        previous = kind
        yield token


def tree_complexity(tree: nodes.Node) -> str | None:
    """Why a parsed template is too deep or too large to compile; None if it is not."""
    stack: list[tuple[nodes.Node, int]] = [(tree, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            return (
                f"The template is too complex: it is more than {MAX_DEPTH} levels deep (chained filters, "
                "operators, attribute lookups, brackets and blocks each add one)."
            )
        if count > MAX_NODES:
            return f"The template is too complex: it has more than {MAX_NODES:,} parts."
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())
    return None


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


def _visit(node: nodes.Node, found: list[Reference], in_for: bool = False) -> None:
    if isinstance(node, nodes.For):
        # Inside the loop's body, `loop` is Jinja's (loop.index, loop.first...): not a reference.
        _visit(node.iter, found, in_for)
        for child in (*node.body, *node.else_, *([node.test] if node.test is not None else [])):
            _visit(child, found, True)
        return
    if in_for:
        before = len(found)
        _visit(node, found)
        found[before:] = [r for r in found[before:] if r.root != _FOR_LOOP]
        return
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
