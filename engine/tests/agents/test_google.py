"""An agent on Google's Gemini API (`streamGenerateContent`, server-sent events), with respx
as Google. The shapes are the Gemini API's: candidates with parts, cumulative
`usageMetadata` on every chunk, function calls whole in one part, and `google.rpc`
error bodies (an invalid key is a 400 with the reason `API_KEY_INVALID`)."""

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

GOOGLE_KEY = "AIzaSyPLANTEDkey0123456789abcdefghijk"
MODEL = "gemini-2.5-flash"
URL = f"https://generativelanguage.googleapis.com/v1beta/models/{MODEL}:streamGenerateContent"
SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "scenes": {"type": "integer", "minimum": 1}},
    "required": ["title", "scenes"],
}


@pytest.fixture
def gemini_key() -> ResolvedCredential:
    return ResolvedCredential(id="cred-google", provider="google", label="Gemini studio", api_key=GOOGLE_KEY)


def request(credential: ResolvedCredential, **overrides: Any) -> AgentRequest:
    fields: dict[str, Any] = {"provider": "google", "model": MODEL, "prompt": "Tagline for a bakery"}
    return AgentRequest(**{**fields, "credential": credential, **overrides})


# --- Gemini's shapes ------------------------------------------------------------------------


def _usage(prompt: int, candidates: int, thoughts: int = 0) -> dict[str, Any]:
    usage: dict[str, Any] = {
        "promptTokenCount": prompt,
        "candidatesTokenCount": candidates,
        "totalTokenCount": prompt + candidates + thoughts,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": prompt}],
    }
    if thoughts:
        usage["thoughtsTokenCount"] = thoughts
    return usage


def _chunk(parts: list[dict[str, Any]], usage: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    return {
        "candidates": [candidate],
        "usageMetadata": usage,
        "modelVersion": MODEL,
        "responseId": "mTR0aJ2cJ4-FjMcPi8fJ4Qw",
    }


def _sse(chunks: list[dict[str, Any]]) -> httpx.Response:
    body = "".join(f"data: {json.dumps(c)}\r\n\r\n" for c in chunks)
    return httpx.Response(
        200,
        content=body.encode(),
        headers={"content-type": "text/event-stream", "server": "scaffolding on HTTPServer2"},
    )


def gemini_text(pieces: list[str], *, prompt: int, candidates: int, thoughts: int = 0) -> httpx.Response:
    """Text in pieces; usage grows chunk by chunk, the last one is the total."""
    chunks = [
        _chunk([{"text": piece}], _usage(prompt, (i + 1) * candidates // len(pieces), thoughts))
        for i, piece in enumerate(pieces)
    ]
    chunks[-1]["candidates"][0]["finishReason"] = "STOP"
    return _sse(chunks)


def gemini_function_call(
    name: str, args: dict[str, Any], *, prompt: int = 96, candidates: int = 14
) -> httpx.Response:
    part = {"functionCall": {"name": name, "args": args}, "thoughtSignature": "CiQB0e2Kb3dRkx1yY2nYpQ=="}
    return _sse([_chunk([part], _usage(prompt, candidates), finish="STOP")])


def google_error(status: int, code: str, message: str, details: list[dict[str, Any]]) -> httpx.Response:
    return httpx.Response(
        status,
        json={"error": {"code": status, "message": message, "status": code, "details": details}},
        headers={"content-type": "application/json; charset=UTF-8"},
    )


def gemini_429(retry_delay: str = "37s") -> httpx.Response:
    return google_error(
        429,
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details. For more "
        "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
        [
            {
                "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                "violations": [
                    {
                        "quotaMetric": (
                            "generativelanguage.googleapis.com/generate_content_free_tier_requests"
                        ),
                        "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                        "quotaDimensions": {"location": "global", "model": MODEL},
                        "quotaValue": "10",
                    }
                ],
            },
            {
                "@type": "type.googleapis.com/google.rpc.Help",
                "links": [
                    {"description": "Learn more", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}
                ],
            },
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry_delay},
        ],
    )


def gemini_invalid_key() -> httpx.Response:
    message = "API key not valid. Please pass a valid API key."
    return google_error(
        400,
        "INVALID_ARGUMENT",
        message,
        [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "API_KEY_INVALID",
                "domain": "googleapis.com",
                "metadata": {"service": "generativelanguage.googleapis.com"},
            },
            {
                "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
                "locale": "en-US",
                "message": message,
            },
        ],
    )


# --- the stories ----------------------------------------------------------------------------


