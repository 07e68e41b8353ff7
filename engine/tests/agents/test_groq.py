"""An agent on Groq (its OpenAI-style chat completions at /openai/v1, through the `groq`
SDK), with respx as Groq. The `groq` SDK still uses `httpx` (not httpx2), so the routes are
respx's default mocker. Shapes are Groq's: streamed chunks carrying `x_groq` (usage only in
the last one), tool calls sent whole in one chunk, OpenAI-style error bodies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

from orrery.agents import errors
from orrery.agents.credential import ResolvedCredential
from orrery.agents.execution import AgentRequest, run_agent
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from tests.agents import shapes
from tests.agents.conftest import Hooks

GROQ_KEY = "gsk_PLANTEDkey0123456789abcdefghijklmnopqrstuvwxyzAB"
MODEL = "llama-3.3-70b-versatile"
URL = "https://api.groq.com/openai/v1/chat/completions"
SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "scenes": {"type": "integer", "minimum": 1}},
    "required": ["title", "scenes"],
}


@pytest.fixture
def groq_api() -> Iterator[respx.MockRouter]:
    """Groq's API: every request must match a route (nothing reaches the network)."""
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.fixture
def groq_key() -> ResolvedCredential:
    return ResolvedCredential(id="cred-groq", provider="groq", label="Groq dev", api_key=GROQ_KEY)


def request(credential: ResolvedCredential, **overrides: Any) -> AgentRequest:
    fields: dict[str, Any] = {"provider": "groq", "model": MODEL, "prompt": "Tagline for a bakery"}
    return AgentRequest(**{**fields, "credential": credential, **overrides})


# --- Groq's shapes --------------------------------------------------------------------------


def _chunk(
    delta: dict[str, Any], finish: str | None = None, usage: dict[str, Any] | None = None
) -> dict[str, Any]:
    x_groq: dict[str, Any] = {"id": "req_01jx3k7f2ee8tb1y0wq5v0c9hd"}
    if usage is not None:
        x_groq["usage"] = usage
    return {
        "id": "chatcmpl-5b9c1f2a-3d4e-4f60-8a7b-9c0d1e2f3a4b",
        "object": "chat.completion.chunk",
        "created": 1731000000,
        "model": MODEL,
        "system_fingerprint": "fp_9a8b91ba77",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        "x_groq": x_groq,
    }


def _usage(prompt: int, completion: int) -> dict[str, Any]:
    return {
        "queue_time": 0.021,
        "prompt_tokens": prompt,
        "prompt_time": 0.004,
        "completion_tokens": completion,
        "completion_time": 0.05,
        "total_tokens": prompt + completion,
        "total_time": 0.054,
    }


def _sse(chunks: list[dict[str, Any]]) -> httpx.Response:
    body = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
    return httpx.Response(200, content=body.encode(), headers={"content-type": "text/event-stream"})


def groq_text(pieces: list[str], *, prompt: int = 45, completion: int = 12) -> httpx.Response:
    chunks = [_chunk({"role": "assistant", "content": ""})]
    chunks += [_chunk({"content": piece}) for piece in pieces]
    chunks.append(_chunk({}, "stop", _usage(prompt, completion)))
    return _sse(chunks)


def groq_tool_call(name: str, arguments: str, *, prompt: int = 310, completion: int = 28) -> httpx.Response:
    call = {
        "id": "call_4k2m",
        "type": "function",
        "function": {"name": name, "arguments": arguments},
        "index": 0,
    }
    return _sse(
        [
            _chunk({"role": "assistant", "content": None}),
            _chunk({"tool_calls": [call]}),
            _chunk({}, "tool_calls", _usage(prompt, completion)),
        ]
    )


