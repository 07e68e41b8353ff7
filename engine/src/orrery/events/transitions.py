"""State changes of runs and steps, each built once: the row fields it writes and the
event that tells it, from the same facts."""

from __future__ import annotations

from typing import Any

import msgspec

from orrery.events import types as ev


def decision_record(decision: ev.Decision) -> dict[str, Any]:
    """A decision as the step row's `decision` column keeps it (every field, defaults too)."""
    record: dict[str, Any] = msgspec.to_builtins(decision)
    return {"comment": None, "decided_by": None, "edited": False, "by_timeout": False, **record}
