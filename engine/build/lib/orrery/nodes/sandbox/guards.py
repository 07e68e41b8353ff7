"""Every filter and every call a template makes, counted and size-checked.

Each filter is wrapped (`guard_filter`): one operation, then a precheck for the filters
whose result can be far larger than their input (`center(1500000000)`, `indent`,
`wordwrap`, `replace`, `join`, `batch`, `slice`, `sum`, `format`, `tojson(indent)`; and any
filter that turns a list into text, since `[big] * 1000` is a small list of a big text;
and escaping or splitting into words takes at most one value's length, since data can be
large), then the result checked and charged (`sizes.result`). Guarded filters take the
context, which also stops Jinja from running them at compile time on constant arguments.

Calls (`check_call`) get the same for the methods that amplify: `str.center/ljust/rjust/
zfill/expandtabs/replace/join/translate`, `int.to_bytes`, and `str.split/rsplit/splitlines`
(items counted before splitting); `str.format` goes through `BoundedFormatter`, whose every
field is checked.
"""

from __future__ import annotations

import functools
import itertools
import re
import types
from collections.abc import Callable, Mapping
from typing import Any, Final

from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import _PassArg, pass_context

from orrery.nodes.sandbox import sizes
from orrery.nodes.sandbox.budget import Budget, current

Precheck = Callable[[Budget, Any, tuple[Any, ...], dict[str, Any]], tuple[Any, tuple[Any, ...]]]
"""(budget, value, args, kwargs) -> (value, args) to call the filter with, or raise."""

TEXT_FILTERS: Final = frozenset(
    {
        "capitalize", "center", "e", "escape", "forceescape", "format", "indent", "lower", "pprint",
        "replace", "string", "striptags", "title", "trim", "truncate", "upper", "urlencode", "urlize",
        "wordcount", "wordwrap", "xmlattr",
    }
)  # fmt: skip
"""Filters that turn their input into text first: a list input is measured as text before."""

