"""Short-term memory: what earlier agent steps of a run said, as message history for the next.

Recording (`transcript_of`): an agent step keeps its new pydantic-ai messages in a form any
provider can replay to another agent. Only the prompt, text, and the calls of the agent's
own tools with their results are kept (a call without its result, or a result without its
call, is dropped); the structured answer, which the model gave by calling the output tool
(a tool the next agent does not have), becomes a text response with the answer's JSON.

Replaying (`replay`): the earlier steps' messages, oldest first, without the system prompts
and instructions of the agents that wrote them (those were theirs, not this agent's), cut
into exchanges (one starts at each request with a user prompt) and trimmed oldest-first by
whole exchanges to a token budget: history never starts with a tool result whose call was
cut off. Tokens are estimated at ~4 characters per token of the messages' text (prompts,
answers, tool arguments and results): the provider's tokenizer is not at hand, the local
embedding model's tokenizer is a different one, and a budget only needs a bound.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from pydantic import ValidationError
from pydantic_ai.messages import (
    ModelMessage,
    ModelMessagesTypeAdapter,
    ModelRequest,
    ModelResponse,
    TextPart,
    ToolCallPart,
    ToolReturnPart,
    UserPromptPart,
)

CHARS_PER_TOKEN: Final = 4


def transcript_of(
    messages: Sequence[ModelMessage], *, tool_names: Collection[str], answer: str | None
) -> list[dict[str, Any]]:
    """A step's messages as stored JSON. `answer` is the structured output as JSON text (None
    for a text answer, which is already the last response's text)."""
    kept: list[ModelMessage] = []
    for index, message in enumerate(messages):
        if isinstance(message, ModelRequest):
            previous = messages[index - 1] if index else None
            called = _calls(previous, tool_names) if isinstance(previous, ModelResponse) else set()
            parts = [
                p
                for p in message.parts
                if isinstance(p, UserPromptPart)
                or (isinstance(p, ToolReturnPart) and p.tool_call_id in called)
            ]
            if parts:
                kept.append(replace(message, parts=parts))
        else:
            following = messages[index + 1] if index + 1 < len(messages) else None
            returned = (
                {p.tool_call_id for p in following.parts if isinstance(p, ToolReturnPart)}
                if isinstance(following, ModelRequest)
                else set()
            )
            calls = _calls(message, tool_names) & returned
            response_parts = [
                p
                for p in message.parts
                if (isinstance(p, TextPart) and p.content)
                or (isinstance(p, ToolCallPart) and p.tool_call_id in calls)
            ]
            if response_parts:
                kept.append(replace(message, parts=response_parts))
    if answer is not None:
        if kept and isinstance(kept[-1], ModelResponse) and not _calls(kept[-1], tool_names):
            kept[-1] = replace(kept[-1], parts=[*kept[-1].parts, TextPart(answer)])
        else:
            kept.append(ModelResponse(parts=[TextPart(answer)], model_name=_model_name(messages)))
    dumped: list[dict[str, Any]] = ModelMessagesTypeAdapter.dump_python(_merged(kept), mode="json")
    return dumped


def chat_transcript(turns: Any) -> list[dict[str, Any]]:
    """A chat's earlier turns (`[{role: user|assistant, content}]`, oldest first) as a stored
    transcript `replay` reads: a user turn is a prompt, an assistant turn a text answer. Anything
    else in the list (another role, no text) is left out; a value that is not a list gives none."""
    messages: list[ModelMessage] = []
    for turn in turns if isinstance(turns, list) else []:
        content = turn.get("content") if isinstance(turn, dict) else None
        if not isinstance(content, str) or not content:
            continue
        if turn.get("role") == "user":
            messages.append(ModelRequest(parts=[UserPromptPart(content)]))
        elif turn.get("role") == "assistant":
            messages.append(ModelResponse(parts=[TextPart(content)]))
    dumped: list[dict[str, Any]] = ModelMessagesTypeAdapter.dump_python(_merged(messages), mode="json")
    return dumped


