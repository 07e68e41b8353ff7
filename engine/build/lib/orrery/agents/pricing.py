"""What a model call cost: the price table (data, not code) and the arithmetic.

`prices.json` beside this module holds list prices in USD per million tokens, per
provider and model-name prefix; `ORRERY_PRICE_TABLE` names a file of the same shape
whose entries replace or add to it. A model is priced by the longest prefix of its
name in its provider's table; none found means the tokens are recorded, the cost is not.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from orrery.errors import ConfigurationError

BUILT_IN: Final = Path(__file__).with_name("prices.json")
PER: Final = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class Price:
    input: Decimal
    """USD per million input tokens."""
    output: Decimal
    """USD per million output tokens."""

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        """USD, exact to the micro-cent (Decimal arithmetic, then one rounding)."""
        total = (self.input * tokens_in + self.output * tokens_out) / PER
        return float(round(total, 8))


class PriceTable:
    def __init__(self, prices: Mapping[str, Mapping[str, Price]]) -> None:
        self._prices = {provider: dict(models) for provider, models in prices.items()}

    @classmethod
    def load(cls, override: Path | None = None) -> PriceTable:
        """The built-in table, with `override`'s entries on top."""
        table = _parse(json.loads(BUILT_IN.read_text()), str(BUILT_IN))
        if override is not None:
            try:
                extra = json.loads(override.read_text())
            except (OSError, ValueError) as exc:
                raise ConfigurationError(f"ORRERY_PRICE_TABLE ({override}) cannot be read: {exc}") from exc
            for provider, models in _parse(extra, str(override)).items():
                table.setdefault(provider, {}).update(models)
        return cls(table)

    def price(self, provider: str, model: str) -> Price | None:
        models = self._prices.get(provider, {})
        best = max((prefix for prefix in models if model.startswith(prefix)), key=len, default=None)
        return None if best is None else models[best]

    def cost(self, provider: str, model: str, tokens_in: int, tokens_out: int) -> float | None:
        price = self.price(provider, model)
        return None if price is None else price.cost(tokens_in, tokens_out)


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
                    input=Decimal(str(price["input"])), output=Decimal(str(price["output"]))
                )
            except (KeyError, TypeError, ArithmeticError) as exc:
                raise ConfigurationError(
                    f"{source}: `{provider}.{model}` needs numeric `input` and `output` (USD per 1M tokens)"
                ) from exc
    return table
