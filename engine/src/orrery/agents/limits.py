"""Provider limits shared by every worker, kept in Redis (the queue's Valkey).

- Requests and tokens per minute per provider credential: a sliding log per credential
  (a sorted set of admissions scored by Redis' own clock), checked and written by one Lua
  script, so two workers can never both take the last slot, and any window of
  `window_s` holds at most the limit's requests. Tokens are only known once a request
  has answered: a request is admitted while the window's tokens are under the limit, and
  its tokens are added when it ends.
- A concurrency cap per provider: a semaphore of expiring leases (a sorted set scored by
  expiry time). A holder renews its lease while its request runs; a worker that dies
  stops renewing, and its slot frees itself when the lease expires.

A request that must wait tells its step once per wait (`Notify`: which limit, the allowance
in words, the expected wait; the agent records a `step.held` event and a log line), then
waits (polling Redis) until it is admitted (`step.resumed`). `LimitedModel` puts every model request of an
agent run (a tool-call loop makes several) through the limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Final

from pydantic_ai.messages import ModelMessage, ModelResponse
from pydantic_ai.models import ModelRequestParameters, StreamedResponse
from pydantic_ai.models.wrapper import WrapperModel
from pydantic_ai.settings import ModelSettings
from redis.asyncio import Redis
from redis.exceptions import RedisError

from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import RateLimited
from orrery.events.types import HeldLimit

PREFIX: Final = "orrery:limits"
LEASE_S: Final = 30.0
"""A concurrency lease's life; renewed every third of it while its request runs."""
MAX_WAIT_S: Final = 600.0
"""A request waits at most this long for a limit; then the step fails (retryable)."""
MAX_POLL_S: Final = 1.0

log = logging.getLogger(__name__)

# KEYS: requests log, tokens log. ARGV: rpm, tpm, window ms, member.
# Returns {admitted 0/1, now ms, wait ms}.
_ADMIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rpm, tpm, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local wait = 0
if rpm > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  if redis.call('ZCARD', KEYS[1]) >= rpm then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end
if tpm > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  local used = 0
  for i = 1, #entries, 2 do
    used = used + tonumber(string.match(entries[i], ':(%d+)$'))
  end
  if used >= tpm then
    wait = math.max(wait, tonumber(entries[2]) + window - now)
  end
end
if wait > 0 then return {0, now, wait} end
if rpm > 0 then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
end
return {1, now, 0}
"""

# KEYS: tokens log. ARGV: window ms, member ("<id>:<tokens>").
_SPEND = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return now
"""

# KEYS: leases. ARGV: cap, lease ms, lease id. Returns {acquired 0/1, wait ms}.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return {1, 0}
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(first[2]) - now}
"""

# KEYS: leases. ARGV: lease ms, lease id. Renews a lease that still exists.
_RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[2])
"""


@dataclass(frozen=True)
class Limits:
    """The limits one model call is under (0: none)."""

    requests_per_minute: int = 0
    tokens_per_minute: int = 0
    concurrency: int = 0

    @property
    def any(self) -> bool:
        return bool(self.requests_per_minute or self.tokens_per_minute or self.concurrency)


Notify = Callable[[HeldLimit, str, float], Awaitable[None]]
"""Told when a request starts waiting: which limit, its allowance in words ("60 requests per
60 s") and the expected wait in seconds."""


