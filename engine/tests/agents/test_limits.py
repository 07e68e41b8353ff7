"""Limits shared by every worker, in the real Valkey: two worker processes calling one
provider key share its requests-per-window limit, and a concurrency slot held by a worker
that died frees itself."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from orrery.agents.limits import Limits, SharedLimiter

ENGINE = Path(__file__).resolve().parents[2]
LIMIT = 4
WINDOW_S = 1.0
CALLS = 8


@pytest.fixture
async def redis(valkey: Any) -> AsyncIterator[Redis]:
    client = Redis.from_url(valkey.url)
    await client.flushdb()
    yield client
    await client.aclose()


@pytest.mark.slow
def finished(worker: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """The worker's output once it exits; one that hangs is killed and its stderr shown."""
    try:
        return worker.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        worker.kill()
        _, err = worker.communicate()
        raise AssertionError(f"a limits worker hung; its stderr: {err.decode()[-2000:]}") from None


async def test_two_worker_processes_share_one_rate_limit(valkey: Any, redis: Redis) -> None:
    # Given two worker processes with one OpenAI key, limited to 4 requests per 1 s window
    # (a minute in production; shortened so the test takes seconds)
    command = [
        sys.executable,
        "-m",
        "tests.agents.limits_worker",
        valkey.url,
        str(CALLS),
        str(LIMIT),
        str(WINDOW_S),
    ]
    env = {**os.environ, "PYTHONPATH": str(ENGINE)}
    await redis.delete("test:limits:ready")  # the processes' start line

    # When each makes 8 agent calls, four at a time, starting together
    workers = [
        subprocess.Popen(command, cwd=ENGINE, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [await asyncio.to_thread(finished, w) for w in workers]
    assert all(w.returncode == 0 for w in workers), [err.decode()[-2000:] for _, err in outputs]
    admitted = [json.loads(out) for out, _ in outputs]

    # Then every call was made, and no window of 1 s ever admitted more than 4 (both processes together)
    assert [len(times) for times in admitted] == [CALLS, CALLS]
    merged = sorted((t, worker) for worker, times in enumerate(admitted) for t in times)
    window_ms = int(WINDOW_S * 1000)
    busiest = max(sum(1 for u, _ in merged if t - window_ms < u <= t) for t, _ in merged)
    assert busiest <= LIMIT
    # and so the 16 calls took at least 3 windows (4 per window), where two processes with a limit
    # each would have taken about one
    span_ms = merged[-1][0] - merged[0][0]
    assert span_ms >= (2 * CALLS // LIMIT - 1) * window_ms


async def test_a_slot_held_by_a_dead_worker_frees_itself(redis: Redis) -> None:
    # Given a provider capped at one call in flight, whose slot a worker took and then died holding
    # (its lease is in Valkey, never renewed, never released)
    limiter = SharedLimiter(redis, provider="openai", bucket="credential:k", limits=Limits(concurrency=1))
    await redis.zadd("orrery:limits:provider:openai:leases", {"dead-worker": 0})  # expired long ago

    # When another worker asks for the slot, Then it gets it (the dead lease expired)
    async with limiter.slot():
        held = await redis.zrange("orrery:limits:provider:openai:leases", 0, -1)
        assert held != [b"dead-worker"]
        assert len(held) == 1
    # and gives it back when its call ends
    assert await redis.zcard("orrery:limits:provider:openai:leases") == 0


async def test_a_full_slot_makes_the_next_call_wait_and_say_so(redis: Redis) -> None:
    # Given a provider capped at one call in flight, and a call holding it
    limiter = SharedLimiter(redis, provider="openai", bucket="credential:k", limits=Limits(concurrency=1))
    told: list[str] = []

    async def notify(limit: str, allowance: str, wait_s: float) -> None:
        told.append(f"{limit}: {allowance}")

    release = asyncio.Event()

    async def first() -> None:
        async with limiter.slot():
            await release.wait()

    holder = asyncio.create_task(first())
    while not await redis.zcard("orrery:limits:provider:openai:leases"):
        await asyncio.sleep(0.01)

    # When a second call asks, Then it is told it waits for the limit, and gets the slot once the first ends
    second = asyncio.create_task(_take(limiter, notify))
    while not told:
        await asyncio.sleep(0.01)
    assert not second.done()
    release.set()
    await holder
    await second
    assert told == ["concurrency: 1 call(s) in flight at once"]


async def _take(limiter: SharedLimiter, notify: Any) -> None:
    async with limiter.slot(notify):
        pass


async def test_an_agent_over_the_limit_waits_and_its_step_says_waiting_for_rate_limit(
    providers: Any, openai_key: Any, http: Any, redis: Redis
) -> None:
    # Given a key limited to 1 request per 8 s window, and one call already made in it
    # (8 s, not less: on a loaded CI machine two calls in a row were once more than 3 s apart)
    from orrery.agents.execution import AgentPolicy, AgentRequest, run_agent
    from orrery.agents.limits import SharedLimits
    from orrery.agents.pricing import PriceTable
    from tests.agents import shapes
    from tests.agents.conftest import Hooks

    route = providers.post(shapes.OPENAI_URL).mock(side_effect=lambda request: shapes.openai_text(["ok"]))
    policy = AgentPolicy(limits=SharedLimits(redis, Limits(requests_per_minute=1), window_s=8.0))
    request = AgentRequest("openai", "gpt-4o-mini", "Hi", credential=openai_key)
    await run_agent(request, Hooks(), http, PriceTable(), policy)

    # When the next call comes within the window
    hooks = Hooks()
    await run_agent(request, hooks, http, PriceTable(), policy)

    # Then it was held by the key's limit and went ahead (the step's events), as its log says, then ran
    assert hooks.holds == [
        {"provider": "openai", "limit": "requests", "allowance": "1 requests per 8 s"},
        {"resumed": True},
    ]
    said = [message.split(":")[0] for message, _ in hooks.logs if "rate limit" in message.lower()]
    assert said == ["Waiting for rate limit", "Rate limit"]
    assert route.call_count == 2