GROWING_FILTERS: Final = frozenset(
    {"e", "escape", "forceescape", "pprint", "striptags", "urlencode", "urlize", "wordcount", "xmlattr"}
)
"""Text filters whose result or working set is several times their input (escaping, a list of
its words): their input may be at most one value long, data included."""


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _center(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    width = _int(_arg(args, kw, 0, "width", 80))
    sizes.check_chars(width, budget.limits, f"`center({width})`")
    return value, args


def _indent(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    width = _arg(args, kw, 0, "width", 4)
    pad = len(width) if isinstance(width, str) else _int(width)
    text = str(value)
    lines = text.count("\n") + 2
    sizes.check_chars(pad, budget.limits, "the `indent` width")
    sizes.check_chars(len(text) + lines * pad, budget.limits, "the result of `indent`")
    return value, args


def _wordwrap(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    text = str(value)
    width = max(1, _int(_arg(args, kw, 0, "width", 79)))
    wrap = _arg(args, kw, 2, "wrapstring", None)
    lines = 2 * len(text) // width + text.count("\n") + 1
    sizes.check_items(lines, budget.limits, "the lines of `wordwrap`")
    sizes.check_chars(len(text) + lines * len(str(wrap or "\n")), budget.limits, "the result of `wordwrap`")
    return value, args


def replaced_size(text: str, old: str, new: str, count: int) -> int:
    found = len(text) + 1 if old == "" else text.count(old)
    if count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def _replace(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    old, new = str(_arg(args, kw, 0, "old", "")), str(_arg(args, kw, 1, "new", ""))
    count = _arg(args, kw, 2, "count", None)
    size = replaced_size(str(value), old, new, -1 if count is None else _int(count))
    sizes.check_chars(size, budget.limits, "the result of `replace`")
    return value, args


def _join(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    items = sizes.bounded_list(value, budget, "`join`")
    separator = str(_arg(args, kw, 0, "d", ""))
    cap = budget.limits.max_chars
    size = len(separator) * max(0, len(items) - 1)
    for item in items:
        size += sizes.text_size(item, cap)
        if size > cap:
            break
    sizes.check_chars(size, budget.limits, "the result of `join`")
    return items, args


def _batch(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    sizes.check_items(_int(_arg(args, kw, 0, "linecount", 1)), budget.limits, "a `batch`")
    return value, args


def _slice(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    sizes.check_items(_int(_arg(args, kw, 0, "slices", 1)), budget.limits, "`slice`")
    return sizes.bounded_list(value, budget, "`slice`"), args


def _sum(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    items = sizes.bounded_list(value, budget, "`sum`")
    start = _arg(args, kw, 1, "start", 0)
    if isinstance(start, list | tuple) or any(isinstance(i, list | tuple) for i in items):
        total = sum(len(i) for i in [start, *items] if isinstance(i, list | tuple))
        sizes.check_items(total, budget.limits, "the result of `sum`")
    return items, args


def _format(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    size = sizes.percent_size(str(value), kw or args, budget.limits)
    sizes.check_chars(size, budget.limits, "the result of `format`")
    return value, args


def _tojson(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    indent = _int(_arg(args, kw, 0, "indent", None))
    if indent > 32:
        sizes.check_chars(budget.limits.max_chars + 1, budget.limits, f"`tojson({indent})`")
    size = sizes.estimate(value, budget.limits.max_chars, indent)
    sizes.check_chars(size, budget.limits, "the result of `tojson`")
    return value, args


def _list(budget: Budget, value: Any, args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[Any, Any]:
    return sizes.bounded_list(value, budget, "`list`"), args


PRECHECKS: Final[Mapping[str, Precheck]] = {
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "replace": _replace,
    "join": _join,
    "batch": _batch,
    "slice": _slice,
    "sum": _sum,
    "format": _format,
    "tojson": _tojson,
    "list": _list,
}


def guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func`, counted, prechecked and its result checked (see the module's docstring)."""
    passes = _PassArg.from_obj(func)
    precheck = PRECHECKS.get(name)
    text = name in TEXT_FILTERS
    growing = name in GROWING_FILTERS
    what = f"`{name}`"
    result_of = f"the result of {what}"
    given = f"the text of the value given to {what}"

    @pass_context
    @functools.wraps(func)
    def guarded(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.tick()
        if text and type(value) is not str:
            sizes.check_text(value, budget, given)
        elif growing and type(value) is str:
            sizes.check_chars(len(value), budget.limits, given)
        if precheck is not None:
            value, args = precheck(budget, value, args, kwargs)
        if passes is None:
            out = func(value, *args, **kwargs)
        elif passes is _PassArg.context:
            out = func(context, value, *args, **kwargs)
        elif passes is _PassArg.eval_context:
            out = func(context.eval_ctx, value, *args, **kwargs)
        else:
            out = func(context.environment, value, *args, **kwargs)
        return out if out is value else sizes.result(out, budget, result_of)

    return guarded


# --- calls ---------------------------------------------------------------------------------


def check_call(func: Any, args: tuple[Any, ...], kwargs: dict[str, Any], budget: Budget) -> tuple[Any, ...]:
    """Refuse a call of an amplifying method whose result would be over the limits; the
    (possibly materialized) arguments to call it with."""
    owner = getattr(func, "__self__", None)
    if not isinstance(func, types.BuiltinMethodType) or owner is None:
        return args
    name = func.__name__
    limits = budget.limits
    what = f"`{type(owner).__name__}.{name}`"
    if isinstance(owner, str | bytes):
        if name in ("center", "ljust", "rjust", "zfill"):
            sizes.check_chars(_int(_arg(args, kwargs, 0, "width", 0)), limits, what)
        elif name == "expandtabs":
            tab = b"\t" if isinstance(owner, bytes) else "\t"
            tabs = owner.count(tab)  # type: ignore[arg-type]
            size = len(owner) + tabs * _int(_arg(args, kwargs, 0, "tabsize", 8))
            sizes.check_chars(size, limits, what)
        elif name == "replace" and len(args) >= 2:
            count = _int(_arg(args, kwargs, 2, "count", -1)) if len(args) > 2 or "count" in kwargs else -1
            old, new = args[0], args[1]
            if isinstance(old, str | bytes) and isinstance(new, str | bytes) and isinstance(owner, str):
                sizes.check_chars(replaced_size(owner, str(old), str(new), count), limits, what)
        elif name == "join" and args:
            items = sizes.bounded_list(args[0], budget, what)
            size = len(owner) * max(0, len(items) - 1)
            size += sum(len(i) for i in items if isinstance(i, str | bytes))
            sizes.check_chars(size, limits, what)
            return (items, *args[1:])
        elif name in ("split", "rsplit", "splitlines") and isinstance(owner, str):
            sizes.check_items(_parts(owner, name, args, kwargs, limits.max_items), limits, what)
        elif name == "translate" and args and isinstance(args[0], Mapping):
            longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
            sizes.check_chars(len(owner) * max(1, longest), limits, what)
    elif isinstance(owner, int) and name == "to_bytes":
        sizes.check_chars(_int(_arg(args, kwargs, 0, "length", 1)), limits, what)
    return args


_WORD: Final = re.compile(r"\S+")


def _parts(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], most: int) -> int:
    """How many items `text.split(...)` / `splitlines()` gives, counted up to `most + 1`."""
    if name == "splitlines":
        return text.count("\n") + text.count("\r") + 1
    sep = _arg(args, kwargs, 0, "sep", None)
    limit = _arg(args, kwargs, 1, "maxsplit", -1)
    if isinstance(sep, str) and sep:
        found = text.count(sep) + 1
    elif len(text) // 2 + 1 <= most:
        return len(text) // 2 + 1
    else:
        found = sum(1 for _ in itertools.islice(_WORD.finditer(text), most + 1))
    return min(found, limit + 1) if isinstance(limit, int) and limit >= 0 else found


# --- str.format ----------------------------------------------------------------------------


class _Bounds:
    """Every `{}` field of a `str.format` call checked before it is formatted, and counted."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        budget = current()
        budget.tick()
        sizes.check_spec(format_spec, budget.limits, "a `format` width or precision")
        sizes.check_text(value, budget, "a `format` field")
        text = super().format_field(value, format_spec)  # type: ignore[misc]
        budget.build(len(text), "`format`")
        return text

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is not None:
            sizes.check_text(value, current(), "a `format` field")
        return super().convert_field(value, conversion)  # type: ignore[misc]


class BoundedFormatter(_Bounds, SandboxedFormatter):
    pass


class BoundedEscapeFormatter(_Bounds, SandboxedEscapeFormatter):
    pass
