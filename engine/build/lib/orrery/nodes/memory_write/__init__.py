"""`memory_write`: store a rendered template (e.g. the approved script) in a memory collection."""

from __future__ import annotations

from orrery.nodes.memory_write.node import MemoryWriteConfig, MemoryWriteNode

__all__ = ["MemoryWriteConfig", "MemoryWriteNode"]
