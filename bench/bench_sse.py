"""Latency from an event's commit to its arrival in a subscriber, through the engine's SSE.

A producer process appends run events the way the runner's committer does (one transaction
each, then published to the run's Redis stream) at 200 events/s; 1, 50 and then 500
subscribers read `GET /api/v1/runs/{id}/events` from a real `orrery engine` process. The
producer and the subscribers run in processes of their own (up to 100 subscribers each, on a
raw socket, so the reading side costs little), so neither slows the other down in one
interpreter. Commit and arrival are timed with the machine's wall clock. Goal: the full
200 events/s delivered, p99 <= 50 ms, 500 subscribers measured.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt
import psycopg
from orrery.events import durable
from orrery.events import types as ev
from orrery.events.live import LivePublisher
from orrery.settings import DatabaseSettings
from orrery.store.database import Database
from psycopg.types.json import Jsonb
from redis.asyncio import Redis
from stack import JWT_SECRET, embedded_stack, engine_process

HERE = Path(__file__).resolve().parent
RATE = 200
EVENTS = 600
SECRET = JWT_SECRET
PER_PROCESS = 100
GOAL_P99_MS = 50.0



def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# -- the producer process -------------------------------------------------------------------
async def _produce(args: list[str]) -> None:
    engine_url, admin_url, redis_url, run_id, user, out = args
    claims = {"sub": user, "role": "authenticated", "aud": "authenticated"}
    db = Database(
        DatabaseSettings(
            url=engine_url, admin_url=admin_url, claims_secret=SECRET, pool_max=2
        )
    )
    await db.open()
    redis = Redis.from_url(redis_url)
    publisher = LivePublisher(redis)
    commits: dict[int, float] = {}

    async def commit(event: ev.RunEvent) -> None:
        async with db.as_user(
            claims, pipelined=True
        ) as conn:  # as the runner's committer does
            stored = await durable.append(conn, run_id, [event])
        commits[stored[0].seq] = time.time()
        await publisher.publish(run_id, stored)

    interval = 1 / RATE
    start = time.perf_counter()
    for i in range(EVENTS):
        await commit(
            ev.StepLog(
                run_id=run_id, at=datetime.now(UTC), node_id="n", message=f"event {i}"
            )
        )
        await asyncio.sleep(max(0.0, start + (i + 1) * interval - time.perf_counter()))
    elapsed = time.perf_counter() - start
    await commit(ev.RunSucceeded(run_id=run_id, at=datetime.now(UTC)))
    Path(out).write_text(
        json.dumps({"commits": commits, "rate_per_s": EVENTS / elapsed})
    )
    await redis.aclose()
    await db.close()


# -- a subscriber process ---------------------------------------------------------------------
async def _one_subscriber(
    host: str, port: int, path: str, token: str, arrivals: dict[int, float]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    buffer = b""
    while True:
        data = await reader.read(65536)
        if not data:
            break
        now = time.time()
        buffer += data
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            if line.startswith(b"id: "):
                arrivals.setdefault(int(line[4:]), now)
            elif line.startswith(b"event: run.succeeded"):
                writer.close()
                return
    writer.close()


async def _subscribe(args: list[str]) -> None:
    url, token, count, out = args
    host, port = url.removeprefix("http://").split("/", 1)[0].split(":")
    path = "/" + url.removeprefix("http://").split("/", 1)[1]
    arrivals: list[dict[int, float]] = [{} for _ in range(int(count))]
    tasks = [
        asyncio.create_task(_one_subscriber(host, int(port), path, token, a))
        for a in arrivals
    ]
    while not all(
        1 in a for a in arrivals
    ):  # every subscriber has the run's first event
        await asyncio.sleep(0.01)
    print("ready", flush=True)
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=120)
    Path(out).write_text(json.dumps(arrivals))


# -- the measurement ---------------------------------------------------------------------------
async def _measure(
    stack: Any, engine: str, subscribers: int, tmp: Path
) -> dict[str, float]:
    user = str(uuid.uuid4())
    claims = {"sub": user, "role": "authenticated", "aud": "authenticated"}
    token = jwt.encode(
        {**claims, "exp": int(time.time()) + 3600}, SECRET, algorithm="HS256"
    )
    workflow_id, run_id = str(uuid.uuid4()), str(uuid.uuid4())
    with psycopg.connect(stack.admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into auth.users (id, email) values (%s, %s)",
            (user, f"{user}@bench"),
        )
        conn.execute(
            "insert into workflows (id, owner_id, name) values (%s, %s, 'sse')",
            (workflow_id, user),
        )
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) values (%s, 1, %s, %s, %s)",
            (workflow_id, user, Jsonb({"schema": "orrery.workflow/v1"}), user),
        )
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version, status) values (%s, %s, %s, 1, 'running')",
            (run_id, user, workflow_id),
        )
        conn.execute(
            "insert into run_events (owner_id, run_id, type, data) values (%s, %s, 'run.queued', %s)",
            (
                user,
                run_id,
                Jsonb(
                    {
                        "type": "run.queued",
                        "run_id": run_id,
                        "at": datetime.now(UTC).isoformat(),
                        "workflow_id": workflow_id,
                        "version": 1,
                    }
                ),
            ),
        )
    url = f"{engine}/api/v1/runs/{run_id}/events"
    groups = [
        min(PER_PROCESS, subscribers - i) for i in range(0, subscribers, PER_PROCESS)
    ]
    readers = []
    for index, count in enumerate(groups):
        out = tmp / f"arrivals-{subscribers}-{index}.json"
        process = subprocess.Popen(
            [sys.executable, __file__, "subscribe", url, token, str(count), str(out)],
            stdout=subprocess.PIPE,
            text=True,
        )
        readers.append((process, out))
    for process, _ in readers:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    produced = tmp / f"commits-{subscribers}.json"
    load_before = os.getloadavg()[0]
    subprocess.run(
        [
            sys.executable,
            __file__,
            "produce",
            stack.engine_url,
            stack.admin_url,
            stack.redis_url,
            run_id,
            user,
            str(produced),
        ],
        check=True,
    )
    for process, _ in readers:
        process.wait(120)
    producer = json.loads(produced.read_text())
    commits = {int(seq): at for seq, at in producer["commits"].items()}
    arrivals = [
        {int(seq): at for seq, at in one.items()}
        for _, out in readers
        for one in json.loads(out.read_text())
    ]
    latencies = [
        (arrived[s] - commits[s]) * 1000
        for arrived in arrivals
        for s in commits
        if s in arrived
    ]
    return {
        "p50_ms": statistics.median(latencies),
        "p99_ms": _percentile(latencies, 0.99),
        "received": len(latencies) / max(1, len(commits) * subscribers),
        "rate_per_s": producer["rate_per_s"],
        "load_average": (load_before + os.getloadavg()[0]) / 2,
    }


async def run() -> dict[str, Any]:
    results: dict[str, Any] = {}
    with (
        embedded_stack() as stack,
        tempfile.TemporaryDirectory(prefix="orrery-sse-") as tmp,
        engine_process(stack, {"ENGINE_MAX_CONNECTIONS": "4096"}) as engine,
    ):
        for subscribers in (1, 50, 500):
            results[f"engine_{subscribers}_subscribers"] = await _measure(
                stack, engine.base, subscribers, Path(tmp)
            )
    print(
        f"{'through the engine SSE':<28}{'p50 ms':>8}{'p99 ms':>8}{'goal p99':>10}{'delivered':>11}"
        f"{'events/s':>10}{'goal':>6}{'load avg':>10}"
    )
    for name, r in results.items():
        print(
            f"{name:<28}{r['p50_ms']:>8.2f}{r['p99_ms']:>8.2f}{GOAL_P99_MS:>10.0f}{r['received']:>10.0%}"
            f"{r['rate_per_s']:>10.0f}{RATE:>6}{r['load_average']:>10.2f}"
        )
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    if len(sys.argv) > 1 and sys.argv[1] == "produce":
        asyncio.run(_produce(sys.argv[2:]))
    elif len(sys.argv) > 1 and sys.argv[1] == "subscribe":
        asyncio.run(_subscribe(sys.argv[2:]))
    else:
        asyncio.run(run())
