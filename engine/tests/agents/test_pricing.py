"""Cost from the price table: data, longest-prefix matching, overridable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orrery.agents.pricing import PriceTable
from orrery.errors import ConfigurationError


def test_cost_arithmetic_uses_per_million_prices() -> None:
    table = PriceTable.load()
    # gpt-4o-mini: $0.15 in, $0.60 out per 1M tokens
    assert table.cost("openai", "gpt-4o-mini", 1_000_000, 0) == pytest.approx(0.15)
    assert table.cost("openai", "gpt-4o-mini", 1200, 350) == pytest.approx(0.00039)  # 0.00018 + 0.00021
    # claude-sonnet-4-5 matches `claude-sonnet-4`: $3 in, $15 out
    assert table.cost("anthropic", "claude-sonnet-4-5-20250929", 2000, 1000) == pytest.approx(0.021)


def test_the_longest_prefix_wins() -> None:
    table = PriceTable.load()
    assert table.cost("openai", "gpt-4o-mini-2024-07-18", 1_000_000, 0) == pytest.approx(0.15)
    assert table.cost("openai", "gpt-4o-2024-08-06", 1_000_000, 0) == pytest.approx(2.5)


def test_unknown_models_have_no_cost_and_demo_is_free() -> None:
    table = PriceTable.load()
    assert table.cost("openai_compatible", "llama3.2", 500, 500) is None
    assert table.cost("openai", "some-future-model", 1, 1) is None
    assert table.cost("demo", "demo", 10_000, 10_000) == 0.0


def test_an_override_file_replaces_and_adds_prices(tmp_path: Path) -> None:
    # Given an operator's price file
    override = tmp_path / "prices.json"
    override.write_text(
        json.dumps(
            {
                "openai": {"gpt-4o-mini": {"input": 1, "output": 2}},
                "openai_compatible": {"llama3": {"input": 0.05, "output": 0.1}},
            }
        )
    )

    # When the table is loaded with it
    table = PriceTable.load(override)

    # Then its prices win, and the rest of the built-in table stays
    assert table.cost("openai", "gpt-4o-mini", 1_000_000, 1_000_000) == pytest.approx(3.0)
    assert table.cost("openai_compatible", "llama3.2", 1_000_000, 0) == pytest.approx(0.05)
    assert table.cost("openai", "gpt-4o", 1_000_000, 0) == pytest.approx(2.5)


def test_a_broken_override_is_a_configuration_error(tmp_path: Path) -> None:
    bad = tmp_path / "prices.json"
    bad.write_text('{"openai": {"gpt": {"input": "x"}}}')
    with pytest.raises(ConfigurationError, match="numeric"):
        PriceTable.load(bad)
