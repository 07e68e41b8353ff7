"""Every step error a user can see has its own stable code.

The runner shows `StepError.code` on a failed step (the web keys messages and filters on
it). A subclass that forgot to declare one would silently show its parent's code:
`template_too_expensive` would read `template_render`.
"""

from __future__ import annotations

import importlib
import pkgutil

import orrery
from orrery.errors import StepError


def _all_step_errors() -> list[type[StepError]]:
    for module in pkgutil.walk_packages(orrery.__path__, "orrery."):
        if module.name.startswith(("orrery.dev", "orrery.cli", "orrery.__main__")):
            continue
        importlib.import_module(module.name)
    found: list[type[StepError]] = []
    stack: list[type[StepError]] = [StepError]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.__subclasses__())
    return found


def test_every_step_error_declares_its_own_code() -> None:
    # Given every step error class of the engine
    classes = _all_step_errors()

    # When their codes are read
    undeclared = [c.__qualname__ for c in classes if "code" not in vars(c)]

    # Then each declares one (a few share one on purpose: the agent's credential problems
    # are all `model_credential`, which the settings page explains as one)
    assert undeclared == []
    assert all(c.code and c.code == c.code.lower() for c in classes)
