"""The queues and actors that carry work to workers (declared by `orrery.worker.actors`)."""

from __future__ import annotations

RUNS_QUEUE = "runs"
EXECUTE_RUN = "execute_run"
BUSY_RUNS_QUEUE = "runs-busy"
"""The busy lane: runs of users who already had `ORRERY_BUSY_OWNER_RUNS` runs queued or
running when they started them. Workers take them after the runs queue's, and keep threads
free for the runs queue (queue/wakeup.py), so one user's batch never delays another's start."""
EXECUTE_BUSY_RUN = "execute_busy_run"
RUN_QUEUES = frozenset({RUNS_QUEUE, BUSY_RUNS_QUEUE})
MEMORY_QUEUE = "memory"
"""Embedding memory documents: a queue of its own, so a large upload never delays a run."""
EMBED_DOCUMENT = "embed_document"
BUSY_MEMORY_QUEUE = "memory-busy"
"""The memory queue's busy lane: documents of users who already had
`ORRERY_BUSY_OWNER_DOCUMENTS` being read or embedded when they added them. Workers take them
after the memory queue's (the actor's lower priority)."""
EMBED_BUSY_DOCUMENT = "embed_busy_document"
MEMORY_QUEUES = frozenset({MEMORY_QUEUE, BUSY_MEMORY_QUEUE})
LANE_GROUPS = (RUN_QUEUES, MEMORY_QUEUES)
"""Queues that share a process's threads as a queue and its busy lane (queue/wakeup.py)."""
BUSY_LANES = frozenset({BUSY_RUNS_QUEUE, BUSY_MEMORY_QUEUE})
EMBED_DOCUMENT_GAVE_UP = "embed_document_gave_up"
CRAWL_SITE = "crawl_site"
"""Adding a URL document's site (`follow`): its other pages, each a document of its own."""
"""Told when `embed_document` failed its last retry: the document is marked failed."""
