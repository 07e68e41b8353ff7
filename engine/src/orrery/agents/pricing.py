"""What a model call cost: the operator's override table first, then `genai-prices`.

`genai-prices` (installed with pydantic-ai) knows the providers' list prices, including
what they bill for cached input (reads and writes) and tiered prices (a Gemini or
Claude prompt over 200k tokens costs more per token). A call is priced request by
request, because a tier applies to one request's prompt, not to a run's total.

`ORRERY_PRICE_TABLE` names a JSON file for what genai-prices cannot know (a self-hosted
model, a negotiated rate): `{provider: {model-name prefix: {input, output, cache_read?,
cache_write?}}}` in USD per million tokens, matched on the longest prefix; an entry there
wins. The `demo` model is free. Anything else without a price has an *unknown* cost
(`None`), never $0: the step says so and the budget applies the operator's policy
(`ORRERY_UNKNOWN_COST`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Protocol

from orrery.errors import ConfigurationError

PER: Final = Decimal(1_000_000)
GENAI_PROVIDERS: Final = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "google",
    "groq": "groq",
    "mistral": "mistral",
}
"""Our provider ids as genai-prices names them; an OpenAI-compatible endpoint is anyone's,
so only the override table can price it."""


class Tokens(Protocol):
    """One model request's usage (pydantic-ai's `RequestUsage` is one): `input_tokens`
    includes the cached ones, as every provider reports it."""

    @property
    def input_tokens(self) -> int: ...
    @property
    def output_tokens(self) -> int: ...
    @property
    def cache_read_tokens(self) -> int: ...
    @property
    def cache_write_tokens(self) -> int: ...


@dataclass(frozen=True, slots=True)
class RequestTokens:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


@dataclass(frozen=True, slots=True)
class Price:
    """An override: USD per million tokens (cached input at the input price unless given)."""

    input: Decimal
    output: Decimal
    cache_read: Decimal | None = None
    cache_write: Decimal | None = None

    def cost(self, t: Tokens) -> Decimal:
        cached = t.cache_read_tokens + t.cache_write_tokens
        read = self.input if self.cache_read is None else self.cache_read
        write = self.input if self.cache_write is None else self.cache_write
        total = (
            self.input * max(t.input_tokens - cached, 0)
            + read * t.cache_read_tokens
            + write * t.cache_write_tokens
            + self.output * t.output_tokens
        )
        return total / PER


class PriceTable:
    def __init__(self, overrides: Mapping[str, Mapping[str, Price]] | None = None) -> None:
        self._overrides = {provider: dict(models) for provider, models in (overrides or {}).items()}

    @classmethod
    def load(cls, override: Path | None = None) -> PriceTable:
        """genai-prices, with `override`'s entries (the operator's file) on top."""
        if override is None:
            return cls()
        try:
            raw = json.loads(override.read_text())
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"ORRERY_PRICE_TABLE ({override}) cannot be read: {exc}") from exc
        return cls(_parse(raw, str(override)))

    def override(self, provider: str, model: str) -> Price | None:
        models = self._overrides.get(provider, {})
        best = max((prefix for prefix in models if model.startswith(prefix)), key=len, default=None)
        return None if best is None else models[best]

    def known(self, provider: str, model: str) -> bool:
        """Whether a call to `model` can be priced (before making it)."""
        return self.cost(provider, model, [RequestTokens()]) is not None

    def cost(self, provider: str, model: str, requests: Iterable[Tokens]) -> float | None:
        """USD for these requests to `model`, exact to the micro-cent; None when unknown."""
        if provider == "demo":
            return 0.0
        price = self.override(provider, model)
        total = Decimal(0)
        for tokens in requests:
            if price is not None:
                total += price.cost(tokens)
                continue
            one = _genai_price(provider, model, tokens)
            if one is None:
                return None
            total += one
        return float(round(total, 8))


def _genai_price(provider: str, model: str, tokens: Tokens) -> Decimal | None:
    provider_id = GENAI_PROVIDERS.get(provider)
    if provider_id is None:
        return None
    from genai_prices import Usage, calc_price

    usage = Usage(
        input_tokens=tokens.input_tokens,
        output_tokens=tokens.output_tokens,
        cache_read_tokens=tokens.cache_read_tokens or None,
        cache_write_tokens=tokens.cache_write_tokens or None,
    )
    try:
        return calc_price(usage, model, provider_id=provider_id).total_price
    except LookupError:
        return None


def _parse(raw: Any, source: str) -> dict[str, dict[str, Price]]:
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{source}: a price table is a JSON object of providers")
    table: dict[str, dict[str, Price]] = {}
    for provider, models in raw.items():
        if provider.startswith("_"):
            continue
        if not isinstance(models, dict):
            raise ConfigurationError(f"{source}: `{provider}` must map model names to prices")
        for model, price in models.items():
            try:
                table.setdefault(provider, {})[model] = Price(
                    input=Decimal(str(price["input"])),
                    output=Decimal(str(price["output"])),
                    cache_read=_optional(price.get("cache_read")),
                    cache_write=_optional(price.get("cache_write")),
                )
            except (KeyError, TypeError, AttributeError, ArithmeticError) as exc:
                raise ConfigurationError(
                    f"{source}: `{provider}.{model}` needs numeric `input` and `output` (USD per 1M tokens)"
                ) from exc
    return table


def _optional(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
