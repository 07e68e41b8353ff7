"""Long-term memory on pgvector: per-user collections of documents, split into chunks,
embedded (the built-in all-MiniLM-L6-v2 on onnxruntime, or a provider's model), and
searched by cosine similarity under row-level security. `orrery.api.memory` is its HTTP
face; workflow nodes reach it through `MemoryService.access(claims)`."""

from __future__ import annotations

from orrery.memory.embeddings import LocalEmbedder
from orrery.memory.service import MemoryService

__all__ = ["LocalEmbedder", "MemoryService"]
