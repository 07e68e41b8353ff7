"""A run the sweeper sends again goes back to the lane its start chose: a busy user's backlog,
waiting longer than `stale_after_s` for a worker, stays in the busy lane instead of landing on
the threads every worker keeps for other users."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator

import psycopg
import pytest
import redis

from orrery.dev.embedded_valkey import EmbeddedValkey
from orrery.queue.dispatcher import DramatiqDispatcher, create_broker
from orrery.queue.names import BUSY_RUNS_QUEUE, RUNS_QUEUE
from orrery.runner.sweeper import sweep_once
from orrery.settings import Settings
from orrery.store.database import Database
from tests.runner.conftest import seed_workflow


def _time_ordered_ids(count: int) -> list[str]:
    """Run ids as the database makes them (UUIDv7), one millisecond apart: in start order."""
    now_ms = int(time.time() * 1000)
    return [
        str(uuid.UUID(bytes=(now_ms - count + i).to_bytes(6, "big") + b"\x70" + uuid.uuid4().bytes[7:]))
        for i in range(count)
    ]


class Owner:
    """A user with a workflow, whose runs are inserted as the admin, as if long queued."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.id, self.workflow = seed_workflow(admin_url)

    def runs(
        self, ids: list[str], *, status: str = "queued", lease_lapsed: bool = False, interactive: bool = False
    ) -> list[str]:
        lease = ("a-lost-worker", "-infinity") if lease_lapsed else (None, None)
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute("alter table public.runs disable trigger runs_set_updated_at")
            try:
                for run_id in ids:
                    conn.execute(
                        "insert into runs (id, owner_id, workflow_id, workflow_version, status, "
                        "lease_owner, lease_expires_at, updated_at, interactive) "
                        "values (%s, %s, %s, 1, %s, %s, %s, now() - interval '1 hour', %s)",
                        (run_id, self.id, self.workflow, status, *lease, interactive),
                    )
            finally:
                conn.execute("alter table public.runs enable trigger runs_set_updated_at")
        return ids


@pytest.fixture
def queue(valkey: EmbeddedValkey) -> Iterator[str]:
    """A Redis database of this test's own (a worker another test left running consumes db 0's)."""
    url = valkey.url.rsplit("/", 1)[0] + "/8"
    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()


async def test_a_busy_users_backlog_is_sent_again_to_the_busy_lane(
    admin_url: str, settings: Settings, sweeper_db: Database, queue: str, no_worker_running: None
) -> None:
    # Given Ada (the busy lane from her 5th run on, as ORRERY_BUSY_OWNER_RUNS=4 says): a run a
    # lost worker left running, then five runs queued an hour ago whose messages were lost, then
    # a node test she started from the editor (interactive: counted apart); and Bob's one queued
    # run, lost too
    assert settings.runner.busy_owner_runs == 4
    ada, bob = Owner(admin_url), Owner(admin_url)
    ids = _time_ordered_ids(8)
    left = ada.runs(ids[:1], status="running", lease_lapsed=True)
    first, backlog = ada.runs(ids[1:4]), ada.runs(ids[4:6])
    node_test = ada.runs(ids[6:7], interactive=True)
    bobs = bob.runs(ids[7:])
    ours = set(ids)

    # When the sweeper comes round (the session's shared worker, whose sweeper would send our runs
    # to its own Redis database, is paused; until it has seen ours, should a paused sweep hold the lock)
    broker = create_broker(queue)
    lanes = redis.Redis.from_url(queue)

    def in_queue(name: str) -> set[str]:
        messages = lanes.hvals(f"orrery:{name}.msgs")
        return {run for run in ours if any(run.encode() in m for m in messages)}

    try:
        for _ in range(50):
            await sweep_once(sweeper_db, DramatiqDispatcher(broker), settings.runner)
            if in_queue(RUNS_QUEUE) | in_queue(BUSY_RUNS_QUEUE) == ours:
                break
            await asyncio.sleep(0.1)
    finally:
        broker.close()

    # Then Ada's two runs from her fifth on wait in the busy lane again, where their starts put them
    assert in_queue(BUSY_RUNS_QUEUE) == set(backlog)
    # And her first runs, the run a worker left, her node test and Bob's run go to the runs queue
    assert in_queue(RUNS_QUEUE) == set(left + first + node_test + bobs)
