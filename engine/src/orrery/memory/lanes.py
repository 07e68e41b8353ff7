"""Which lane a document's embedding job takes: the memory queue, or its busy lane when the
document's owner already has others being read or embedded (`busy_owner_documents`).

Workers take the busy lane's jobs after the memory queue's (`embed_busy_document`'s lower
priority orders the messages a worker fetched), so a user who adds fifty PDFs waits behind
other users' documents, not in front of them: another user's one document waits for at most
the documents already being worked on, not for the whole backlog."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from orrery.store import memories as store

if TYPE_CHECKING:
    from orrery.memory.service import MemoryService

Claims = Mapping[str, Any]


async def queue_embedding(service: MemoryService, claims: Claims, document_id: str) -> None:
    """Send a stored document's job to the workers: to the busy lane when its owner already has
    `busy_owner_documents` others being read or embedded (their fiftieth PDF waits behind
    other users' documents, not in front of them)."""
    assert service.jobs is not None
    busy_at = service.limits.busy_owner_documents
    busy = False
    if busy_at:
        async with service.db.as_user(claims) as conn:
            busy = await store.count_documents_in_progress(conn, busy_at + 1) > busy_at
    await service.jobs.embed_document(document_id, str(claims["sub"]), busy=busy)
