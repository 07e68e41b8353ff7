"""What one render may spend: operations, time, and what it builds, counted while it runs.

Every guarded step of a render (a loop iteration, a filter, function or operator call, a
piece of output) calls `Budget.tick`; everything a render builds (strings, lists) is
charged with `Budget.build`. Both raise a `TemplateRenderError` subclass naming the limit
the moment it is passed, so a render stops by itself: Python threads cannot be killed, and
this is what stops a render that runs in one. Every `CHECK_EVERY` ticks the budget also
looks at the clock and at `cancel()` (the awaiting task was cancelled, e.g. by the node's
timeout) and, in a render thread, briefly lets go of the GIL so the event loop keeps pace.

The budget of the render in progress is a context variable (`current()`), set by
`Budget.enter()` in whichever thread renders.
"""

from __future__ import annotations

import time
from contextvars import ContextVar, Token
from typing import Final

from orrery.nodes.errors import TemplateRenderError, TemplateTooExpensive, TemplateTooLarge
from orrery.settings import TemplateSettings

CHECK_EVERY: Final = 64
"""Ticks between looks at the clock and the cancel flag (a tick is ~1 us; the slowest ~1 ms)."""
YIELD_EVERY: Final = 16
"""Checks between GIL hand-offs in a render thread (~1,000 ticks: well under a millisecond)."""


class RenderCancelled(TemplateRenderError):
    """The render was abandoned (its step timed out or was cancelled); nobody sees this error."""

    code = "template_render_cancelled"


class Budget:
    """The allowance of one render. Not shared between renders or threads."""

    __slots__ = (
        "_checks",
        "_countdown",
        "built",
        "cancelled",
        "deadline",
        "in_thread",
        "limits",
        "operations",
    )

    def __init__(self, limits: TemplateSettings, *, in_thread: bool = False) -> None:
        self.limits = limits
        self.in_thread = in_thread
        self.operations = 0
        self.built = 0
        self.cancelled = False
        self.deadline = time.monotonic() + limits.max_seconds
        self._countdown = CHECK_EVERY
        self._checks = 0

    def start(self) -> None:
        """The clock starts when the render does (not while it waits for a thread)."""
        self.deadline = time.monotonic() + self.limits.max_seconds

    def cancel(self) -> None:
        """Ask the render to stop at its next check (called from another thread)."""
        self.cancelled = True

    def tick(self, operations: int = 1) -> None:
        self.operations += operations
        if self.operations > self.limits.max_operations:
            raise TemplateTooExpensive(
                f"The template is too expensive: it needs more than {self.limits.max_operations:,} "
                "operations (loop iterations, filter, function and operator calls). Loop over less "
                "data or simplify it."
            )
        self._countdown -= 1
        if self._countdown <= 0:
            self._check()

    def _check(self) -> None:
        self._countdown = CHECK_EVERY
        if self.cancelled:
            raise RenderCancelled("The render was cancelled.")
        if time.monotonic() > self.deadline:
            raise TemplateTooExpensive(
                f"The template is too expensive: it ran for more than {self.limits.max_seconds:g} s "
                f"(the limit for one render). Loop over less data or simplify it."
            )
        if self.in_thread:
            self._checks += 1
            if self._checks % YIELD_EVERY == 0:
                time.sleep(0)  # let the event loop's thread take the GIL now, not in 5 ms

    def build(self, size: int, what: str) -> None:
        """Charge `size` characters (or list items) that the render has just built or is about to."""
        self.built += size
        if self.built > self.limits.max_built_chars:
            raise TemplateTooLarge(
                f"The template builds too much: more than {self.limits.max_built_chars:,} characters "
                f"and list items in all (last: {what})."
            )

    def enter(self) -> Token[Budget]:
        """Make this the budget of the render running in this thread (until `leave`)."""
        return _CURRENT.set(self)

    def leave(self, token: Token[Budget]) -> None:
        _CURRENT.reset(token)


_CURRENT: ContextVar[Budget] = ContextVar("orrery_template_budget")


def current() -> Budget:
    """The budget of the render in progress; outside a render (a guard called directly) a
    fresh default one, so a guard never runs unbounded."""
    budget = _CURRENT.get(None)
    return budget if budget is not None else Budget(TemplateSettings())
