"""A worker process shares its threads between the two run queues (queue/wakeup.py): it never
holds more runs than its threads, and it leaves threads free for the runs queue however
many runs wait in the busy lane."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import dramatiq

from orrery.dev.embedded_valkey import EmbeddedValkey
from orrery.queue.names import BUSY_RUNS_QUEUE, EXECUTE_BUSY_RUN, EXECUTE_RUN, RUNS_QUEUE
from orrery.queue.wakeup import WakingRedisBroker, reserved_threads

THREADS = 8


def _message(queue: str, actor: str) -> dramatiq.Message[Any]:
    return dramatiq.Message(queue_name=queue, actor_name=actor, args=("r", "o"), kwargs={}, options={})


def _take(consumer: Any, at_most: int) -> list[Any]:
    """What the consumer hands its worker threads, asking `at_most` times (it answers None
    when it may not fetch, or found nothing within its short timeout)."""
    taken = []
    for _ in range(at_most):
        proxy = next(consumer)
        if proxy is not None:
            taken.append(proxy)
    return taken


def test_busy_lane_leaves_threads_for_the_runs_queue(valkey: EmbeddedValkey) -> None:
    # Given a worker process of eight threads on a broker of its own (no other worker's queues),
    # with twelve runs waiting in the busy lane
    broker = WakingRedisBroker(url=valkey.url, namespace=f"lanes-{uuid.uuid4().hex[:8]}")
    for queue in (RUNS_QUEUE, BUSY_RUNS_QUEUE):
        broker.declare_queue(queue)
    busy = broker.consume(BUSY_RUNS_QUEUE, prefetch=THREADS, timeout=50)
    runs = broker.consume(RUNS_QUEUE, prefetch=THREADS, timeout=50)
    for _ in range(12):
        broker.enqueue(_message(BUSY_RUNS_QUEUE, EXECUTE_BUSY_RUN))

    # When the process takes what it may from the busy lane
    from_busy = _take(busy, 30)

    # Then it took all but the threads kept for the runs queue
    assert len(from_busy) == THREADS - reserved_threads(THREADS) == 7
    # and when another user's runs arrive, it takes one for its last free thread, and no more
    for _ in range(2):
        broker.enqueue(_message(RUNS_QUEUE, EXECUTE_RUN))
    assert len(_take(runs, 10)) == 1
    assert broker.runs_outstanding() == THREADS
    # and a thread freed by a busy-lane run that ended serves the runs queue's next run
    busy.ack(from_busy[0])
    assert len(_take(runs, 10)) == 1
    broker.close()


def _fetch_together(start: threading.Barrier, consumer: Any, into: list[Any]) -> None:
    start.wait()
    into.extend(_take(consumer, 1))


def test_the_two_run_queues_fetching_at_once_never_take_more_runs_than_threads(
    valkey: EmbeddedValkey,
) -> None:
    # Given a worker process of eight threads whose two run-queue consumers (a thread each) both
    # find plenty waiting: Ada's backlog in the busy lane and other users' runs
    broker = WakingRedisBroker(url=valkey.url, namespace=f"lanes-{uuid.uuid4().hex[:8]}")
    for queue in (RUNS_QUEUE, BUSY_RUNS_QUEUE):
        broker.declare_queue(queue)
    for _ in range(40):
        broker.enqueue(_message(BUSY_RUNS_QUEUE, EXECUTE_BUSY_RUN))
        broker.enqueue(_message(RUNS_QUEUE, EXECUTE_RUN))
    most = 0

    # When both consumers fetch at the same moment, round after round (each round's runs end)
    for _ in range(40):
        consumers = [
            broker.consume(queue, prefetch=THREADS, timeout=50) for queue in (BUSY_RUNS_QUEUE, RUNS_QUEUE)
        ]
        start = threading.Barrier(2)
        taken: list[list[Any]] = [[], []]
        threads = [
            threading.Thread(target=_fetch_together, args=(start, consumer, into))
            for consumer, into in zip(consumers, taken, strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        most = max(most, broker.runs_outstanding())
        for consumer, proxies in zip(consumers, taken, strict=True):
            for proxy in proxies:
                consumer.nack(proxy)
            consumer.message_cache = []  # what was fetched but not handed out goes back unasked

    # Then the process never held more runs than it has threads
    assert most <= THREADS
    broker.close()
