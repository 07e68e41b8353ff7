"""`input`: where a run starts; its output is the run's inputs."""

from __future__ import annotations

from orrery.nodes.input.node import InputConfig, InputNode

__all__ = ["InputConfig", "InputNode"]
