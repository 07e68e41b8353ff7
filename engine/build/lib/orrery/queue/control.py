"""The command channel to the worker executing a run: cancel now, or look again.

One Redis pub/sub channel carries `{run_id, action}` to every worker process;
the one executing that run acts on it. A message lost (Redis down) is not
fatal: lease renewals notice a cancel request in Postgres, a run cannot end or
be let go past one, and decisions are picked up when the execution settles.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

CHANNEL = "orrery:run-control"


async def publish_control(redis: Redis, run_id: str, action: str) -> None:
    try:
        await redis.publish(CHANNEL, json.dumps({"run_id": run_id, "action": action}))
    except (RedisError, OSError) as exc:
        log.warning("control message %s for run %s not sent: %s", action, run_id, exc)


async def listen_for_control(redis: Redis, on_message: Callable[[str, str], None]) -> None:
    """Calls `on_message(run_id, action)` for every command, reconnecting after Redis outages."""
    while True:
        try:
            async with redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                await pubsub.subscribe(CHANNEL)
                async for message in pubsub.listen():
                    try:
                        body = json.loads(message["data"])
                        on_message(str(body["run_id"]), str(body["action"]))
                    except (ValueError, KeyError, TypeError):
                        log.warning("ignoring a malformed control message: %r", message)
        except asyncio.CancelledError:
            raise
        except (RedisError, OSError) as exc:
            log.warning("control channel lost (%s); reconnecting", exc)
            await asyncio.sleep(1.0)
