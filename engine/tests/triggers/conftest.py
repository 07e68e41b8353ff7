"""Real parts for the triggers: the worker's and the sweeper's logins on the test database, the
real queue (Valkey), and a clock the test moves by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from orrery.events.live import LivePublisher
from orrery.queue.control import publish_control
from orrery.queue.dispatcher import DramatiqDispatcher, create_broker
from orrery.runs import RunService
from orrery.settings import Settings, TriggerSettings, load_settings
from orrery.store.database import Database
from orrery.triggers.scheduler import Scheduler


class Clock:
    """Now, as the test says it is."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@dataclass
class SchedulerParts:
    worker_db: Database
    sweeper_db: Database
    runs: RunService
    settings: TriggerSettings
    clock: Clock

    def scheduler(self) -> Scheduler:
        """A scheduler as one worker process runs it (a new one: as after a restart)."""
        return Scheduler(self.sweeper_db, self.worker_db, self.runs, self.settings, self.clock)


@pytest.fixture
def worker_settings(env: dict[str, str]) -> Settings:
    return load_settings(env, process="worker")


@pytest.fixture
async def parts(worker_settings: Settings) -> AsyncIterator[SchedulerParts]:
    worker_db = Database(worker_settings.database, application_name="orrery-worker")
    assert worker_settings.database.sweeper_url
    sweeper_db = Database(
        worker_settings.database, url=worker_settings.database.sweeper_url, application_name="orrery-sweeper"
    )
    await worker_db.open()
    await sweeper_db.open()
    redis = Redis.from_url(worker_settings.redis.url)
    broker = create_broker(worker_settings.redis.url)
    runs = RunService(
        db=worker_db,
        dispatcher=DramatiqDispatcher(broker),
        publisher=LivePublisher(redis),
        control=lambda run_id, action: publish_control(redis, run_id, action),
        settings=worker_settings.runner,
    )
    clock = Clock(datetime(2099, 12, 7, 8, 59, 30, tzinfo=UTC))
    yield SchedulerParts(worker_db, sweeper_db, runs, worker_settings.triggers, clock)
    broker.close()
    await redis.aclose()
    await worker_db.close()
    await sweeper_db.close()


# The HTTP API as the signed-in user drives it, and a real worker process (tests/runner).
from tests.runner.conftest import api, user  # noqa: E402

__all__ = ["api", "user"]
