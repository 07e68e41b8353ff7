"""The agent response cache: opt-in per agent node, kept in Redis (the queue's Valkey).

A hit returns the recorded answer at zero cost, and the step says "cached". The key is a
SHA-256 of everything that shapes the answer: the models (the chain, in order), the
instructions, the prompt, the earlier messages, the tools, the output schema and the
settings (temperature, max tokens, output retries). It is scoped per user: the run owner's
id is part of the Redis key, so two users never share an entry, even for the same prompt.

The cache is an optimisation, never a dependency: when Redis cannot be read or written the
step runs (or keeps its answer) as if the cache were empty, and logs that it was skipped.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from redis.asyncio import Redis
from redis.exceptions import RedisError

PREFIX: Final = "orrery:agent-cache"
MAX_ENTRY_BYTES: Final = 1_000_000
"""An answer larger than this is not cached (Redis holds many; none should be huge)."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CachedAnswer:
    output: Any
    provider: str
    model: str
    messages: list[dict[str, Any]]


def cache_key(
    *,
    chain: Sequence[tuple[str, str]],
    instructions: str,
    prompt: str,
    history: Sequence[Any],
    tools: Sequence[str],
    output_schema: dict[str, Any] | None,
    settings: dict[str, Any],
) -> str:
    """The hash of what shapes an answer (the owner is added by `ResponseCache`)."""
    material = {
        "chain": [list(link) for link in chain],
        "instructions": instructions,
        "prompt": prompt,
        "history": [_plain(message) for message in history],
        "tools": sorted(tools),
        "output_schema": output_schema,
        "settings": settings,
    }
    blob = json.dumps(material, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


class ResponseCache:
    """One user's view of the cache, with the node's TTL."""

    def __init__(self, redis: Redis, *, owner_id: str, ttl_s: int) -> None:
        self.redis = redis
        self.owner_id = owner_id
        self.ttl_s = ttl_s

    def _key(self, key: str) -> str:
        return f"{PREFIX}:{self.owner_id}:{key}"

    async def get(self, key: str) -> CachedAnswer | None:
        """The recorded answer, or None (a miss, or Redis unavailable)."""
        try:
            raw = await self.redis.get(self._key(key))
        except RedisError as exc:
            log.warning("agent cache read skipped: %s", exc)
            return None
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            return CachedAnswer(data["output"], data["provider"], data["model"], list(data["messages"]))
        except (ValueError, KeyError, TypeError):
            return None

    async def put(self, key: str, answer: CachedAnswer) -> bool:
        """Record an answer for `ttl_s` seconds; False when it was too large or Redis failed."""
        blob = json.dumps(
            {
                "output": answer.output,
                "provider": answer.provider,
                "model": answer.model,
                "messages": answer.messages,
            },
            ensure_ascii=False,
            default=str,
        )
        if len(blob) > MAX_ENTRY_BYTES:
            return False
        try:
            await self.redis.set(self._key(key), blob, ex=self.ttl_s)
        except RedisError as exc:
            log.warning("agent cache write skipped: %s", exc)
            return False
        return True


def _plain(message: Any) -> Any:
    """A pydantic-ai message as JSON-able data, for hashing."""
    from pydantic_ai.messages import ModelMessagesTypeAdapter

    try:
        return _timeless(ModelMessagesTypeAdapter.dump_python([message], mode="json")[0])
    except Exception:
        return repr(message)


def _timeless(value: Any) -> Any:
    """`value` without its timestamps and ids (they differ every run; the words do not)."""
    if isinstance(value, dict):
        return {
            k: _timeless(v)
            for k, v in value.items()
            if k not in ("timestamp", "run_id", "provider_response_id")
        }
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return value
