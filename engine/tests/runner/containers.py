"""Documents with containers for the runner's tests: a body node names its container."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.runner.test_scheduling import node


def inside(parent: str, node_id: str, type_: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    """A node of `parent`'s body."""
    return {**node(node_id, type_, config), "parent": parent}


def body_steps(run: dict[str, Any], node_id: str) -> dict[str, dict[str, Any]]:
    """scope -> the current step of `node_id` in that iteration."""
    found: dict[str, dict[str, Any]] = {}
    for step in sorted(run["steps"], key=lambda s: s["attempt"]):
        if step["node_id"] == node_id and step["superseded_at"] is None:
            found[step["scope"]] = step
    return found


def most_at_once(steps: list[dict[str, Any]]) -> int:
    """The most of these steps that were running at the same moment (from their timestamps)."""
    spans = [
        (datetime.fromisoformat(s["started_at"]), datetime.fromisoformat(s["finished_at"])) for s in steps
    ]
    return max(sum(1 for start, end in spans if start <= moment < end) for moment, _ in spans)
