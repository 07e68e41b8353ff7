"""An agent on Mistral's chat completions API (through the `mistralai` SDK, over httpx2),
with respx as Mistral. Shapes are Mistral's: streamed chunks with usage on the last one,
tool calls whole in one chunk (`tool_choice: any` for the output tool), and Mistral's
error bodies (`{"message": ..., "request_id": ...}`, or `{"object": "error", ...}`)."""

from __future__ import annotations

import json
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

MISTRAL_KEY = "PLANTEDmistralKey0123456789abcdef"
MODEL = "mistral-small-latest"
URL = "https://api.mistral.ai/v1/chat/completions"
SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "scenes": {"type": "integer", "minimum": 1}},
    "required": ["title", "scenes"],
}


@pytest.fixture
def mistral_key() -> ResolvedCredential:
    return ResolvedCredential(
        id="cred-mistral", provider="mistral", label="La Plateforme", api_key=MISTRAL_KEY
    )


def request(credential: ResolvedCredential, **overrides: Any) -> AgentRequest:
    fields: dict[str, Any] = {"provider": "mistral", "model": MODEL, "prompt": "Tagline for a bakery"}
    return AgentRequest(**{**fields, "credential": credential, **overrides})


# --- Mistral's shapes -----------------------------------------------------------------------


def _chunk(
    delta: dict[str, Any], finish: str | None = None, usage: dict[str, int] | None = None
) -> dict[str, Any]:
    chunk: dict[str, Any] = {
        "id": "e5cc70bb28c444948073e77776eb30ef",
        "object": "chat.completion.chunk",
        "created": 1731000000,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    if usage is not None:
        chunk["usage"] = usage
    return chunk


def _usage(prompt: int, completion: int) -> dict[str, int]:
    return {"prompt_tokens": prompt, "total_tokens": prompt + completion, "completion_tokens": completion}


def _sse(chunks: list[dict[str, Any]]) -> httpx.Response:
    body = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
    return httpx.Response(
        200, content=body.encode(), headers={"content-type": "text/event-stream; charset=utf-8"}
    )


def mistral_text(pieces: list[str], *, prompt: int = 12, completion: int = 9) -> httpx.Response:
    chunks = [_chunk({"role": "assistant", "content": ""})]
    chunks += [_chunk({"content": piece}) for piece in pieces]
    chunks.append(_chunk({"content": ""}, "stop", _usage(prompt, completion)))
    return _sse(chunks)


def mistral_tool_call(
    name: str, arguments: str, *, prompt: int = 140, completion: int = 31
) -> httpx.Response:
    call = {"id": "GvdBHiKIe", "function": {"name": name, "arguments": arguments}, "index": 0}
    return _sse(
        [
            _chunk({"role": "assistant", "content": ""}),
            _chunk({"tool_calls": [call]}, "tool_calls", _usage(prompt, completion)),
        ]
    )


def mistral_401() -> httpx.Response:
    return httpx.Response(
        401,
        json={"message": "Unauthorized", "request_id": "7f2b4c1d9e8a4b6f8c3d2e1f0a9b8c7d"},
        headers={"www-authenticate": "Key"},
    )


def mistral_429() -> httpx.Response:
    return httpx.Response(
        429,
        json={
            "object": "error",
            "message": "Requests rate limit exceeded",
            "type": "rate_limited",
            "param": None,
            "code": "1300",
        },
        headers={"x-ratelimitbysize-remaining-minute": "0"},
    )


# --- the stories ----------------------------------------------------------------------------


async def test_plain_text_streams_in_order_with_usage_and_cost(
    providers: respx.MockRouter,
    mistral_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given Mistral streaming an answer
    route = providers.post(URL).mock(
        return_value=mistral_text(["Warm ", "bread, ", "every dawn."], prompt=3000, completion=1000)
    )

    # When the agent runs with instructions, a temperature and a token limit
    outcome = await run_agent(
        request(mistral_key, instructions="You write taglines.", temperature=0.3, max_tokens=48),
        hooks,
        http,
        prices,
    )

    # Then the text arrived in order, and usage is priced by genai-prices
    assert outcome.output == "Warm bread, every dawn."
    assert hooks.deltas == ["Warm ", "bread, ", "every dawn."]
    assert (outcome.tokens_in, outcome.tokens_out) == (3000, 1000)
    assert outcome.cost_usd == pytest.approx(shapes.genai_cost("mistral", MODEL, 3000, 1000))
    # and the request carried the key and the settings
    sent = route.calls.last.request
    assert sent.headers["authorization"] == f"Bearer {MISTRAL_KEY}"
    body = json.loads(sent.content)
    assert (body["model"], body["stream"], body["temperature"], body["max_tokens"]) == (MODEL, True, 0.3, 48)
    assert body["messages"] == [
        {"role": "system", "content": "You write taglines."},
        {"role": "user", "content": "Tagline for a bakery"},
    ]


async def test_structured_output_is_the_validated_object(
    providers: respx.MockRouter,
    mistral_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given Mistral calling the output tool, first breaking the schema, then fitting it
    route = providers.post(URL).mock(
        side_effect=[
            mistral_tool_call("final_result", '{"title": "Dawn Loaves", "scenes": 0}'),
            mistral_tool_call("final_result", '{"title": "Dawn Loaves", "scenes": 4}'),
        ]
    )

    # When the agent runs with an output schema
    outcome = await run_agent(request(mistral_key, output_schema=SCHEMA), hooks, http, prices)

    # Then the output is the object that fits, after the model was told why the first did not
    assert outcome.output == {"title": "Dawn Loaves", "scenes": 4}
    assert "minimum of 1" in json.dumps(json.loads(route.calls[1].request.content)["messages"])
    # and Mistral had to call the output tool, given the schema
    body = json.loads(route.calls[0].request.content)
    assert body["tool_choice"] == "any"
    (tool,) = body["tools"]
    assert tool["function"]["name"] == "final_result"
    assert tool["function"]["parameters"]["properties"] == SCHEMA["properties"]
    assert (outcome.tokens_in, outcome.tokens_out, outcome.requests) == (280, 62, 2)


async def test_a_rate_limit_is_retryable_then_the_retry_succeeds(
    providers: respx.MockRouter, mistral_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    providers.post(URL).mock(side_effect=[mistral_429(), mistral_text(["ok"])])

    with pytest.raises(errors.RateLimited) as caught:
        await run_agent(request(mistral_key), Hooks(), http, prices)
    assert caught.value.retryable
    assert "Mistral rate-limited the key “La Plateforme” (HTTP 429)" in str(caught.value)
    assert providers.calls.call_count == 1  # the SDK's own retries are off

    outcome = await run_agent(request(mistral_key), Hooks(), http, prices)
    assert outcome.output == "ok"


async def test_401_fails_the_step_naming_the_credential_not_the_key(
    providers: respx.MockRouter, mistral_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    providers.post(URL).mock(return_value=mistral_401())

    with pytest.raises(errors.ProviderAuthFailed) as caught:
        await run_agent(request(mistral_key), Hooks(), http, prices)

    message = str(caught.value)
    assert not caught.value.retryable
    assert "Mistral refused the API key “La Plateforme” (HTTP 401)" in message
    assert "Settings → Model credentials" in message
    assert MISTRAL_KEY[-6:] not in message
