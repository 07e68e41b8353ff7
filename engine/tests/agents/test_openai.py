"""An agent on OpenAI's chat completions API, with respx as OpenAI (recorded shapes)."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from orrery.agents import errors
from orrery.agents.credential import ResolvedCredential
from orrery.agents.execution import AgentRequest, run_agent
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from tests.agents import shapes
from tests.agents.conftest import OPENAI_KEY, Hooks

SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "scenes": {"type": "integer", "minimum": 1}},
    "required": ["title", "scenes"],
}


def request(credential: ResolvedCredential, **overrides: object) -> AgentRequest:
    fields: dict[str, object] = {
        "provider": "openai",
        "model": "gpt-4o-mini",
        "prompt": "Write a tagline for a bakery",
        "credential": credential,
    }
    return AgentRequest(**{**fields, **overrides})  # type: ignore[arg-type]


async def test_plain_text_streams_deltas_in_order_with_usage_and_cost(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given OpenAI answering in three streamed pieces
    route = providers.post(shapes.OPENAI_URL).mock(
        return_value=shapes.openai_text(
            ["Fresh ", "bread, ", "every dawn."], prompt_tokens=1200, completion_tokens=350
        )
    )

    # When the agent runs with instructions, a temperature and a token limit
    outcome = await run_agent(
        request(openai_key, instructions="You write taglines.", temperature=0.3, max_tokens=50),
        hooks,
        http,
        prices,
    )

    # Then the output is the text, and the deltas came in order
    assert outcome.output == "Fresh bread, every dawn."
    assert hooks.deltas == ["Fresh ", "bread, ", "every dawn."]
    # and usage is OpenAI's, priced by genai-prices
    assert (outcome.tokens_in, outcome.tokens_out) == (1200, 350)
    assert outcome.cost_usd == pytest.approx(
        shapes.genai_cost("openai", "gpt-4o-mini", outcome.tokens_in, outcome.tokens_out)
    )
    # and the request carried the key, the settings and the instructions as OpenAI expects
    sent = route.calls.last.request
    assert sent.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    body = json.loads(sent.content)
    assert body["model"] == "gpt-4o-mini"
    assert body["stream"] is True
    assert body["temperature"] == 0.3
    assert body["max_completion_tokens"] == 50 or body.get("max_tokens") == 50
    assert body["messages"][0] == {"role": "system", "content": "You write taglines."}
    assert body["messages"][-1] == {"role": "user", "content": "Write a tagline for a bakery"}


async def test_structured_output_is_the_validated_object(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given OpenAI calling the output tool with arguments that fit the schema
    route = providers.post(shapes.OPENAI_URL).mock(
        return_value=shapes.openai_tool_call("final_result", '{"title": "Dawn Loaves", "scenes": 4}')
    )

    # When the agent runs with an output schema
    outcome = await run_agent(request(openai_key, output_schema=SCHEMA), hooks, http, prices)

    # Then the step output is the object, and the JSON streamed as it was written
    assert outcome.output == {"title": "Dawn Loaves", "scenes": 4}
    assert json.loads("".join(hooks.deltas)) == outcome.output
    # and OpenAI was given the schema as the output tool
    tools = json.loads(route.calls.last.request.content)["tools"]
    assert tools[0]["function"]["name"] == "final_result"
    assert tools[0]["function"]["parameters"]["properties"] == SCHEMA["properties"]


async def test_output_that_breaks_the_schema_is_retried_then_fails_clearly(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given a model whose first answer breaks the schema (scenes: 0) and whose second fits
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("final_result", '{"title": "A", "scenes": 0}'),
            shapes.openai_tool_call("final_result", '{"title": "A", "scenes": 2}', call_id="call_2"),
        ]
    )

    # When the agent may retry once
    outcome = await run_agent(request(openai_key, output_schema=SCHEMA, retries=1), hooks, http, prices)

    # Then the model was told why, and the second answer is the output
    assert outcome.output == {"title": "A", "scenes": 2}
    retry_message = json.dumps(json.loads(route.calls[1].request.content)["messages"])
    assert "minimum of 1" in retry_message

    # And when every answer breaks the schema, the step fails with InvalidOutput
    providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("final_result", '{"title": 5}', call_id=f"c{i}") for i in range(3)
        ]
    )
    with pytest.raises(errors.InvalidOutput, match="output schema"):
        await run_agent(request(openai_key, output_schema=SCHEMA, retries=1), Hooks(), http, prices)


async def test_a_tool_call_loop_logs_calls_and_results(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given OpenAI asking for the time, then answering with it
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("current_time", '{"timezone": "Europe/Paris"}'),
            shapes.openai_text(["It is ", "morning in Paris."]),
        ]
    )

    # When the agent may use current_time
    outcome = await run_agent(request(openai_key, tools=["current_time"]), hooks, http, prices)

    # Then the call and its result were logged, and the result went back to the model
    assert outcome.output == "It is morning in Paris."
    (call_message, call), (result_message, result) = hooks.logs
    assert call_message == "Tool call: current_time"
    assert call["args"] == {"timezone": "Europe/Paris"}
    assert result_message == "Tool result: current_time"
    assert "Europe/Paris" in result["result"]
    second = json.loads(route.calls[1].request.content)["messages"]
    assert second[-1]["role"] == "tool"
    assert second[-1]["tool_call_id"] == "call_Xk2Lq9"
    # and usage adds up over both requests
    assert (outcome.tokens_in, outcome.tokens_out, outcome.requests) == (60 + 21, 18 + 9, 2)


async def test_http_fetch_is_guarded(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given a model that tries to fetch the cloud metadata endpoint
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("http_fetch", '{"url": "http://169.254.169.254/latest/meta-data/"}'),
            shapes.openai_text(["I could not fetch it."]),
        ]
    )

    # When the agent runs with http_fetch
    await run_agent(request(openai_key, tools=["http_fetch"]), hooks, http, prices)

    # Then the fetch was refused by the SSRF guard, and the model was told so
    assert "metadata" in hooks.logs[1][1]["result"]
    assert "Refusing" in json.dumps(json.loads(route.calls[1].request.content)["messages"])


async def test_429_is_retryable_with_retry_after(
    providers: respx.MockRouter, openai_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_429("7"))
    with pytest.raises(errors.RateLimited) as caught:
        await run_agent(request(openai_key), Hooks(), http, prices)
    assert caught.value.retryable
    assert caught.value.retry_after_s == 7.0
    assert "Work OpenAI" in str(caught.value)
    # one request: the SDK's own retries are off (the runner retries, with backoff)
    assert providers.calls.call_count == 1


async def test_401_names_the_credential_and_provider_and_not_the_key(
    providers: respx.MockRouter, openai_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_401(OPENAI_KEY))
    with pytest.raises(errors.ProviderAuthFailed) as caught:
        await run_agent(request(openai_key), Hooks(), http, prices)
    message = str(caught.value)
    assert not caught.value.retryable
    assert "OpenAI refused the API key “Work OpenAI” (HTTP 401)" in message
    assert OPENAI_KEY[-4:] not in message
    assert "*" not in message


async def test_timeouts_and_server_errors_are_retryable(
    providers: respx.MockRouter, openai_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    providers.post(shapes.OPENAI_URL).mock(side_effect=httpx.ReadTimeout("read timed out"))
    with pytest.raises(errors.ProviderTimeout) as timeout:
        await run_agent(request(openai_key), Hooks(), http, prices)
    assert timeout.value.retryable

    providers.post(shapes.OPENAI_URL).mock(
        return_value=shapes.openai_error(
            503, "The server is overloaded", code="server_error", kind="server_error"
        )
    )
    with pytest.raises(errors.ProviderUnavailable) as unavailable:
        await run_agent(request(openai_key), Hooks(), http, prices)
    assert unavailable.value.retryable


async def test_content_filter_and_unknown_model_are_clear(
    providers: respx.MockRouter, openai_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_content_filtered())
    with pytest.raises(errors.ContentFiltered, match="content filter"):
        await run_agent(request(openai_key), Hooks(), http, prices)

    providers.post(shapes.OPENAI_URL).mock(
        return_value=shapes.openai_error(
            404,
            "The model `gpt-9` does not exist or you do not have access to it.",
            code="model_not_found",
            kind="invalid_request_error",
        )
    )
    with pytest.raises(errors.RequestRejected, match="no model `gpt-9`"):
        await run_agent(request(openai_key, model="gpt-9"), Hooks(), http, prices)


async def test_a_credential_for_another_provider_is_refused(
    anthropic_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    with pytest.raises(errors.CredentialMissing, match="“Claude key” is for Anthropic"):
        await run_agent(request(anthropic_key), Hooks(), http, prices)


async def test_openai_compatible_endpoints_use_their_base_url_and_the_ssrf_guard(
    providers: respx.MockRouter, http: SafeHttpClient, prices: PriceTable, hooks: Hooks
) -> None:
    # Given an OpenAI-compatible credential on a public host
    public = ResolvedCredential(
        "c", "openai_compatible", "Router", "sk-or-v1-abc", base_url="https://1.1.1.1/api/v1"
    )
    route = providers.post("https://1.1.1.1/api/v1/chat/completions").mock(
        return_value=shapes.openai_text(["ok"])
    )

    # When an agent uses it, the request goes to that base URL, priced as unknown
    outcome = await run_agent(
        AgentRequest("openai_compatible", "meta-llama/llama-3.3-70b", "hi", credential=public),
        hooks,
        http,
        prices,
    )
    assert outcome.output == "ok"
    assert route.called
    assert outcome.cost_usd is None

    # And a base URL on a private address is refused before any request
    private = ResolvedCredential("c", "openai_compatible", "Local", "", base_url="http://10.0.0.5:11434/v1")
    with pytest.raises(errors.BaseUrlRefused, match="private"):
        await run_agent(
            AgentRequest("openai_compatible", "llama3.2", "hi", credential=private), hooks, http, prices
        )
