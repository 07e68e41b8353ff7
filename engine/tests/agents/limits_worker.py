"""One worker process of the shared-limits test (`test_limits.py`): makes `calls` agent
calls to OpenAI (respx) under the shared limits in Valkey, four at a time, and prints the
Redis-clock time at which each request was admitted, as JSON.

Run as `python -m tests.agents.limits_worker REDIS_URL CALLS RPM WINDOW_S`."""

from __future__ import annotations

import asyncio
import json
import sys

import respx
from redis.asyncio import Redis

from orrery.agents import limits
from orrery.agents.credential import ResolvedCredential
from orrery.agents.execution import AgentPolicy, AgentRequest, run_agent
from orrery.agents.limits import SharedLimits
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from tests.agents import (
    respx_httpx2,  # noqa: F401  (registers respx's "httpx2" mocker)
    shapes,
)

ADMITTED: list[int] = []
_admit = limits.SharedLimiter.admit


async def _observed_admit(self: limits.SharedLimiter, notify: limits.Notify | None = None) -> int:
    """The real admission, its time noted for the test (observation only)."""
    at = await _admit(self, notify)
    ADMITTED.append(at)
    return at


class _Quiet:
    async def log(self, message: str, **data: object) -> None:
        pass

    async def delta(self, text: str) -> None:
        pass

    async def held(self, **hold: object) -> None:
        pass

    async def resumed(self) -> None:
        pass


async def main(url: str, calls: int, rpm: int, window_s: float) -> None:
    limits.SharedLimiter.admit = _observed_admit  # type: ignore[method-assign]
    redis = Redis.from_url(url)
    # Warm up (the SDK's imports) so that neither process is held back by its start-up.
    from orrery.agents.providers import build_model

    build_model("openai", "gpt-4o-mini", ResolvedCredential("w", "openai", "w", "sk-warm-up-000"))
    # Both processes start together: each says it is ready, then waits for the other.
    await redis.incr("test:limits:ready")
    while int(await redis.get("test:limits:ready") or 0) < 2:
        await asyncio.sleep(0.01)
    key = ResolvedCredential(
        id="cred-shared", provider="openai", label="Team key", api_key="sk-test-0123456789"
    )
    policy = AgentPolicy(
        limits=SharedLimits(redis, limits.Limits(requests_per_minute=rpm), window_s=window_s)
    )
    with respx.mock(using="httpx2") as router:
        router.post(shapes.OPENAI_URL).mock(side_effect=lambda request: shapes.openai_text(["ok"]))
        async with SafeHttpClient() as http:
            gate = asyncio.Semaphore(4)

            async def one() -> None:
                async with gate:
                    request = AgentRequest("openai", "gpt-4o-mini", "Hi", credential=key)
                    await run_agent(request, _Quiet(), http, PriceTable(), policy)

            await asyncio.gather(*(one() for _ in range(calls)))
    await redis.aclose()
    print(json.dumps(ADMITTED))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])))