@dataclass(frozen=True)
class History:
    messages: list[ModelMessage]
    steps: list[str]
    """The node ids whose messages are (at least partly) included."""
    left_out: int
    """Earlier messages cut to fit the budget (or unreadable)."""
    tokens: int
    """The estimate for what is included."""


def replay(transcripts: Iterable[tuple[str, list[dict[str, Any]]]], *, max_tokens: int) -> History:
    """The earlier steps' messages (node id, stored transcript; oldest first) that fit `max_tokens`."""
    exchanges: list[tuple[str, list[ModelMessage], int]] = []
    unreadable = 0
    for node_id, raw in transcripts:
        try:
            messages = ModelMessagesTypeAdapter.validate_python(raw)
        except ValidationError:
            unreadable += len(raw)
            continue
        for exchange in _exchanges(_without_instructions(messages)):
            exchanges.append((node_id, exchange, estimate_tokens(exchange)))
    included: list[tuple[str, list[ModelMessage], int]] = []
    total = 0
    for entry in reversed(exchanges):
        if total + entry[2] > max_tokens:
            break
        included.append(entry)
        total += entry[2]
    included.reverse()
    messages = [m for _, exchange, _ in included for m in exchange]
    left_out = sum(len(exchange) for _, exchange, _ in exchanges) - len(messages) + unreadable
    steps = list(dict.fromkeys(node_id for node_id, _, _ in included))
    return History(messages, steps, left_out, total)


def estimate_tokens(messages: Iterable[ModelMessage]) -> int:
    chars = 0
    for message in messages:
        for part in message.parts:
            if isinstance(part, UserPromptPart):
                chars += len(part.content) if isinstance(part.content, str) else len(str(part.content))
            elif isinstance(part, TextPart):
                chars += len(part.content)
            elif isinstance(part, ToolCallPart):
                chars += len(part.tool_name) + len(part.args_as_json_str())
            elif isinstance(part, ToolReturnPart):
                chars += len(part.tool_name) + len(_text(part.content))
    return -(-chars // CHARS_PER_TOKEN)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def _calls(message: ModelResponse, tool_names: Collection[str]) -> set[str]:
    return {
        p.tool_call_id for p in message.parts if isinstance(p, ToolCallPart) and p.tool_name in tool_names
    }


def _model_name(messages: Sequence[ModelMessage]) -> str | None:
    return next((m.model_name for m in reversed(messages) if isinstance(m, ModelResponse)), None)


def _merged(messages: list[ModelMessage]) -> list[ModelMessage]:
    """Adjacent messages of the same kind (left by what was dropped) as one."""
    merged: list[ModelMessage] = []
    for message in messages:
        last = merged[-1] if merged else None
        if last is not None and last.kind == message.kind:
            merged[-1] = replace(last, parts=[*last.parts, *message.parts])  # type: ignore[arg-type]
        else:
            merged.append(message)
    return merged


def _without_instructions(messages: list[ModelMessage]) -> list[ModelMessage]:
    """Only what was said: another agent's system prompt and instructions are not this one's."""
    cleaned: list[ModelMessage] = []
    for message in messages:
        if isinstance(message, ModelRequest):
            parts = [p for p in message.parts if isinstance(p, UserPromptPart | ToolReturnPart)]
            if parts:
                cleaned.append(replace(message, parts=parts, instructions=None))
        else:
            response_parts = [p for p in message.parts if isinstance(p, TextPart | ToolCallPart)]
            if response_parts:
                cleaned.append(replace(message, parts=response_parts))
    return cleaned


def _exchanges(messages: list[ModelMessage]) -> list[list[ModelMessage]]:
    """Split at each request with a user prompt; a leading tool result with no call is dropped."""
    exchanges: list[list[ModelMessage]] = []
    for message in messages:
        if isinstance(message, ModelRequest) and any(isinstance(p, UserPromptPart) for p in message.parts):
            exchanges.append([message])
        elif exchanges:
            exchanges[-1].append(message)
    return exchanges
