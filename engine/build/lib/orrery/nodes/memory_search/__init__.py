"""`memory_search`: the chunks of a memory collection most similar to a query template."""

from __future__ import annotations

from orrery.nodes.memory_search.node import MemorySearchConfig, MemorySearchNode

__all__ = ["MemorySearchConfig", "MemorySearchNode"]
