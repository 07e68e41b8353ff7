"""An agent on Anthropic's messages API, with respx as Anthropic (recorded shapes)."""

from __future__ import annotations

import json

import pytest
import respx

from orrery.agents import errors
from orrery.agents.credential import ResolvedCredential
from orrery.agents.execution import AgentRequest, run_agent
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from tests.agents import shapes
from tests.agents.conftest import ANTHROPIC_KEY, Hooks


async def test_text_streams_and_is_priced(
    providers: respx.MockRouter,
    anthropic_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given Anthropic streaming an answer
    route = providers.post(shapes.ANTHROPIC_URL).mock(
        return_value=shapes.anthropic_text(
            ["Once ", "upon ", "a time."], input_tokens=2000, output_tokens=1000
        )
    )

    # When the agent runs
    outcome = await run_agent(
        AgentRequest(
            "anthropic",
            "claude-sonnet-4-6",
            "Begin a story",
            instructions="Be brief.",
            credential=anthropic_key,
            max_tokens=300,
        ),
        hooks,
        http,
        prices,
    )

    # Then the text arrived in order, and usage is priced by genai-prices
    assert outcome.output == "Once upon a time."
    assert hooks.deltas == ["Once ", "upon ", "a time."]
    assert outcome.cost_usd == pytest.approx(
        shapes.genai_cost("anthropic", "claude-sonnet-4-6", outcome.tokens_in, outcome.tokens_out)
    )
    body = json.loads(route.calls.last.request.content)
    assert body["max_tokens"] == 300
    assert "Be brief." in json.dumps(body["system"])
    assert ANTHROPIC_KEY in route.calls.last.request.headers.get(
        "authorization", ""
    ) + route.calls.last.request.headers.get("x-api-key", "")


async def test_structured_output_through_tool_use(
    providers: respx.MockRouter,
    anthropic_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    providers.post(shapes.ANTHROPIC_URL).mock(
        return_value=shapes.anthropic_tool_use("final_result", '{"tags": ["bread", "dawn"]}')
    )
    schema = {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"type": "string"}}},
        "required": ["tags"],
    }
    outcome = await run_agent(
        AgentRequest(
            "anthropic", "claude-haiku-4-5", "Tag it", credential=anthropic_key, output_schema=schema
        ),
        hooks,
        http,
        prices,
    )
    assert outcome.output == {"tags": ["bread", "dawn"]}
    assert json.loads("".join(hooks.deltas)) == outcome.output


async def test_401_and_overloaded(
    providers: respx.MockRouter, anthropic_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    providers.post(shapes.ANTHROPIC_URL).mock(
        return_value=shapes.anthropic_error(401, "authentication_error", "invalid x-api-key")
    )
    with pytest.raises(errors.ProviderAuthFailed, match="Anthropic refused the API key “Claude key”"):
        await run_agent(
            AgentRequest("anthropic", "claude-sonnet-4-6", "hi", credential=anthropic_key),
            Hooks(),
            http,
            prices,
        )

    providers.post(shapes.ANTHROPIC_URL).mock(
        return_value=shapes.anthropic_error(529, "overloaded_error", "Overloaded")
    )
    with pytest.raises(errors.ProviderUnavailable) as caught:
        await run_agent(
            AgentRequest("anthropic", "claude-sonnet-4-6", "hi", credential=anthropic_key),
            Hooks(),
            http,
            prices,
        )
    assert caught.value.retryable
