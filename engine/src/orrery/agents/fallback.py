"""A fallback chain: the agent's model, then its fallbacks in order, each tried in turn when
the one before is *unavailable* (it timed out, failed on its side, rate-limited or refused
the key, or its account has no credit left).

The user's own errors (output that breaks the schema, a prompt too long, a budget, a
content filter) end the chain at once: another provider would not fix them.

Why not pydantic-ai's `FallbackModel`: it falls back request by request inside one run, so
a tool-call loop can start on one model and end on another, and its `FallbackExceptionGroup`
loses each provider's error in our words (and its key scrubbing). Here one model answers a
step, whole; each candidate runs with its own credential, SSRF-guarded client and error
mapping; and the step records which model answered and why each one before it was skipped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol, TypeVar

from orrery.agents import errors
from orrery.agents.catalog import label_of
from orrery.agents.credential import ResolvedCredential

TRIES_PER_MODEL: Final = 2
"""Tries a model in a chain gets for a timeout or a server error before the next one is tried
(a rate limit, a refused key or an empty account moves on at once: retrying now would not help)."""

UNAVAILABLE: Final = (
    errors.ProviderTimeout,
    errors.ProviderUnavailable,
    errors.RateLimited,
    errors.ProviderAuthFailed,
    errors.QuotaExceeded,
)
"""What "this provider is unavailable" means: these fall back, nothing else does."""
TRANSIENT: Final = (errors.ProviderTimeout, errors.ProviderUnavailable)

T = TypeVar("T")


class Hooks(Protocol):
    async def log(self, message: str, **data: Any) -> None: ...


@dataclass(frozen=True)
class ModelChoice:
    """One link of the chain: a provider, a model and the key to use it with."""

    provider: str
    model: str
    credential: ResolvedCredential | None = None

    @property
    def name(self) -> str:
        return f"{label_of(self.provider)} `{self.model}`"


@dataclass(frozen=True)
class Skip:
    """A try that failed and why (the step's log and its final line carry these)."""

    provider: str
    model: str
    code: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"provider": self.provider, "model": self.model, "code": self.code, "reason": self.reason}


async def first_that_answers(
    chain: Sequence[ModelChoice],
    attempt: Callable[[ModelChoice], Awaitable[T]],
    hooks: Hooks,
    *,
    refuse: Callable[[ModelChoice], errors.AgentError | None] = lambda _: None,
) -> tuple[T, ModelChoice, list[Skip]]:
    """The first answer along `chain`, the model that gave it and the tries skipped before it.

    `refuse` may turn a model down before it is called (e.g. it has no known price and the
    operator refuses unknown costs). Raises the last model's `AgentError` when none answers."""
    skips: list[Skip] = []
    last: errors.AgentError | None = None
    for index, choice in enumerate(chain):
        following = chain[index + 1] if index + 1 < len(chain) else None
        refused = refuse(choice)
        if refused is not None:
            if len(chain) == 1:
                raise refused
            last = refused
            await _skipped(hooks, skips, choice, refused, following, again=False)
            continue
        tries = TRIES_PER_MODEL if len(chain) > 1 else 1
        for number in range(1, tries + 1):
            try:
                return await attempt(choice), choice, skips
            except UNAVAILABLE as exc:
                if len(chain) == 1:
                    raise
                last = exc
                again = number < tries and isinstance(exc, TRANSIENT)
                await _skipped(hooks, skips, choice, exc, following, again=again)
                if not again:
                    break
    assert last is not None
    raise last


async def _skipped(
    hooks: Hooks,
    skips: list[Skip],
    choice: ModelChoice,
    error: errors.AgentError,
    following: ModelChoice | None,
    *,
    again: bool,
) -> None:
    skip = Skip(choice.provider, choice.model, error.code, str(error))
    skips.append(skip)
    then = "trying it once more" if again else (f"trying {following.name}" if following else "none left")
    await hooks.log(
        f"Fallback: {choice.name} was skipped ({error.code}): {error}; {then}.",
        level="warning",
        fallback=skip.as_dict(),
    )
