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

Fair starts: the two run queues (`queue.names`: `runs`, and `runs-busy` for the runs of a user
who already had many queued or running) share the process's threads. A process fetches runs
only while it holds fewer than its threads (its prefetch), counting both queues, so a run never
waits in a busy process; and it takes busy-lane runs only while fewer than its threads minus
`reserved_threads` are taken, so those threads are always free for the runs queue: another
user's run starts at once however many runs one user has queued. The busy lane is served first
in, first out by every other thread, so its runs are never starved; a run of the runs queue
fetched with a busy-lane one goes first (the busy actor's lower priority).

The memory queue and its busy lane (`memory-busy`: the documents of a user who already had
others being read or embedded) share threads the same way, as a group of their own
(`queue.names.LANE_GROUPS`): a busy-lane document is fetched only for a thread the memory
queue leaves free, so another user's document is not queued behind one user's pile on the
worker either (a prefetched busy-lane message would take the next free thread first).
"""

from __future__ import annotations

import threading
import time
from contextlib import nullcontext
from typing import Any

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker, _RedisConsumer
from dramatiq.common import compute_backoff, current_millis
from dramatiq.errors import ConnectionClosed
from redis.exceptions import NoScriptError

from orrery.queue.names import BUSY_LANES, LANE_GROUPS, RUN_QUEUES

MAX_TOKENS = 256
"""Wake-up tokens kept per queue while no worker is idle to take them."""
BUSY_BACKOFF_MS = 10
"""The longest sleep of a consumer at its prefetch limit before it looks again."""


def wake_key(namespace: str, queue_name: str) -> str:
    return f"{namespace}:wake:{queue_name}"


def reserved_threads(threads: int) -> int:
    """Threads of a process kept for a queue (runs, memory) rather than its busy lane: an
    eighth, at least one (none with one thread: the busy lane must be served too)."""
    return min(max(1, threads // 8), threads - 1) if threads > 1 else 0


class WakingRedisBroker(RedisBroker):
    """A `RedisBroker` whose enqueue wakes one idle consumer of the queue."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[no-untyped-call]
        self._lane_consumers: dict[str, _WakingConsumer] = {}
        self.lane_fetches = {group: threading.Lock() for group in LANE_GROUPS}
        """Per group, held by its consumers from counting their room to holding what they
        fetched: a queue's and its busy lane's consumers (a thread each) would otherwise both
        count the same free threads and fetch for them."""

    def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 5000) -> _WakingConsumer:
        consumer = _WakingConsumer(self, queue_name, prefetch, timeout)  # type: ignore[no-untyped-call]
        group = next((g for g in LANE_GROUPS if queue_name in g), None)
        if group is not None:
            # A consumer made again after a lost connection replaces the old one's count.
            self._lane_consumers[queue_name] = consumer
            kept = reserved_threads(prefetch) if queue_name in BUSY_LANES else 0
            consumer.lane = group
            consumer.lane_limit = prefetch - kept
        return consumer

    def lane_outstanding(self, group: frozenset[str]) -> int:
        """Messages of a lane group (a queue and its busy lane) this process fetched and has
        not acked yet."""
        consumers = list(self._lane_consumers.items())
        return sum(consumer.outstanding_message_count for queue, consumer in consumers if queue in group)

    def runs_outstanding(self) -> int:
        """Runs this process fetched and has not acked yet, both run queues together."""
        return self.lane_outstanding(RUN_QUEUES)

    def do_enqueue(self, queue_name: str, redis_message_id: str, encoded: bytes) -> None:
        """`RedisBroker.enqueue`'s write (its `dispatch` script, as `RedisBroker._dispatch`
        calls it) and the wake-up token, in one pipeline: one round trip per enqueue, not two.

        The script goes by its hash (`EVALSHA`): a script object handed to a pipeline makes
        redis-py check that it is loaded (`SCRIPT EXISTS`, one more round trip) before every
        execute. A Redis that lost its scripts (restarted) answers `NoScriptError`; then the
        message goes the loading way, once."""
        script = self.scripts["dispatch"]
        args = [
            "enqueue",
            current_millis(),
            queue_name,
            self.broker_id,
            self.heartbeat_timeout,
            self.dead_message_ttl,
            self._should_do_maintenance("enqueue"),
            self._max_unpack_size(),  # type: ignore[no-untyped-call]
            redis_message_id,
            encoded,
        ]
        key = wake_key(self.namespace, queue_name)
        pipe = self.client.pipeline(transaction=False)
        pipe.evalsha(script.sha, 1, self.namespace, *args)
        pipe.lpush(key, b"1")
        pipe.ltrim(key, 0, MAX_TOKENS - 1)
        dispatched, *_ = pipe.execute(raise_on_error=False)
        if isinstance(dispatched, NoScriptError):
            script(keys=[self.namespace], args=args)  # loads it; the token is already pushed
        elif isinstance(dispatched, Exception):
            raise dispatched


class _WakingConsumer(_RedisConsumer):  # type: ignore[misc]
    lane: frozenset[str] | None = None
    """For a queue with a busy lane (runs, memory): the group it shares threads with."""
    lane_limit: int = 0
    """Fetch only while the process holds fewer of its group's messages than this."""

    def _room(self) -> int:
        """How many messages this consumer may fetch now."""
        room = int(self.prefetch - self.outstanding_message_count)
        if self.lane is not None:
            room = min(room, self.lane_limit - self.broker.lane_outstanding(self.lane))
        return room

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
                with self.broker.lane_fetches[self.lane] if self.lane is not None else nullcontext():
                    room = self._room()
                    if room > 0:
                        self.message_cache = self.broker.do_fetch(self.queue_name, room)
                if room <= 0:
                    # Busy: capacity frees up inside this process; poll briefly for it.
                    self.misses, backoff_ms = compute_backoff(self.misses, max_backoff=BUSY_BACKOFF_MS)
                    time.sleep(backoff_ms / 1000)
                    return None
                if self.message_cache:
                    continue
                # Idle: wait for a wake-up token (or the timeout), then fetch again.
                self.broker.client.brpop(
                    [wake_key(self.broker.namespace, self.queue_name)], timeout=self.timeout / 1000
                )
                return None
        except redis.ConnectionError as exc:
            raise ConnectionClosed(exc) from None  # type: ignore[no-untyped-call]
