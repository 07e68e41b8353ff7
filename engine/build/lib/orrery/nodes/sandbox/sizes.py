"""How big a value is, or would be as text, measured before anything large is built.

A template may hold many references to one large string (`[big] * 1000` is a small list),
so the size that matters is the size of the text it would become: `estimate` walks a
value as `str()` or JSON would, adding up as it goes and stopping as soon as it passes
the cap, so measuring costs at most about as much as the cap. `result` checks (and
charges to the budget) what a guarded operation has just returned; `counted` makes every
item pulled from an iterator one operation.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any, Final

from orrery.nodes.errors import TemplateRenderError, TemplateTooExpensive, TemplateTooLarge
from orrery.nodes.sandbox.budget import Budget, current
from orrery.settings import TemplateSettings

_OTHER: Final = 64
"""The text of a value that is neither data nor a container (a macro, a loop): short."""


def estimate(value: Any, cap: int, indent: int = 0) -> int:
    """About how many characters `value` takes as text (as `str()` or JSON, with `indent`),
    or some number over `cap` as soon as it is known to be more than `cap`."""
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        item, depth = pop()
        kind = type(item)
        if kind is str:
            total += len(item) + 2
        elif kind is dict or kind is list or kind is tuple:
            total += 2 + len(item) * (4 + indent * (depth + 1))
            if total > cap:
                return total
            if kind is dict:
                for key, val in item.items():
                    push((key, depth + 1))
                    push((val, depth + 1))
            else:
                for part in item:
                    push((part, depth + 1))
        elif kind is int:
            total += item.bit_length() // 3 + 2
        elif item is None or kind is bool or kind is float:
            total += 24
        else:
            total += _other(item, depth, cap, indent, push)
        if total > cap:
            return total
    return total


def _other(item: Any, depth: int, cap: int, indent: int, push: Any) -> int:
    """The size of what `estimate` has no fast path for (subclasses, sets, views, bytes)."""
    if isinstance(item, str):
        return len(item) + 2
    if isinstance(item, bytes | bytearray):
        return 4 * len(item) + 3
    if isinstance(item, int | float):
        return estimate(int(item) if isinstance(item, int) else 0.0, cap)
    if isinstance(item, range):
        return 40
    if isinstance(item, Mapping | Collection):
        size = 2 + len(item) * (4 + indent * (depth + 1))
        if size > cap:
            return size
        pairs = item.items() if isinstance(item, Mapping) else ((x,) for x in item)
        for pair in pairs:
            for part in pair:
                push((part, depth + 1))
        return size
    return _OTHER


def text_size(value: Any, cap: int) -> int:
    """The length of `value` as text: exact for a string, else `estimate`."""
    return len(value) if isinstance(value, str) else estimate(value, cap)


def check_chars(size: int, limits: TemplateSettings, what: str) -> None:
    if size > limits.max_chars:
        raise TemplateTooLarge(
            f"The template builds a value too large: {what} would be over {limits.max_chars:,} "
            f"characters (about {size:,}), the limit for one value."
        )


def check_items(count: int, limits: TemplateSettings, what: str) -> None:
    if count > limits.max_items:
        raise TemplateTooLarge(
            f"The template builds a list too long: {what} would have {count:,} items; "
            f"the limit is {limits.max_items:,}."
        )


def check_bits(bits: int, limits: TemplateSettings, what: str) -> None:
    if bits > limits.max_int_bits:
        raise TemplateTooLarge(
            f"The template computes a number too large: {what} would have about {bits:,} bits; "
            f"the limit is {limits.max_int_bits:,} (about {limits.max_int_bits * 3 // 10:,} digits)."
        )


def check_text(value: Any, budget: Budget, what: str) -> None:
    """Refuse `value` before it is turned into text that would be over the limit."""
    if not isinstance(value, str):
        limits = budget.limits
        check_chars(estimate(value, limits.max_chars), limits, what)


def result(value: Any, budget: Budget, what: str) -> Any:
    """A guarded operation's result, checked against the limits and charged to the budget;
    an iterator comes back counting its items."""
    limits = budget.limits
    if isinstance(value, str | bytes):
        check_chars(len(value), limits, what)
        budget.build(len(value), what)
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        check_bits(value.bit_length(), limits, what)
    elif isinstance(value, list | tuple | dict | set | frozenset):
        check_items(len(value), limits, what)
        budget.build(len(value), what)
    elif isinstance(value, Iterator):
        return counted(value, budget)
    return value


def counted(items: Iterable[Any], budget: Budget | None = None) -> Iterator[Any]:
    """`items`, one operation per item."""
    budget = budget or current()
    for item in items:
        budget.tick()
        yield item


def bounded_list(items: Iterable[Any], budget: Budget, what: str) -> list[Any]:
    """`items` as a list, refused as soon as it is longer than a list may be."""
    limits = budget.limits
    if isinstance(items, Collection) and not isinstance(items, str | bytes):
        check_items(len(items), limits, what)
    out: list[Any] = []
    for item in items:
        budget.tick()
        out.append(item)
        if len(out) > limits.max_items:
            check_items(len(out), limits, what)
    budget.build(len(out), what)
    return out


def bounded_range(*args: int) -> range:
    """The template's `range`: lazy, but never longer than a render could loop over."""
    numbers = range(*args)
    limits = current().limits
    if len(numbers) > limits.max_operations:
        raise TemplateTooExpensive(
            f"The template is too expensive: range({', '.join(map(str, args))}) has {len(numbers):,} "
            f"numbers, more than the {limits.max_operations:,} operations a render may perform."
        )
    return numbers


