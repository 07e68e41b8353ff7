"""Costs from genai-prices (cached tokens, tiers), the operator's override on top, and
"unknown" for a model nobody priced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from genai_prices import Usage, calc_price

from orrery.agents.pricing import PriceTable, RequestTokens
from orrery.errors import ConfigurationError


def _theirs(provider: str, model: str, **tokens: int) -> float:
    """genai-prices' own figure for one request."""
    return float(calc_price(Usage(**tokens), model, provider_id=provider).total_price)  # type: ignore[arg-type]


def test_gpt_5_pro_is_priced_as_itself_not_as_gpt_5() -> None:
    # Given one request of 10k tokens in and 2k out to gpt-5 and to gpt-5-pro
    table = PriceTable.load()
    request = RequestTokens(input_tokens=10_000, output_tokens=2_000)

    # When each is priced
    base = table.cost("openai", "gpt-5", [request])
    pro = table.cost("openai", "gpt-5-pro", [request])

    # Then each costs what genai-prices says it costs, and pro is not billed as its prefix
    assert base == pytest.approx(_theirs("openai", "gpt-5", input_tokens=10_000, output_tokens=2_000))
    assert pro == pytest.approx(_theirs("openai", "gpt-5-pro", input_tokens=10_000, output_tokens=2_000))
    assert pro is not None
    assert base is not None
    assert pro > base


def test_anthropic_cache_reads_cost_less_than_fresh_input() -> None:
    # Given a Claude request whose 40k-token prompt was mostly read from the prompt cache
    table = PriceTable.load()
    cached = RequestTokens(input_tokens=40_000, cache_read_tokens=30_000, output_tokens=500)
    fresh = RequestTokens(input_tokens=40_000, output_tokens=500)

    # When it is priced
    cost = table.cost("anthropic", "claude-sonnet-4-5", [cached])

    # Then it is genai-prices' figure with the cache-read price, below the uncached one
    assert cost == pytest.approx(
        _theirs(
            "anthropic", "claude-sonnet-4-5", input_tokens=40_000, cache_read_tokens=30_000, output_tokens=500
        )
    )
    uncached = table.cost("anthropic", "claude-sonnet-4-5", [fresh])
    assert cost is not None
    assert uncached is not None
    assert cost < uncached


def test_a_gemini_long_prompt_is_billed_at_its_tier_per_request() -> None:
    # Given two Gemini 2.5 Pro requests: a short prompt and one over the 200k-token tier
    table = PriceTable.load()
    short = RequestTokens(input_tokens=100_000, output_tokens=1_000)
    long = RequestTokens(input_tokens=300_000, output_tokens=1_000)

    # When the run of both is priced
    cost = table.cost("google", "gemini-2.5-pro", [short, long])

    # Then each request got its own tier (not the total's: 400k would put both in the high tier)
    expected = _theirs("google", "gemini-2.5-pro", input_tokens=100_000, output_tokens=1_000) + _theirs(
        "google", "gemini-2.5-pro", input_tokens=300_000, output_tokens=1_000
    )
    assert cost == pytest.approx(expected)
    per_token_long = _theirs("google", "gemini-2.5-pro", input_tokens=300_000, output_tokens=0) / 300_000
    per_token_short = _theirs("google", "gemini-2.5-pro", input_tokens=100_000, output_tokens=0) / 100_000
    assert per_token_long > per_token_short


def test_a_model_without_a_price_has_an_unknown_cost_not_zero() -> None:
    # Given a self-hosted model and a model name genai-prices does not know
    table = PriceTable.load()

    # Then neither is priced (None, not $0), and the offline demo model is free
    assert table.cost("openai_compatible", "llama3.2", [RequestTokens(500, 500)]) is None
    assert table.cost("openai", "some-future-model", [RequestTokens(1, 1)]) is None
    assert not table.known("openai", "some-future-model")
    assert table.known("openai", "gpt-5")
    assert table.cost("demo", "demo", [RequestTokens(10_000, 10_000)]) == 0.0


def test_an_override_file_prices_self_hosted_models_and_wins(tmp_path: Path) -> None:
    # Given an operator's price file for a self-hosted model and a negotiated OpenAI rate
    override = tmp_path / "prices.json"
    override.write_text(
        json.dumps(
            {
                "openai": {"gpt-4o-mini": {"input": 1, "output": 2}},
                "openai_compatible": {"llama3": {"input": 0.05, "output": 0.1, "cache_read": 0.01}},
            }
        )
    )

    # When the table is loaded with it
    table = PriceTable.load(override)

    # Then its prices win (longest prefix), cached reads use its cache price, and the rest is genai-prices'
    assert table.cost("openai", "gpt-4o-mini", [RequestTokens(1_000_000, 1_000_000)]) == pytest.approx(3.0)
    assert table.cost(
        "openai_compatible", "llama3.2", [RequestTokens(1_000_000, 0, cache_read_tokens=500_000)]
    ) == pytest.approx(0.025 + 0.005)
    assert table.cost("openai", "gpt-4o", [RequestTokens(1_000_000, 0)]) == pytest.approx(
        _theirs("openai", "gpt-4o", input_tokens=1_000_000)
    )


def test_a_broken_override_is_a_configuration_error(tmp_path: Path) -> None:
    bad = tmp_path / "prices.json"
    bad.write_text('{"openai": {"gpt": {"input": "x"}}}')
    with pytest.raises(ConfigurationError, match="numeric"):
        PriceTable.load(bad)