class SharedLimiter:
    """The limits of one provider credential (`bucket`) and its provider, in Redis."""

    def __init__(
        self,
        redis: Redis,
        *,
        provider: str,
        bucket: str,
        limits: Limits,
        window_s: float = 60.0,
    ) -> None:
        self.redis = redis
        self.limits = limits
        self.window_ms = int(window_s * 1000)
        self._requests = f"{PREFIX}:{bucket}:requests"
        self._tokens = f"{PREFIX}:{bucket}:tokens"
        self._leases = f"{PREFIX}:provider:{provider}:leases"
        self._admit = redis.register_script(_ADMIT)
        self._spend = redis.register_script(_SPEND)
        self._acquire = redis.register_script(_ACQUIRE)
        self._renew = redis.register_script(_RENEW)

    async def admit(self, notify: Notify | None = None) -> int:
        """Wait until a request may start under the per-minute limits; returns the admission
        time (Redis' clock, ms). Raises `RateLimited` after `MAX_WAIT_S`."""
        rpm, tpm = self.limits.requests_per_minute, self.limits.tokens_per_minute
        if not (rpm or tpm):
            return 0
        member = uuid.uuid4().hex
        told = False
        waited = 0.0
        while True:
            try:
                admitted, now, wait_ms = await self._admit(
                    keys=[self._requests, self._tokens], args=[rpm, tpm, self.window_ms, member]
                )
            except RedisError as exc:  # the limits guard the provider's quota; its own 429 still does
                log.warning("shared rate limit skipped (Valkey unavailable): %s", exc)
                return 0
            if int(admitted):
                return int(now)
            wait = max(int(wait_ms), 1) / 1000
            if not told and notify is not None:
                kind: HeldLimit = "requests" if rpm else "tokens"
                what = f"{rpm} requests" if rpm else f"{tpm} tokens"
                await notify(kind, f"{what} per {self.window_ms // 1000} s", wait)
                told = True
            waited += await _pause(wait)
            if waited > MAX_WAIT_S:
                raise RateLimited(
                    "The shared rate limit kept this request waiting too long.", retry_after_s=wait
                )

    async def spend(self, tokens: int) -> None:
        """Count a finished request's tokens in the window."""
        if self.limits.tokens_per_minute and tokens > 0:
            try:
                await self._spend(keys=[self._tokens], args=[self.window_ms, f"{uuid.uuid4().hex}:{tokens}"])
            except RedisError as exc:
                log.warning("shared token count skipped (Valkey unavailable): %s", exc)

    @asynccontextmanager
    async def slot(self, notify: Notify | None = None) -> AsyncIterator[None]:
        """Hold one of the provider's concurrent slots (a renewed lease) while the body runs."""
        cap = self.limits.concurrency
        if not cap:
            yield
            return
        lease = uuid.uuid4().hex
        lease_ms = int(LEASE_S * 1000)
        told = False
        waited = 0.0
        while True:
            try:
                acquired, wait_ms = await self._acquire(keys=[self._leases], args=[cap, lease_ms, lease])
            except RedisError as exc:
                log.warning("provider concurrency cap skipped (Valkey unavailable): %s", exc)
                yield
                return
            if int(acquired):
                break
            wait = max(int(wait_ms), 1) / 1000
            if not told and notify is not None:
                await notify("concurrency", f"{cap} call(s) in flight at once", wait)
                told = True
            waited += await _pause(min(wait, MAX_POLL_S))
            if waited > MAX_WAIT_S:
                raise RateLimited("The provider's concurrency limit kept this request waiting too long.")
        renewal = asyncio.create_task(self._keep(lease, lease_ms))
        try:
            yield
        finally:
            renewal.cancel()
            with contextlib.suppress(asyncio.CancelledError, RedisError):
                await renewal
            with contextlib.suppress(RedisError):
                await self.redis.zrem(self._leases, lease)

    async def _keep(self, lease: str, lease_ms: int) -> None:
        while True:
            await asyncio.sleep(LEASE_S / 3)
            await self._renew(keys=[self._leases], args=[lease_ms, lease])


async def _pause(wait_s: float) -> float:
    """Sleep about `wait_s` (polling at most every second, with jitter so workers spread)."""
    pause = min(wait_s, MAX_POLL_S) * random.uniform(1.0, 1.2)  # noqa: S311
    await asyncio.sleep(pause)
    return pause


class LimitedModel(WrapperModel):
    """A model whose every request goes through the shared limits; `notify` is told when one
    starts waiting, `resumed` when it goes ahead after a wait."""

    def __init__(
        self,
        wrapped: Any,
        limiter: SharedLimiter,
        notify: Notify | None = None,
        resumed: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(wrapped)
        self.limiter = limiter
        self.notify = notify
        self.resumed = resumed

    @asynccontextmanager
    async def _admitted(self) -> AsyncIterator[None]:
        waited = False

        async def notify(limit: HeldLimit, allowance: str, wait_s: float) -> None:
            nonlocal waited
            waited = True
            if self.notify is not None:
                await self.notify(limit, allowance, wait_s)

        async with self.limiter.slot(notify):
            await self.limiter.admit(notify)
            if waited and self.resumed is not None:
                await self.resumed()
            yield

    async def request(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
    ) -> ModelResponse:
        async with self._admitted():
            response = await super().request(messages, model_settings, model_request_parameters)
        await self.limiter.spend(response.usage.input_tokens + response.usage.output_tokens)
        return response

    @asynccontextmanager
    async def request_stream(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
        run_context: Any = None,
    ) -> AsyncGenerator[StreamedResponse]:
        async with self._admitted():
            async with super().request_stream(
                messages, model_settings, model_request_parameters, run_context
            ) as stream:
                yield stream
            usage = stream.usage
        await self.limiter.spend(usage.input_tokens + usage.output_tokens)


@dataclass(frozen=True)
class SharedLimits:
    """The operator's default limits, kept in `redis`; a key's owner may set lower ones."""

    redis: Redis
    defaults: Limits
    window_s: float = 60.0

    def limiter(self, provider: str, credential: ResolvedCredential | None) -> SharedLimiter | None:
        limits = Limits(
            requests_per_minute=_lowest(
                self.defaults.requests_per_minute, credential.requests_per_minute if credential else None
            ),
            tokens_per_minute=_lowest(
                self.defaults.tokens_per_minute, credential.tokens_per_minute if credential else None
            ),
            concurrency=self.defaults.concurrency,
        )
        if provider == "demo" or not limits.any:
            return None
        bucket = f"credential:{credential.id}" if credential is not None else f"provider:{provider}"
        return SharedLimiter(
            self.redis, provider=provider, bucket=bucket, limits=limits, window_s=self.window_s
        )


def _lowest(default: int, own: int | None) -> int:
    """The stricter of two limits, 0 meaning none."""
    candidates = [v for v in (default, own or 0) if v > 0]
    return min(candidates, default=0)
