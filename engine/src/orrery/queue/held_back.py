"""Runs held back by their owner's cap on runs executing at once
(`ORRERY_MAX_RUNNING_RUNS_PER_USER`), waiting in Valkey for one of the owner's runs to end.

A worker that finds a new run over its owner's cap (`runner.lease.DEFERRED`) acks its
message and notes the run here, in the owner's set, oldest first; a worker that ends one of
the owner's runs sends the oldest one again. Nothing here is the truth: the run stays
`queued` in Postgres, and a note lost (Valkey restarted) only costs the wait for the
sweeper, which sends every run still queued after `ORRERY_STALE_AFTER_S`.
"""

from __future__ import annotations

import logging
import time
from typing import Final

from redis.asyncio import Redis
from redis.exceptions import RedisError

from orrery.errors import DependencyUnavailable
from orrery.queue.dispatcher import RunDispatcher

log = logging.getLogger(__name__)

KEEP_S: Final = 24 * 3600
"""A user's set is forgotten this long after the last run was added to it."""


def held_back_key(owner_id: str) -> str:
    return f"orrery:held-back:{owner_id}"


class HeldBackRuns:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def add(self, owner_id: str, run_id: str) -> None:
        """Note a run held back (a second note of the same run keeps its first place)."""
        key = held_back_key(owner_id)
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.zadd(key, {run_id: time.time()}, nx=True)
                pipe.expire(key, KEEP_S)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("run %s held back, not noted (%s): the sweeper will send it", run_id, exc)

    async def send_next(self, owner_id: str, dispatcher: RunDispatcher) -> str | None:
        """Send the owner's oldest held-back run to the workers again; its id, if any."""
        try:
            popped = await self._redis.zpopmin(held_back_key(owner_id), 1)
        except (RedisError, OSError) as exc:
            log.warning("could not look for %s's held-back runs (%s)", owner_id, exc)
            return None
        if not popped:
            return None
        member = popped[0][0]
        run_id = member.decode() if isinstance(member, bytes) else str(member)
        try:
            await dispatcher.execute(run_id, owner_id)
        except DependencyUnavailable:
            log.warning("run %s: could not be sent again; the sweeper will", run_id)
        return run_id