def groq_error(
    status: int, message: str, kind: str, code: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(
        status,
        json={"error": {"message": message, "type": kind, "code": code}},
        headers={"x-request-id": "req_01jx3k9a", **(headers or {})},
    )


def groq_429(retry_after: str = "3") -> httpx.Response:
    return groq_error(
        429,
        f"Rate limit reached for model `{MODEL}` in organization `org_01hq5tf2` service tier `on_demand` "
        "on tokens per minute (TPM): Limit 12000, Used 11800, Requested 790. Please try again in 2.95s. "
        "Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing",
        "tokens",
        "rate_limit_exceeded",
        {"retry-after": retry_after, "x-ratelimit-remaining-tokens": "200"},
    )


# --- the stories ----------------------------------------------------------------------------


async def test_plain_text_streams_in_order_with_usage_and_cost(
    groq_api: respx.MockRouter,
    groq_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given Groq streaming an answer, usage in its last chunk's x_groq
    route = groq_api.post(URL).mock(
        return_value=groq_text(["Warm ", "bread, ", "every dawn."], prompt=2000, completion=1000)
    )

    # When the agent runs with instructions, a temperature and a token limit
    outcome = await run_agent(
        request(groq_key, instructions="You write taglines.", temperature=0.2, max_tokens=40),
        hooks,
        http,
        prices,
    )

    # Then the text arrived in order, and usage is priced by genai-prices
    assert outcome.output == "Warm bread, every dawn."
    assert hooks.deltas == ["Warm ", "bread, ", "every dawn."]
    assert (outcome.tokens_in, outcome.tokens_out) == (2000, 1000)
    assert outcome.cost_usd == pytest.approx(shapes.genai_cost("groq", MODEL, 2000, 1000))
    # and the request carried the key and the settings
    sent = route.calls.last.request
    assert sent.headers["authorization"] == f"Bearer {GROQ_KEY}"
    body = json.loads(sent.content)
    assert (body["model"], body["stream"], body["temperature"], body["max_tokens"]) == (MODEL, True, 0.2, 40)
    assert body["messages"] == [
        {"role": "system", "content": "You write taglines."},
        {"role": "user", "content": "Tagline for a bakery"},
    ]


async def test_structured_output_is_the_validated_object(
    groq_api: respx.MockRouter,
    groq_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given Groq calling the output tool (the arguments arrive whole, in one chunk)
    route = groq_api.post(URL).mock(
        return_value=groq_tool_call("final_result", '{"title": "Dawn Loaves", "scenes": 4}')
    )

    # When the agent runs with an output schema
    outcome = await run_agent(request(groq_key, output_schema=SCHEMA), hooks, http, prices)

    # Then the step output is the object, and its JSON went to the live stream
    assert outcome.output == {"title": "Dawn Loaves", "scenes": 4}
    assert json.loads("".join(hooks.deltas)) == outcome.output
    assert (outcome.tokens_in, outcome.tokens_out) == (310, 28)
    # and Groq was told to call the output tool, with the schema
    body = json.loads(route.calls.last.request.content)
    assert body["tool_choice"] == "required"
    (tool,) = body["tools"]
    assert tool["function"]["name"] == "final_result"
    assert tool["function"]["parameters"]["properties"] == SCHEMA["properties"]


async def test_a_rate_limit_is_retryable_with_retry_after_then_the_retry_succeeds(
    groq_api: respx.MockRouter, groq_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    groq_api.post(URL).mock(side_effect=[groq_429("3"), groq_text(["ok"])])

    with pytest.raises(errors.RateLimited) as caught:
        await run_agent(request(groq_key), Hooks(), http, prices)
    assert caught.value.retryable
    assert caught.value.retry_after_s == 3.0
    assert "Groq rate-limited the key “Groq dev” (HTTP 429)" in str(caught.value)
    assert groq_api.calls.call_count == 1  # the SDK's own retries are off

    outcome = await run_agent(request(groq_key), Hooks(), http, prices)
    assert outcome.output == "ok"


async def test_401_fails_the_step_naming_the_credential_not_the_key(
    groq_api: respx.MockRouter, groq_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    groq_api.post(URL).mock(
        return_value=groq_error(401, "Invalid API Key", "invalid_request_error", "invalid_api_key")
    )

    with pytest.raises(errors.ProviderAuthFailed) as caught:
        await run_agent(request(groq_key), Hooks(), http, prices)

    message = str(caught.value)
    assert not caught.value.retryable
    assert "Groq refused the API key “Groq dev” (HTTP 401)" in message
    assert "Settings → Model credentials" in message
    assert GROQ_KEY[-6:] not in message
