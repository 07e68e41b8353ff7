"""Provider responses as the real APIs send them (shapes recorded from OpenAI's chat
completions and Anthropic's messages APIs, streaming included), for respx routes."""

from __future__ import annotations

import json
from typing import Any

import httpx

OPENAI_URL = "https://api.openai.com/v1/chat/completions"
ANTHROPIC_URL = "https://api.anthropic.com/v1/messages"
MODEL_SNAPSHOT = "gpt-4o-mini-2024-07-18"


# --- OpenAI: chat completions, streamed (`stream: true`, `stream_options.include_usage`) ----


def _chunk(delta: dict[str, Any], finish: str | None = None, n: int = 0) -> dict[str, Any]:
    return {
        "id": "chatcmpl-AbC123xyz",
        "object": "chat.completion.chunk",
        "created": 1731000000 + n,
        "model": MODEL_SNAPSHOT,
        "service_tier": "default",
        "system_fingerprint": "fp_0ba0d124f1",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        "usage": None,
    }


def _usage_chunk(prompt: int, completion: int) -> dict[str, Any]:
    return {
        "id": "chatcmpl-AbC123xyz",
        "object": "chat.completion.chunk",
        "created": 1731000009,
        "model": MODEL_SNAPSHOT,
        "system_fingerprint": "fp_0ba0d124f1",
        "choices": [],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
    }


def sse(chunks: list[dict[str, Any]]) -> httpx.Response:
    body = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
    return httpx.Response(
        200,
        content=body.encode(),
        headers={"content-type": "text/event-stream; charset=utf-8", "x-request-id": "req_123"},
    )


def openai_text(pieces: list[str], *, prompt_tokens: int = 21, completion_tokens: int = 9) -> httpx.Response:
    chunks = [_chunk({"role": "assistant", "content": "", "refusal": None})]
    chunks += [_chunk({"content": piece}, n=i + 1) for i, piece in enumerate(pieces)]
    chunks += [_chunk({}, "stop"), _usage_chunk(prompt_tokens, completion_tokens)]
    return sse(chunks)


def openai_tool_call(
    name: str,
    arguments: str,
    *,
    call_id: str = "call_Xk2Lq9",
    prompt_tokens: int = 60,
    completion_tokens: int = 18,
) -> httpx.Response:
    """One tool call, its arguments streamed in pieces, as OpenAI sends them."""
    first = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"index": 0, "id": call_id, "type": "function", "function": {"name": name, "arguments": ""}}
        ],
        "refusal": None,
    }
    chunks = [_chunk(first)]
    step = max(1, len(arguments) // 3)
    for i in range(0, len(arguments), step):
        chunks.append(
            _chunk({"tool_calls": [{"index": 0, "function": {"arguments": arguments[i : i + step]}}]})
        )
    chunks += [_chunk({}, "tool_calls"), _usage_chunk(prompt_tokens, completion_tokens)]
    return sse(chunks)


def openai_content_filtered() -> httpx.Response:
    return sse(
        [_chunk({"role": "assistant", "content": ""}), _chunk({}, "content_filter"), _usage_chunk(30, 0)]
    )


def openai_error(
    status: int, message: str, *, code: str, kind: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(
        status,
        json={"error": {"message": message, "type": kind, "param": None, "code": code}},
        headers={"x-request-id": "req_456", **(headers or {})},
    )


def openai_401(key: str) -> httpx.Response:
    masked = f"{key[:3]}{'*' * (len(key) - 7)}{key[-4:]}"
    return openai_error(
        401,
        f"Incorrect API key provided: {masked}. You can find your API key at "
        "https://platform.openai.com/account/api-keys.",
        code="invalid_api_key",
        kind="invalid_request_error",
    )


def openai_429(retry_after: str = "2") -> httpx.Response:
    return openai_error(
        429,
        "Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): "
        "Limit 3, Used 3, Requested 1. Please try again in 20s.",
        code="rate_limit_exceeded",
        kind="requests",
        headers={"retry-after": retry_after, "x-ratelimit-remaining-requests": "0"},
    )


# --- Anthropic: messages, streamed ----------------------------------------------------------


def _event(kind: str, data: dict[str, Any]) -> str:
    return f"event: {kind}\ndata: {json.dumps(data)}\n\n"


def _anthropic_stream(
    blocks: list[str], stop_reason: str, input_tokens: int, output_tokens: int
) -> httpx.Response:
    start = {
        "type": "message_start",
        "message": {
            "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5-20250929",
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {
                "input_tokens": input_tokens,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "output_tokens": 1,
                "service_tier": "standard",
            },
        },
    }
    body = _event("message_start", start) + _event("ping", {"type": "ping"}) + "".join(blocks)
    body += _event(
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason, "stop_sequence": None},
            "usage": {"output_tokens": output_tokens},
        },
    )
    body += _event("message_stop", {"type": "message_stop"})
    return httpx.Response(
        200, content=body.encode(), headers={"content-type": "text/event-stream", "request-id": "req_01A"}
    )


def anthropic_text(pieces: list[str], *, input_tokens: int = 25, output_tokens: int = 12) -> httpx.Response:
    blocks = [
        _event(
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        )
    ]
    blocks += [
        _event(
            "content_block_delta",
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}},
        )
        for p in pieces
    ]
    blocks.append(_event("content_block_stop", {"type": "content_block_stop", "index": 0}))
    return _anthropic_stream(blocks, "end_turn", input_tokens, output_tokens)


def anthropic_tool_use(
    name: str, arguments: str, *, input_tokens: int = 410, output_tokens: int = 40
) -> httpx.Response:
    blocks = [
        _event(
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {
                    "type": "tool_use",
                    "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                    "name": name,
                    "input": {},
                },
            },
        )
    ]
    step = max(1, len(arguments) // 3)
    blocks += [
        _event(
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "input_json_delta", "partial_json": arguments[i : i + step]},
            },
        )
        for i in range(0, len(arguments), step)
    ]
    blocks.append(_event("content_block_stop", {"type": "content_block_stop", "index": 0}))
    return _anthropic_stream(blocks, "tool_use", input_tokens, output_tokens)


def anthropic_error(status: int, kind: str, message: str) -> httpx.Response:
    return httpx.Response(
        status,
        json={
            "type": "error",
            "error": {"type": kind, "message": message},
            "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy",
        },
        headers={"request-id": "req_011CSHoEeqs5C35K2UUqR7Fy"},
    )


def genai_cost(provider: str, model: str, tokens_in: int, tokens_out: int) -> float:
    """genai-prices' own figure for one request (what the step's cost must be)."""
    from genai_prices import Usage, calc_price

    usage = Usage(input_tokens=tokens_in, output_tokens=tokens_out)
    return float(calc_price(usage, model, provider_id=provider).total_price)
