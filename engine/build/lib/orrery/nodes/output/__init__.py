"""`output`: what a run returns; the run's outputs are `{name: value}` over its output nodes."""

from __future__ import annotations

from orrery.nodes.output.node import OutputConfig, OutputNode

__all__ = ["OutputConfig", "OutputNode"]