async def test_plain_text_streams_in_order_with_usage_and_cost(
    providers: respx.MockRouter,
    gemini_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given Gemini streaming an answer in three chunks (it thought a little first)
    route = providers.post(URL).mock(
        return_value=gemini_text(
            ["Warm ", "bread, ", "every dawn."], prompt=1000, candidates=300, thoughts=200
        )
    )

    # When the agent runs with instructions, a temperature and a token limit
    outcome = await run_agent(
        request(gemini_key, instructions="You write taglines.", temperature=0.4, max_tokens=64),
        hooks,
        http,
        prices,
    )

    # Then the text arrived in order
    assert outcome.output == "Warm bread, every dawn."
    assert hooks.deltas == ["Warm ", "bread, ", "every dawn."]
    # and usage is the last chunk's total (thinking is billed as output), priced by genai-prices
    assert (outcome.tokens_in, outcome.tokens_out) == (1000, 500)
    assert outcome.cost_usd == pytest.approx(shapes.genai_cost("google", MODEL, 1000, 500))
    # and the request carried the key in Google's header, and the settings as Gemini names them
    sent = route.calls.last.request
    assert sent.headers["x-goog-api-key"] == GOOGLE_KEY
    assert sent.url.params["alt"] == "sse"
    body = json.loads(sent.content)
    assert body["systemInstruction"]["parts"] == [{"text": "You write taglines."}]
    assert body["contents"][-1] == {"role": "user", "parts": [{"text": "Tagline for a bakery"}]}
    assert body["generationConfig"]["temperature"] == 0.4
    assert body["generationConfig"]["maxOutputTokens"] == 64


async def test_structured_output_is_a_function_call_checked_against_the_schema(
    providers: respx.MockRouter,
    gemini_key: ResolvedCredential,
    hooks: Hooks,
    http: SafeHttpClient,
    prices: PriceTable,
) -> None:
    # Given Gemini calling the output function, first breaking the schema, then fitting it
    route = providers.post(URL).mock(
        side_effect=[
            gemini_function_call("final_result", {"title": "Dawn Loaves", "scenes": 0}),
            gemini_function_call("final_result", {"title": "Dawn Loaves", "scenes": 4}),
        ]
    )

    # When the agent runs with an output schema
    outcome = await run_agent(request(gemini_key, output_schema=SCHEMA), hooks, http, prices)

    # Then the output is the object that fits, after telling the model why the first did not
    assert outcome.output == {"title": "Dawn Loaves", "scenes": 4}
    assert "minimum of 1" in json.dumps(json.loads(route.calls[1].request.content)["contents"])
    # and Gemini was given the schema as the one function it must call
    body = json.loads(route.calls[0].request.content)
    (declaration,) = body["tools"][0]["functionDeclarations"]
    assert declaration["name"] == "final_result"
    assert declaration["parameters_json_schema"]["properties"] == SCHEMA["properties"]
    assert body["toolConfig"]["functionCallingConfig"]["mode"] == "ANY"
    # and usage adds up over both requests
    assert (outcome.tokens_in, outcome.tokens_out, outcome.requests) == (2 * 96, 2 * 14, 2)


async def test_a_rate_limit_is_retryable_with_googles_delay_then_the_retry_succeeds(
    providers: respx.MockRouter, gemini_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    # Given Gemini's per-minute limit, then an answer
    providers.post(URL).mock(side_effect=[gemini_429("37s"), gemini_text(["ok"], prompt=5, candidates=1)])

    # When the agent runs, the step fails retryably, with Google's RetryInfo delay
    with pytest.raises(errors.RateLimited) as caught:
        await run_agent(request(gemini_key), Hooks(), http, prices)
    assert caught.value.retryable
    assert caught.value.retry_after_s == 37.0
    assert "Google Gemini rate-limited the key “Gemini studio” (HTTP 429)" in str(caught.value)
    assert providers.calls.call_count == 1  # the SDK's own retries are off

    # And when the runner retries, it succeeds
    outcome = await run_agent(request(gemini_key), Hooks(), http, prices)
    assert outcome.output == "ok"


async def test_an_invalid_key_fails_the_step_naming_the_credential_not_the_key(
    providers: respx.MockRouter, gemini_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    # Given Gemini refusing the key (it says so with a 400 and the reason API_KEY_INVALID)
    providers.post(URL).mock(return_value=gemini_invalid_key())

    with pytest.raises(errors.ProviderAuthFailed) as caught:
        await run_agent(request(gemini_key), Hooks(), http, prices)

    # Then the step fails for good, with what to do
    message = str(caught.value)
    assert not caught.value.retryable
    assert "Google Gemini refused the API key “Gemini studio”" in message
    assert "Settings → Model credentials" in message
    assert GOOGLE_KEY[-6:] not in message

    # And a key Google has blocked (a 403) fails the same way
    providers.post(URL).mock(
        return_value=google_error(
            403, "PERMISSION_DENIED", "Your API key was reported as leaked. Please use another API key.", []
        )
    )
    with pytest.raises(errors.ProviderAuthFailed, match=r"refused the API key “Gemini studio” \(HTTP 403\)"):
        await run_agent(request(gemini_key), Hooks(), http, prices)
