"""What the live-event tests share: a running run to watch, and reading SSE bytes back."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from redis.asyncio import Redis

from orrery.events import durable
from orrery.events import types as ev
from orrery.events.hub import RunEventHub
from orrery.events.live import LivePublisher
from orrery.events.stream import RunEventStream
from orrery.store.database import Database


def running_run(admin_url: str) -> tuple[str, str]:
    user, workflow_id, run_id = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("insert into auth.users (id, email) values (%s, %s)", (user, f"{user}@example.com"))
        conn.execute("insert into workflows (id, owner_id, name) values (%s, %s, 'w')", (workflow_id, user))
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, 1, %s, %s, %s)",
            (workflow_id, user, Jsonb({"schema": "orrery.workflow/v1"}), user),
        )
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version, status) "
            "values (%s, %s, %s, 1, 'running')",
            (run_id, user, workflow_id),
        )
    return user, run_id


def parse(chunks: list[bytes]) -> tuple[list[int], list[str]]:
    """(the ids of the events received, the comments received)."""
    ids, comments = [], []
    for block in b"".join(chunks).split(b"\n\n"):
        for line in block.split(b"\n"):
            if line.startswith(b"id: "):
                ids.append(int(line[4:]))
            elif line.startswith(b": "):
                comments.append(line[2:].decode())
    return ids, comments


@dataclass
class WatchedRun:
    """A running run, an engine's hub and stream over it, and a way to commit its events as the
    runner does (durable first, then live)."""

    db: Database
    claims: dict[str, str]
    run_id: str
    hub: RunEventHub
    stream: RunEventStream
    publisher: LivePublisher

    async def commit(self, event: ev.RunEvent) -> None:
        async with self.db.as_user(self.claims) as conn:
            stored = await durable.append(conn, self.run_id, [event])
        await self.publisher.publish(self.run_id, stored)


@asynccontextmanager
async def watched_run(
    db: Database, redis_url: str, admin_url: str, **stream_options: Any
) -> AsyncIterator[WatchedRun]:
    """A `WatchedRun` on `db` (its hub reads every 200 ms at the most), closed afterwards."""
    user, run_id = running_run(admin_url)
    claims = {"sub": user, "role": "authenticated", "aud": "authenticated"}
    redis = Redis.from_url(redis_url)
    hub = RunEventHub(redis, block_ms=200)
    try:
        yield WatchedRun(
            db, claims, run_id, hub, RunEventStream(db, hub, **stream_options), LivePublisher(redis)
        )
    finally:
        await hub.close()
        await redis.aclose()
