"""A fallback chain: the next model answers when the one before is unavailable, and the
step records which model answered and why the others were skipped."""

from __future__ import annotations

import httpx
import pytest
import respx

from orrery.agents import errors
from orrery.agents.credential import ResolvedCredential
from orrery.agents.execution import AgentPolicy, AgentRequest, run_agent
from orrery.agents.fallback import ModelChoice
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from tests.agents import shapes
from tests.agents.conftest import Hooks


def chained(openai_key: ResolvedCredential, anthropic_key: ResolvedCredential) -> AgentRequest:
    return AgentRequest(
        "openai",
        "gpt-4o-mini",
        "Write a tagline for a bakery",
        credential=openai_key,
        fallbacks=[ModelChoice("anthropic", "claude-haiku-4-5", anthropic_key)],
    )


async def test_503_then_a_timeout_falls_back_to_the_second_provider(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    anthropic_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given OpenAI answering 503, then timing out, and Anthropic answering
    openai = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_error(503, "The server is overloaded", code="server_error", kind="server_error"),
            httpx.ReadTimeout("read timed out"),
        ]
    )
    anthropic = providers.post(shapes.ANTHROPIC_URL).mock(
        return_value=shapes.anthropic_text(["Warm bread, ", "every dawn."], input_tokens=30, output_tokens=8)
    )

    # When an agent with OpenAI first and Anthropic as its fallback runs
    outcome = await run_agent(chained(openai_key, anthropic_key), hooks, http, prices)

    # Then Anthropic's answer is the step's, priced as Anthropic's model
    assert outcome.output == "Warm bread, every dawn."
    assert (outcome.provider, outcome.model) == ("anthropic", "claude-haiku-4-5")
    assert outcome.cost_usd == pytest.approx(shapes.genai_cost("anthropic", "claude-haiku-4-5", 30, 8))
    assert (openai.call_count, anthropic.call_count) == (2, 1)
    # and both skipped tries are recorded, with why, in the outcome and the step's log
    assert [(s["provider"], s["code"]) for s in outcome.skipped] == [
        ("openai", "model_unavailable"),
        ("openai", "model_timeout"),
    ]
    skipped = [data["fallback"] for message, data in hooks.logs if message.startswith("Fallback:")]
    assert [s["code"] for s in skipped] == ["model_unavailable", "model_timeout"]
    assert "HTTP 503" in skipped[0]["reason"]


async def test_a_refused_key_falls_back_at_once(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    anthropic_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given OpenAI refusing the key (retrying it would not help)
    openai = providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_401(openai_key.api_key))
    providers.post(shapes.ANTHROPIC_URL).mock(return_value=shapes.anthropic_text(["Hello."]))

    # When the chain runs
    outcome = await run_agent(chained(openai_key, anthropic_key), hooks, http, prices)

    # Then OpenAI was tried once and Anthropic answered; the key is nowhere in the record
    assert openai.call_count == 1
    assert outcome.provider == "anthropic"
    assert [s["code"] for s in outcome.skipped] == ["model_auth_failed"]
    assert openai_key.api_key not in str(outcome.skipped)


async def test_the_users_own_error_does_not_fall_back(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    anthropic_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given OpenAI rejecting the request itself (a bad parameter: another provider would not fix it)
    providers.post(shapes.OPENAI_URL).mock(
        return_value=shapes.openai_error(
            400, "Invalid 'max_tokens'", code="invalid_value", kind="invalid_request_error"
        )
    )
    anthropic = providers.post(shapes.ANTHROPIC_URL).mock(return_value=shapes.anthropic_text(["Hello."]))

    # When the chain runs, Then the step fails with OpenAI's error and Anthropic is never called
    with pytest.raises(errors.RequestRejected):
        await run_agent(chained(openai_key, anthropic_key), hooks, http, prices)
    assert anthropic.call_count == 0


async def test_when_every_model_is_unavailable_the_last_error_ends_the_step(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    anthropic_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given both providers down
    providers.post(shapes.OPENAI_URL).mock(side_effect=httpx.ReadTimeout("read timed out"))
    providers.post(shapes.ANTHROPIC_URL).mock(
        return_value=shapes.anthropic_error(529, "overloaded_error", "Overloaded")
    )

    # When the chain runs, Then the step fails retryably (the runner tries the chain again later)
    with pytest.raises(errors.ProviderUnavailable) as failed:
        await run_agent(chained(openai_key, anthropic_key), hooks, http, prices)
    assert failed.value.retryable
    assert len([m for m, _ in hooks.logs if m.startswith("Fallback:")]) == 4


async def test_refuse_unknown_costs_fails_before_calling_the_provider(
    providers: respx.MockRouter, openai_key: ResolvedCredential, hooks: Hooks, http: SafeHttpClient
) -> None:
    # Given an operator who refuses models of unknown cost, and a model nobody priced
    route = providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_text(["Hi"]))
    request = AgentRequest("openai", "some-future-model", "Hello", credential=openai_key)

    # When the agent runs, Then it fails clearly and OpenAI is never called
    with pytest.raises(errors.CostUnknown, match="no known price"):
        await run_agent(request, hooks, http, PriceTable.load(), AgentPolicy(unknown_cost="refuse"))
    assert route.call_count == 0


async def test_tokens_only_runs_an_unpriced_model_with_an_unknown_cost(
    providers: respx.MockRouter, openai_key: ResolvedCredential, hooks: Hooks, http: SafeHttpClient
) -> None:
    # Given the default policy and a model nobody priced
    providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_text(["Hi"]))
    request = AgentRequest("openai", "some-future-model", "Hello", credential=openai_key)

    # When the agent runs
    outcome = await run_agent(request, hooks, http, PriceTable.load())

    # Then its tokens count, and its cost is unknown (None), not $0
    assert outcome.tokens_in > 0
    assert outcome.cost_usd is None
