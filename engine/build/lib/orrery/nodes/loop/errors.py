"""What a loop step fails with (a tree under `NodeError`, like every node's)."""

from __future__ import annotations

from orrery.nodes.errors import NodeError


class IterationFailed(NodeError):
    """A step of an iteration's body failed: the loop stops there."""

    code = "iteration_failed"
