"""`loop`: a container that repeats its body until a condition holds or a maximum is reached."""

from __future__ import annotations

from orrery.nodes.loop.errors import IterationFailed
from orrery.nodes.loop.node import LoopConfig, LoopNode

__all__ = ["IterationFailed", "LoopConfig", "LoopNode"]