# --- formatting: widths and precisions are sizes too --------------------------------------

_PERCENT: Final = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?"
    r"(?P<conversion>[diouxXeEfFgGcrsa%])"
)
_SPEC: Final = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d+)?[,_]?(?:\.(?P<precision>\d+))?")


def check_spec(spec: str, limits: TemplateSettings, what: str) -> None:
    """A `str.format` field spec such as `>20` or `.3f`: its width and precision are sizes."""
    match = _SPEC.match(spec)
    if match:
        for number in (match["width"], match["precision"]):
            if number and len(number) > 9:
                check_chars(10**9, limits, what)
            if number:
                check_chars(int(number), limits, what)


def percent_size(text: str, args: Any, limits: TemplateSettings) -> int:
    """About how long `text % args` is, without computing it (refusing `*` widths)."""
    total = len(text)
    position = 0
    for match in _PERCENT.finditer(text):
        conversion = match["conversion"]
        if conversion == "%":
            continue
        if match["width"] == "*" or match["precision"] == "*":
            raise TemplateRenderError("`%` formatting with `*` widths is not supported in templates.")
        numbers = [n for n in (match["width"], match["precision"]) if n]
        if any(len(n) > 9 for n in numbers):
            check_chars(10**9, limits, "`%` formatting")
        width = int(match["width"] or 0)
        precision = int(match["precision"]) if match["precision"] else None
        check_chars(max(width, precision or 0), limits, "a `%` width or precision")
        if match["key"] is not None and isinstance(args, Mapping):
            arg = args.get(match["key"])
        else:
            items = args if isinstance(args, tuple) else (args,)
            arg = items[position] if position < len(items) else None
            position += 1
        total += max(width, _formatted(arg, conversion, precision, limits.max_chars))
        if total > limits.max_chars:
            return total
    return total


def _formatted(arg: Any, conversion: str, precision: int | None, cap: int) -> int:
    if conversion == "c":
        return 1
    if conversion in "sra":
        size = estimate(arg, cap)
        return min(size, precision) if precision is not None else size
    digits = estimate(arg, cap) if isinstance(arg, int) else 320
    return digits + (precision if precision is not None else 6) + 2
