"""`BoundedSandbox`: Jinja's immutable sandbox, with every costly step counted and sized.

On top of what the sandbox refuses (internals such as `''.__class__`, mutation):
- every `for` iterable is wrapped (an AST pass at compile time) so each iteration is one
  operation of the render's budget (`budget.py`);
- `+`, `*`, `**`, `%` and `//` are intercepted and checked BEFORE they compute: a repeated
  string or list, a sum of two, a `%` format with its widths, an integer power by its bits;
- `~` and every buffer join (macros, `{% set %}` blocks, `{% filter %}`) add the lengths of
  their parts before joining them;
- every filter and every call is counted, prechecked where it amplifies, and its result
  sized (`guards.py`); `str.format` fields are checked one by one;
- output: lists and dicts render as JSON (measured first), everything counted.
Nothing runs at compile time: the optimizer is off, guarded filters take the context.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from orrery.nodes.sandbox import sizes
from orrery.nodes.sandbox.budget import Budget, current
from orrery.nodes.sandbox.guards import BoundedEscapeFormatter, BoundedFormatter, check_call, guard_filter

INTERCEPTED: Final = frozenset({"+", "*", "**", "%", "//"})


def guarded(method: str, node: nodes.Node) -> nodes.Call:
    """`environment.<method>(<node>)`: how the AST pass routes an expression through a guard
    (Jinja allows no custom node types; the generator writes this call directly)."""
    return nodes.Call(nodes.EnvironmentAttribute(method), [node], [], None, None, lineno=node.lineno)


class _Generator(CodeGenerator):
    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        if isinstance(node.node, nodes.EnvironmentAttribute):  # only the AST pass makes these
            self.write(f"environment.{node.node.name}(")
            self.visit(node.args[0], frame)
            self.write(")")
            return
        super().visit_Call(node, frame, forward_caller=forward_caller)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def to_json(value: Any, indent: int | None = None) -> str:
    """Plain JSON (no HTML escaping); what `| tojson` and data in output give."""
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def _finalize(value: Any) -> Any:
    """An output expression's value as the text it renders to: data as JSON, measured first."""
    if type(value) is str:
        return value  # (counted with the rendered text)
    budget = current()
    budget.tick()
    sizes.check_text(value, budget, "the text of an output expression")
    if value is None or isinstance(value, bool | dict | list | tuple):
        return to_json(value)
    return value


class BoundedSandbox(ImmutableSandboxedEnvironment):
    code_generator_class = _Generator
    intercepted_binops = INTERCEPTED

    def __init__(self) -> None:
        super().__init__(
            undefined=jinja2.StrictUndefined, autoescape=False, finalize=_finalize, optimized=False
        )
        self.globals = {"range": sizes.bounded_range, "dict": dict}
        self.filters["tojson"] = to_json
        self.filters = {name: guard_filter(name, func) for name, func in self.filters.items()}
        self.concat = _bounded_join  # type: ignore[method-assign,assignment]

    # --- compile time: route every loop through its counter ---------------------------------

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:  # type: ignore[override]
        for loop in source.find_all(nodes.For):
            loop.iter = guarded("loop_items", loop.iter)
        return super()._generate(source, name, filename, defer_init)

    @staticmethod
    def loop_items(iterable: Any) -> Any:
        return sizes.counted(iterable)

    @staticmethod
    def bounded_concat(parts: tuple[Any, ...]) -> str:
        """`a ~ b ~ c`: each part as text, the total measured before joining."""
        budget = current()
        budget.tick()
        cap = budget.limits.max_chars
        size = 0
        for part in parts:
            size += sizes.text_size(part, cap)
            sizes.check_chars(size, budget.limits, "the result of `~`")
        text = "".join(map(str, parts))
        budget.build(len(text), "`~`")
        return text

    # --- run time -----------------------------------------------------------------------------

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = current()
        budget.tick()
        _check_binop(operator, left, right, budget)
        return sizes.result(self.binop_table[operator](left, right), budget, f"`{operator}`")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.tick()
        args = check_call(__obj, args, kwargs, budget)
        out = super().call(__context, __obj, *args, **kwargs)
        if isinstance(__obj, Macro):
            return out  # its text was measured when its buffer was joined
        return sizes.result(out, budget, f"the result of `{getattr(__obj, '__name__', 'a call')}`")

    def getattr(self, obj: Any, attribute: str) -> Any:
        # `output.items` means the key "items" when there is one, not dict.items.
        if (type(obj) is dict or isinstance(obj, Mapping)) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def wrap_str_format(self, value: Any) -> Any:
        """`str.format` / `format_map`, each field checked (Jinja's own, with a bounded formatter)."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner: str = value.__self__
        formatter = (
            BoundedEscapeFormatter(self, escape=owner.escape)
            if isinstance(owner, Markup)
            else BoundedFormatter(self)
        )
        is_format_map = value.__name__ == "format_map"

        def bounded_format(*args: Any, **kwargs: Any) -> str:
            if not is_format_map:
                return type(owner)(formatter.vformat(owner, args, kwargs))
            if kwargs or len(args) != 1:
                raise TypeError("format_map() takes exactly one argument")
            return type(owner)(formatter.vformat(owner, (), args[0]))

        return bounded_format


def _bounded_join(parts: Any) -> str:
    """A buffer's pieces (a macro's, a `{% set %}` block's) joined once their lengths add up."""
    budget = current()
    pieces = parts if isinstance(parts, list) else list(parts)
    size = sum(map(len, pieces))
    sizes.check_chars(size, budget.limits, "a block's text")
    budget.build(size, "a block's text")
    return "".join(pieces)


def _check_binop(operator: str, left: Any, right: Any, budget: Budget) -> None:
    limits = budget.limits
    if isinstance(left, bool) or isinstance(right, bool):
        return
    sequences = (str, bytes, list, tuple)
    if operator == "*":
        if isinstance(left, int) and isinstance(right, sequences):
            left, right = right, left
        if isinstance(left, sequences) and isinstance(right, int):
            size = len(left) * max(right, 0)
            if isinstance(left, str | bytes):
                sizes.check_chars(size, limits, "a repeated string (`*`)")
            else:
                sizes.check_items(size, limits, "a repeated list (`*`)")
        elif isinstance(left, int) and isinstance(right, int):
            sizes.check_bits(left.bit_length() + right.bit_length(), limits, "a product (`*`)")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if right > 0 and abs(left) > 1:
            sizes.check_bits(left.bit_length() * right, limits, "a power (`**`)")
    elif operator == "+":
        if isinstance(left, str | bytes) and isinstance(right, str | bytes):
            sizes.check_chars(len(left) + len(right), limits, "a sum of strings (`+`)")
        elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
            sizes.check_items(len(left) + len(right), limits, "a sum of lists (`+`)")
    elif operator == "%" and isinstance(left, str):
        sizes.check_chars(sizes.percent_size(left, right, limits), limits, "the result of `%` formatting")
