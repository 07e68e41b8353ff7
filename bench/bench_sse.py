"""Latency from an event's commit to its arrival in a subscriber, through the engine's SSE.

A producer appends run events the way the runner's committer does (one transaction
each, then published to the run's Redis stream) at 200 events/s; 1 and then 50
subscribers read `GET /api/v1/runs/{id}/events` from a real `orrery engine` process.
Commit and arrival are timed by the same clock (this process). Targets: p50 <= 15 ms
and p99 <= 100 ms through the engine.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt
import psycopg
from psycopg.types.json import Jsonb
from redis.asyncio import Redis
from stack import JWT_SECRET, embedded_stack

from orrery.events import durable
from orrery.events import types as ev
from orrery.events.live import LivePublisher
from orrery.settings import DatabaseSettings
from orrery.store.database import Database

RATE = 200
EVENTS = 600
SECRET = JWT_SECRET


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def _subscriber(url: str, token: str, arrivals: dict[int, float], ready: asyncio.Event) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(timeout=60) as client,
        client.stream("GET", url, headers=headers) as response,
    ):
        seq: int | None = None
        async for line in response.aiter_lines():
            if line.startswith("id: "):
                seq = int(line[4:])
            elif line.startswith("event: "):
                if line[7:] == "run.queued":
                    ready.set()
            elif line == "" and seq is not None:
                arrivals.setdefault(seq, time.perf_counter())
                seq = None
            if line.startswith("event: run.succeeded"):
                return


async def _measure(stack: Any, engine: str, subscribers: int) -> dict[str, float]:
    user = str(uuid.uuid4())
    claims = {"sub": user, "role": "authenticated", "aud": "authenticated"}
    token = jwt.encode({**claims, "exp": int(time.time()) + 3600}, SECRET, algorithm="HS256")
    workflow_id, run_id = str(uuid.uuid4()), str(uuid.uuid4())
    with psycopg.connect(stack.admin_url, autocommit=True) as conn:
        conn.execute("insert into auth.users (id, email) values (%s, %s)", (user, f"{user}@bench"))
        conn.execute("insert into workflows (id, owner_id, name) values (%s, %s, 'sse')", (workflow_id, user))
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) values (%s, 1, %s, %s, %s)",
            (workflow_id, user, Jsonb({"schema": "orrery.workflow/v1"}), user),
        )
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version, status) values (%s, %s, %s, 1, 'running')",
            (run_id, user, workflow_id),
        )
    db = Database(
        DatabaseSettings(
            url=stack.engine_url, admin_url=stack.admin_url, claims_secret=stack.jwt_secret, pool_max=2
        )
    )
    await db.open()
    redis = Redis.from_url(stack.redis_url)
    publisher = LivePublisher(redis)

    async def commit(event: ev.RunEvent) -> tuple[int, float]:
        async with db.as_user(claims) as conn:
            stored = await durable.append(conn, run_id, [event])
        committed = time.perf_counter()
        await publisher.publish(run_id, stored)
        return stored[0].seq, committed

    commits: dict[int, float] = {}
    seq, at = await commit(
        ev.RunQueued(run_id=run_id, at=datetime.now(UTC), workflow_id=workflow_id, version=1)
    )
    arrivals: list[dict[int, float]] = [{} for _ in range(subscribers)]
    readies = [asyncio.Event() for _ in range(subscribers)]
    url = f"{engine}/api/v1/runs/{run_id}/events"
    tasks = [
        asyncio.create_task(_subscriber(url, token, arrivals[i], readies[i])) for i in range(subscribers)
    ]
    await asyncio.gather(*(r.wait() for r in readies))
    await asyncio.sleep(0.5)
    interval = 1 / RATE
    start = time.perf_counter()
    for i in range(EVENTS):
        event: ev.RunEvent = ev.StepLog(
            run_id=run_id, at=datetime.now(UTC), node_id="n", message=f"event {i}"
        )
        seq, committed = await commit(event)
        commits[seq] = committed
        await asyncio.sleep(max(0.0, start + (i + 1) * interval - time.perf_counter()))
    await commit(ev.RunSucceeded(run_id=run_id, at=datetime.now(UTC)))
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=60)
    await redis.aclose()
    await db.close()
    latencies = [(arrived[s] - commits[s]) * 1000 for arrived in arrivals for s in commits if s in arrived]
    return {
        "p50_ms": statistics.median(latencies),
        "p99_ms": _percentile(latencies, 0.99),
        "received": len(latencies) / max(1, len(commits) * subscribers),
        "rate_per_s": len(commits) / (time.perf_counter() - start),
    }


async def run() -> dict[str, Any]:
    results: dict[str, Any] = {}
    with embedded_stack() as stack:
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": stack.engine_url,
            "REDIS_URL": stack.redis_url,
            "SUPABASE_JWT_SECRET": SECRET,
            "ENGINE_PORT": str(port),
        }
        engine = subprocess.Popen(
            [sys.executable, "-m", "orrery", "engine"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            for subscribers in (1, 50):
                results[f"engine_{subscribers}_subscribers"] = await _measure(stack, base, subscribers)
        finally:
            engine.terminate()
            engine.wait(20)
    print(f"{'through the engine SSE':<32}{'p50 ms':>10}{'p99 ms':>10}{'delivered':>11}{'events/s':>10}")
    for name, r in results.items():
        print(
            f"{name:<32}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['received']:>10.0%}{r['rate_per_s']:>10.0f}"
        )
    print(json.dumps({"targets": {"p50_ms": 15, "p99_ms": 100}}))
    return results
