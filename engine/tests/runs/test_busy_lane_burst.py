"""The busy lane holds for a burst: a script that starts a dozen runs at once (in parallel
requests) gets its first `ORRERY_BUSY_OWNER_RUNS` in the runs queue and the rest in the busy
lane, as if it had started them one by one. Each start counted the runs committed before it,
so simultaneous starts all counted none and all went to the runs queue, onto the threads every
worker keeps for other users."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis
from redis.asyncio import Redis

from orrery.dev.embedded_valkey import EmbeddedValkey
from orrery.events.live import LivePublisher
from orrery.queue.control import publish_control
from orrery.queue.dispatcher import DramatiqDispatcher, create_broker
from orrery.queue.names import BUSY_RUNS_QUEUE, RUNS_QUEUE
from orrery.runs.service import RunService
from orrery.settings import Settings
from orrery.store.database import Database
from tests.runner.conftest import Api, make_user
from tests.runner.test_worker_admission import quick

BURST = 12


@pytest.fixture
async def service(settings: Settings, valkey: EmbeddedValkey) -> AsyncIterator[tuple[RunService, str]]:
    """The API's run service on a pool wide enough for the burst, enqueueing on a Redis database
    of its own (no worker consumes it)."""
    queue_url = valkey.url.rsplit("/", 1)[0] + "/9"
    redis.Redis.from_url(queue_url).flushdb()
    db = Database(settings.database, application_name="burst", max_size=BURST)
    await db.open()
    live = Redis.from_url(valkey.url)
    broker = create_broker(queue_url)
    yield (
        RunService(
            db=db,
            dispatcher=DramatiqDispatcher(broker),
            publisher=LivePublisher(live),
            control=lambda run_id, action: publish_control(live, run_id, action),
            settings=settings.runner,
        ),
        queue_url,
    )
    broker.close()
    await live.aclose()
    await db.close()


async def test_a_burst_of_starts_puts_all_but_the_first_few_in_the_busy_lane(
    service: tuple[RunService, str], settings: Settings, admin_url: str
) -> None:
    # Given Ada, with no run yet, and the busy lane from a user's 5th run queued or running on
    runs, queue_url = service
    assert settings.runner.busy_owner_runs == 4
    ada = make_user(admin_url, settings.auth.jwt_secret)
    workflow_id = Api(None, ada, admin_url).create_workflow(quick())  # type: ignore[arg-type]

    # When her script starts twelve runs at once
    started = await asyncio.gather(*(runs.start(ada.claims, workflow_id, {}) for _ in range(BURST)))

    # Then four wait in the runs queue and eight in the busy lane
    ids = {run.id for run, created in started if created}
    assert len(ids) == BURST
    lanes = redis.Redis.from_url(queue_url)

    def in_queue(name: str) -> set[Any]:
        messages = lanes.hvals(f"orrery:{name}.msgs")
        return {run for run in ids if any(str(run).encode() in m for m in messages)}

    assert (len(in_queue(RUNS_QUEUE)), len(in_queue(BUSY_RUNS_QUEUE))) == (4, BURST - 4)


async def test_a_run_she_waits_for_at_the_screen_is_not_queued_behind_her_backlog(
    service: tuple[RunService, str], settings: Settings, admin_url: str
) -> None:
    # Given Ada with six batch runs queued: four in the runs queue, two in the busy lane
    runs, queue_url = service
    ada = make_user(admin_url, settings.auth.jwt_secret)
    workflow_id = Api(None, ada, admin_url).create_workflow(quick())  # type: ignore[arg-type]
    batch = [(await runs.start(ada.claims, workflow_id, {}))[0].id for _ in range(6)]
    lanes = redis.Redis.from_url(queue_url)

    def lane_of(run_id: Any) -> str:
        for name in (RUNS_QUEUE, BUSY_RUNS_QUEUE):
            if any(str(run_id).encode() in m for m in lanes.hvals(f"orrery:{name}.msgs")):
                return name
        return "none"

    assert [lane_of(r) for r in batch] == [RUNS_QUEUE] * 4 + [BUSY_RUNS_QUEUE] * 2

    # When she sends a chat turn, then five more (interactive runs: a person waits for each)
    async def interactive() -> Any:
        async with runs.db.as_user(ada.claims) as conn:
            started = await runs.record(conn, workflow_id, {}, interactive=True)
        await runs.announce(started)
        return started.run.id

    turns = [await interactive() for _ in range(6)]

    # Then her first four interactive runs go to the runs queue, ahead of her busy-lane backlog;
    # past four of them, they too wait in the busy lane (marking runs interactive gains no more)
    assert [lane_of(r) for r in turns] == [RUNS_QUEUE] * 4 + [BUSY_RUNS_QUEUE] * 2
