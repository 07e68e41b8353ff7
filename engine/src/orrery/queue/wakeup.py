"""Dramatiq's Redis broker, with idle workers woken by a notification instead of a poll.

Dramatiq's Redis consumer finds no message, sleeps a backoff of up to the worker timeout,
and asks again: an idle worker either polls Redis a hundred times a second (a 10 ms
timeout) or starts a run up to a second late (the default), and under CPU load each of
those polls costs a scheduling slice. Here every enqueue also pushes a token onto the
queue's wake-up list (one Redis round trip with the message, in a pipeline), and an idle
consumer blocks on that list (`BRPOP`) for up to its timeout instead of sleeping: a run
enqueued while a worker is idle is fetched as soon as Redis hands the token over.

A token is taken by exactly one blocked consumer, so one message wakes one worker. A
consumer only blocks when it asked for messages and got none; one at its prefetch limit
(busy) sleeps the short backoff as before and leaves tokens to idle workers. Tokens left
over while every worker was busy are capped (`MAX_TOKENS`) and cost an idle worker at most
that many empty fetches. The list is not the truth: a lost token (Redis restarted between
the push and the pop) costs one timeout, never a message, since the consumer still fetches
every `timeout` ms, which also keeps Dramatiq's heartbeat fresh.
"""

from __future__ import annotations

import time
from typing import Any

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker, _RedisConsumer
from dramatiq.common import compute_backoff
from dramatiq.errors import ConnectionClosed

MAX_TOKENS = 256
"""Wake-up tokens kept per queue while no worker is idle to take them."""
BUSY_BACKOFF_MS = 10
"""The longest sleep of a consumer at its prefetch limit before it looks again."""


def wake_key(namespace: str, queue_name: str) -> str:
    return f"{namespace}:wake:{queue_name}"


class WakingRedisBroker(RedisBroker):
    """A `RedisBroker` whose enqueue wakes one idle consumer of the queue."""

    @property
    def consumer_class(self) -> type[_RedisConsumer]:
        return _WakingConsumer

    def enqueue(self, message: dramatiq.Message[Any], *, delay: int | None = None) -> dramatiq.Message[Any]:
        queued = super().enqueue(message, delay=delay)
        key = wake_key(self.namespace, queued.queue_name)
        pipe = self.client.pipeline(transaction=False)
        pipe.lpush(key, b"1")
        pipe.ltrim(key, 0, MAX_TOKENS - 1)
        pipe.execute()
        return queued


class _WakingConsumer(_RedisConsumer):  # type: ignore[misc]
    def __next__(self) -> Any:
        try:
            while True:
                if self.message_cache:
                    data = self.message_cache.pop(0)
                    if data is None:
                        continue
                    self.misses = 0
                    message = dramatiq.Message.decode(data)
                    self.queued_message_ids.add(message.message_id)
                    return dramatiq.MessageProxy(message)
                if self.outstanding_message_count >= self.prefetch:
                    # Busy: capacity frees up inside this process; poll briefly for it.
                    self.misses, backoff_ms = compute_backoff(self.misses, max_backoff=BUSY_BACKOFF_MS)
                    time.sleep(backoff_ms / 1000)
                    return None
                self.message_cache = self.broker.do_fetch(
                    self.queue_name, self.prefetch - self.outstanding_message_count
                )
                if self.message_cache:
                    continue
                # Idle: wait for a wake-up token (or the timeout), then fetch again.
                self.broker.client.brpop(
                    [wake_key(self.broker.namespace, self.queue_name)], timeout=self.timeout / 1000
                )
                return None
        except redis.ConnectionError as exc:
            raise ConnectionClosed(exc) from None  # type: ignore[no-untyped-call]
