"""Router conditions: a tree of `all` / `any` / `not` over comparisons `left op right`.

`left` is a reference (`steps.review.output.score`), `right` a JSON value. Semantics:
- no type coercion for `equals` (but `1` equals `1.0`; `true` is not `1`);
- `gt`/`gte`/`lt`/`lte` compare numbers (numeric strings count as numbers: model
  outputs are often text) or two strings; anything else is false;
- `contains`: substring of a string, element of an array, key of an object;
- `exists`: the reference is there and not null; `is_empty`: missing, null, "", [] or {};
- a reference that is not there makes every comparison false except `not_equals`,
  `not_contains`, `not_exists` and `is_empty`;
- `all: []` holds, `any: []` does not.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

import msgspec

from orrery.nodes.fields import ReferencePath
from orrery.nodes.templates import MISSING, evaluate

Operator = Literal[
    "equals",
    "not_equals",
    "contains",
    "not_contains",
    "gt",
    "gte",
    "lt",
    "lte",
    "exists",
    "not_exists",
    "is_empty",
    "is_not_empty",
]
UNARY: frozenset[str] = frozenset({"exists", "not_exists", "is_empty", "is_not_empty"})


class Condition(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Exactly one of: `all` (every condition holds), `any` (at least one holds), `not`,
    or a comparison `left` `op` `right` (`right` is not used by exists/not_exists/is_empty/is_not_empty)."""

    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = msgspec.field(default=None, name="not")
    left: ReferencePath | None = None
    op: Operator | None = None
    right: Any = None

    def __post_init__(self) -> None:
        forms = [self.all is not None, self.any is not None, self.not_ is not None, self.left is not None]
        if sum(forms) != 1:
            raise ValueError(
                "A condition is exactly one of `all`, `any`, `not`, or a comparison `left`/`op`/`right`"
            )
        if self.left is not None and self.op is None:
            raise ValueError("A comparison needs an `op`")
        if self.left is None and (self.op is not None or self.right is not None):
            raise ValueError("`op` and `right` belong to a comparison with a `left`")

    def comparisons(self, path: str) -> list[tuple[str, Condition]]:
        """Every comparison in the tree, with its path (for validation messages)."""
        if self.left is not None:
            return [(path, self)]
        if self.not_ is not None:
            return self.not_.comparisons(f"{path}.not")
        key, children = ("all", self.all) if self.all is not None else ("any", self.any or [])
        return [
            found for i, child in enumerate(children) for found in child.comparisons(f"{path}.{key}[{i}]")
        ]


async def holds(condition: Condition, scope: Mapping[str, Any]) -> bool:
    """Whether the condition holds (`all`/`any` stop at the first comparison that decides)."""
    if condition.all is not None:
        for child in condition.all:
            if not await holds(child, scope):
                return False
        return True
    if condition.any is not None:
        for child in condition.any:
            if await holds(child, scope):
                return True
        return False
    if condition.not_ is not None:
        return not await holds(condition.not_, scope)
    assert condition.left is not None
    assert condition.op is not None
    value = await evaluate(condition.left, scope, missing="sentinel")
    return compare(value, condition.op, condition.right)


def compare(value: Any, op: Operator, right: Any) -> bool:
    if op in ("exists", "not_exists"):
        return (value is not MISSING and value is not None) == (op == "exists")
    if op in ("is_empty", "is_not_empty"):
        empty = value is MISSING or value is None or (isinstance(value, str | list | dict) and not value)
        return empty == (op == "is_empty")
    if op in ("not_equals", "not_contains"):
        return value is MISSING or not compare(value, "equals" if op == "not_equals" else "contains", right)
    if value is MISSING:
        return False
    if op == "equals":
        return _equal(value, right)
    if op == "contains":
        if isinstance(value, str):
            return isinstance(right, str) and right in value
        if isinstance(value, list):
            return any(_equal(item, right) for item in value)
        if isinstance(value, dict):
            return isinstance(right, str) and right in value
        return False
    left_n, right_n = _number(value), _number(right)
    if left_n is not None and right_n is not None:
        a: Any = left_n
        b: Any = right_n
    elif isinstance(value, str) and isinstance(right, str):
        a, b = value, right
    else:
        return False
    outcome: bool = {"gt": a > b, "gte": a >= b, "lt": a < b, "lte": a <= b}[op]
    return outcome


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equal(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if type(a) is not type(b) and (isinstance(a, bool) or isinstance(b, bool)):
        return False
    return bool(a == b)


def _number(value: Any) -> float | None:
    if _is_number(value):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None
