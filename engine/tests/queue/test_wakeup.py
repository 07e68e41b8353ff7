"""An idle worker is woken by the enqueue of a run, not by its next poll (queue/wakeup.py)."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import dramatiq
import redis

from orrery.dev.embedded_valkey import EmbeddedValkey
from orrery.queue.dispatcher import create_broker
from orrery.queue.wakeup import wake_key

LONG_IDLE_MS = 30_000
"""A consumer's idle timeout far longer than the test's patience."""


def _queue() -> str:
    """A queue of the test's own: a worker another test left running consumes `runs`."""
    return f"runs-{uuid.uuid4().hex[:8]}"


def _message(queue: str) -> dramatiq.Message[Any]:
    return dramatiq.Message(
        queue_name=queue, actor_name="execute_run", args=("r", "o"), kwargs={}, options={}
    )


def test_an_idle_consumer_takes_a_message_as_soon_as_it_is_enqueued(valkey: EmbeddedValkey) -> None:
    # Given a worker's consumer that has found its queue empty for a long while, and now
    # waits up to 30 s before it looks again
    broker = create_broker(valkey.url)
    queue = _queue()
    broker.declare_queue(queue)
    consumer = broker.consume(queue, prefetch=1, timeout=LONG_IDLE_MS)
    consumer.misses = 32  # Dramatiq's poll backoff is at its ceiling: the timeout
    received: list[str] = []

    def look() -> None:
        while not received:
            proxy = next(consumer)
            if proxy is not None:
                received.append(proxy.message_id)

    watcher = threading.Thread(target=look, daemon=True)
    watcher.start()
    time.sleep(0.3)  # it has looked, found nothing, and waits

    # When a user starts a run
    sent = broker.enqueue(_message(queue))

    # Then the waiting consumer has it well before its 30 s wait would have ended
    watcher.join(timeout=10)
    assert received == [sent.message_id]
    broker.close()


def test_a_busy_consumer_leaves_the_wake_up_to_an_idle_worker(valkey: EmbeddedValkey) -> None:
    # Given a consumer already holding as many messages as it may prefetch (its worker is busy)
    broker = create_broker(valkey.url)
    queue = _queue()
    broker.declare_queue(queue)
    busy = broker.consume(queue, prefetch=1, timeout=LONG_IDLE_MS)
    broker.enqueue(_message(queue))
    first = None
    while first is None:
        first = next(busy)
    tokens = redis.Redis.from_url(valkey.url)
    tokens.delete(wake_key("orrery", queue))  # that run's wake-up is spent

    # When another run is enqueued while it is busy, and the busy consumer looks again
    broker.enqueue(_message(queue))
    assert next(busy) is None

    # Then the wake-up token for the new run is still there for an idle worker to take
    assert tokens.llen(wake_key("orrery", queue)) == 1
    broker.close()


def _calls(client: redis.Redis, command: str) -> int:
    stats = client.info("commandstats")
    return int(stats.get(f"cmdstat_{command}", {}).get("calls", 0))


def test_an_enqueue_is_one_round_trip_and_survives_a_redis_that_lost_its_scripts(
    valkey: EmbeddedValkey,
) -> None:
    # Given the engine's broker, having enqueued once (its dispatch script is loaded)
    broker = create_broker(valkey.url)
    queue = _queue()
    broker.declare_queue(queue)
    broker.enqueue(_message(queue))
    client = redis.Redis.from_url(valkey.url)
    checks, runs = _calls(client, "script|exists"), _calls(client, "evalsha")

    # When users start five runs
    for _ in range(5):
        broker.enqueue(_message(queue))

    # Then each went in one pipeline with its wake-up token: no check that the script is loaded
    # first (that was a round trip of its own before every enqueue). (Other tests' workers may
    # share this Valkey: they add calls of their own, never a SCRIPT EXISTS.)
    assert _calls(client, "script|exists") == checks
    assert _calls(client, "evalsha") >= runs + 5

    # And when Redis forgets its scripts (restarted), the next run is still enqueued
    client.script_flush()
    last = broker.enqueue(_message(queue))
    consumer = broker.consume(queue, prefetch=10, timeout=100)
    received = []
    for _ in range(50):
        proxy = next(consumer)
        if proxy is not None:
            received.append(proxy.message_id)
        if last.message_id in received:
            break
    assert len(received) == 7
    assert last.message_id in received
    broker.close()
