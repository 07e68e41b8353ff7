"""Ingesting documents costs a process a bounded amount of memory, however many arrive at once
(issue 14: five ~510 KB documents took the engine from ~390 MB to 3.7 GB)."""

from __future__ import annotations

import asyncio
import random

from orrery.memory import LocalEmbedder, MemoryService
from orrery.memory.models import MemoryDocumentCreate
from orrery.net import SafeHttpClient
from orrery.settings import INGESTION_MEMORY_CEILING_MB, Settings
from orrery.store.database import Database
from tests.memory.conftest import collection
from tests.support.memory import PeakRss
from tests.workflows.helpers import User

WORDS = [
    "channel",
    "video",
    "script",
    "scene",
    "glaze",
    "kiln",
    "bowl",
    "ceramic",
    "studio",
    "lisbon",
    "audience",
    "question",
    "hook",
    "pacing",
    "thumbnail",
    "title",
    "episode",
    "viewer",
    "comment",
    "upbeat",
    "brand",
    "voice",
    "color",
    "light",
    "camera",
    "edit",
    "cut",
    "music",
    "story",
]


def document(seed: int, size: int) -> str:
    """About `size` characters of prose-like text, in paragraphs (different for each seed)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    while sum(map(len, paragraphs)) < size:
        sentences = (" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))) for _ in range(5))
        paragraphs.append(". ".join(s.capitalize() for s in sentences) + ".")
    return "\n\n".join(paragraphs)


async def test_several_large_documents_at_once_stay_under_the_stated_ceiling(
    db: Database, http: SafeHttpClient, settings: Settings, ada: User
) -> None:
    # Given the built-in model loaded as the engine loads it (the default memory settings), in
    # a session of its own (its working memory starts empty)
    embedder = LocalEmbedder.from_settings(settings.memory)
    await embedder.embed(["warm up"])
    memory = MemoryService(db, embedder, http)
    channel = await collection(memory, ada)
    texts = [document(seed, 60_000) for seed in range(5)]

    # When five large documents are added at the same time
    with PeakRss() as rss:
        added = await asyncio.gather(
            *(
                memory.add_document(ada.claims, str(channel.id), MemoryDocumentCreate(source="text", text=t))
                for t in texts
            )
        )

    # Then all are stored, chunked and embedded
    assert [a.deduplicated for a in added] == [False] * 5
    assert all(a.document.chunk_count >= 40 for a in added)  # ~1,100 characters in 254 tokens
    # and the process grew by less than the ceiling the settings state
    assert rss.grew_mb < INGESTION_MEMORY_CEILING_MB, f"grew {rss.grew_mb:.0f} MB"
