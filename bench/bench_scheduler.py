"""Schedules fired per second by two schedulers at once, and what an idle round costs.

200 schedules of 20 users, all due at the same minute, fired by two schedulers ticking together
(as two worker processes do); every fire is claimed, advanced and its run inserted in one owner
transaction. Reference: an idle round (nothing due), the cost every worker pays every
`ORRERY_SCHEDULER_INTERVAL_S`. Printed with the load average (the machines are shared).
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from orrery.events.live import LivePublisher
from orrery.queue.dispatcher import DramatiqDispatcher, create_broker
from orrery.runs import RunService
from orrery.settings import DatabaseSettings, RunnerSettings, TriggerSettings
from orrery.store.database import Database
from orrery.triggers.scheduler import Scheduler
from psycopg.types.json import Jsonb
from redis.asyncio import Redis
from stack import embedded_stack

USERS = 20
PER_USER = 10
SPEC = {
    "schema": "orrery.workflow/v1",
    "nodes": [
        {"id": "start", "type": "input", "position": {"x": 0, "y": 0}, "config": {}},
        {"id": "result", "type": "output", "position": {"x": 0, "y": 0}, "config": {}},
    ],
    "edges": [{"id": "e", "source": "start", "target": "result", "source_handle": None}],
}


def _seed(admin_url: str, due: datetime) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for _ in range(USERS):
            user, workflow = str(uuid.uuid4()), str(uuid.uuid4())
            conn.execute("insert into auth.users (id, email) values (%s, %s)", (user, f"{user}@bench.test"))
            conn.execute(
                "insert into public.workflows (id, owner_id, name) values (%s, %s, 'b')", (workflow, user)
            )
            conn.execute(
                "insert into public.workflow_versions (workflow_id, version, owner_id, spec, created_by) "
                "values (%s, 1, %s, %s, %s)",
                (workflow, user, Jsonb(SPEC), user),
            )
            for _ in range(PER_USER):
                conn.execute(
                    "insert into public.schedules (owner_id, workflow_id, cron, next_fire_at) "
                    "values (%s, %s, '* * * * *', %s)",
                    (user, workflow, due),
                )


async def run() -> dict[str, Any]:
    with embedded_stack() as stack:
        due = datetime(2099, 1, 1, 9, 0, tzinfo=UTC)
        _seed(stack.admin_url, due)
        settings = DatabaseSettings(
            url=stack.engine_url, admin_url=stack.admin_url, claims_secret=stack.jwt_secret
        )
        worker = Database(
            settings, url=stack.engine_url.replace("orrery_engine", "orrery_worker"), max_size=4
        )
        sweeper = Database(
            settings, url=stack.engine_url.replace("orrery_engine", "orrery_sweeper"), max_size=2
        )
        await worker.open()
        await sweeper.open()
        redis = Redis.from_url(stack.redis_url)
        broker = create_broker(stack.redis_url)

        async def control(run_id: str, action: str) -> None:
            return None

        runs = RunService(worker, DramatiqDispatcher(broker), LivePublisher(redis), control, RunnerSettings())
        at = due + timedelta(seconds=5)
        schedulers = [Scheduler(sweeper, worker, runs, TriggerSettings(), lambda: at) for _ in range(2)]
        start = time.perf_counter()
        while True:
            rounds = await asyncio.gather(*(s.tick() for s in schedulers))
            if not any(rounds):
                break
        fire_s = time.perf_counter() - start
        idle: list[float] = []
        for _ in range(50):
            t0 = time.perf_counter()
            await schedulers[0].tick()
            idle.append(time.perf_counter() - t0)
        with psycopg.connect(stack.admin_url) as conn:
            row = conn.execute(
                "select count(*), count(distinct (trigger_id, trigger_fire_at)) from public.runs"
            ).fetchone()
        broker.close()
        await redis.aclose()
        await worker.close()
        await sweeper.close()
    fires = USERS * PER_USER
    assert row is not None
    result = {
        "fires": fires,
        "runs": row[0],
        "distinct_fires": row[1],
        "fires_per_s": fires / fire_s,
        "idle_round_ms_median": sorted(idle)[len(idle) // 2] * 1000,
        "load_average": os.getloadavg(),
    }
    rate = fires / fire_s
    print(f"{fires} due schedules, 2 schedulers: {rate:.0f} fires/s, {row[0]} runs ({row[1]} distinct fires)")
    print(f"idle round (nothing due): median {result['idle_round_ms_median']:.2f} ms")
    print(f"load average: {' '.join(f'{x:.2f}' for x in result['load_average'])}")
    return result
