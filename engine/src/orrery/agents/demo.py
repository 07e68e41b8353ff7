"""The `demo` provider: an offline model that lets every workflow run with no API key.

Built on pydantic-ai's `FunctionModel`, so it goes through the same agent machinery as a
real model: it streams its text, calls the agent's tools, answers an output schema with
a valid object, and reports token usage (estimated by pydantic-ai, priced at zero). It
is deterministic: the same prompt gives the same answer. It is not a language model:
its text is a plausible placeholder built from the prompt's own words, and says so.
Given message history (short-term memory), it answers the latest prompt and says how
many earlier messages it was shown; it searches memory once when it has the tool; with the
file tools it writes `notes.md`, then reads it back.

A yes/no (a boolean in a structured answer) is `true`, except while the prompt speaks of
round 1 only (it says "round 1" and names no later round): so a loop that asks "do they
agree?" after each round, as the Panel discussion template does, shows a second round on
the demo model, then ends.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, Final

from pydantic_ai.messages import (
    ModelMessage,
    ModelRequest,
    ModelResponse,
    RetryPromptPart,
    TextPart,
    ToolCallPart,
    ToolReturnPart,
    UserPromptPart,
)
from pydantic_ai.models.function import AgentInfo, DeltaToolCall, DeltaToolCalls, FunctionModel

MODEL_NAME: Final = "demo"
NOTE: Final = "(Written by Orrery's offline demo model: placeholder text, not a real model's answer.)"
_URL = re.compile(r"https?://[^\s\"'<>)\]}]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_STOP: Final = frozenset(
    """the and for with that this from into your you are was were will would should could about above
    after again against all also any because been before being below between both but can did does
    doing down during each few further had has have having her here hers him his how its just more
    most not now off once only other our out over own same she some such than their them then there
    these they those through too under until very what when where which while who whom why write
    writes written make makes create give given use using based each per inputs input steps step
    output outputs json none null true false text prompt please short list script video post posts
    blog article outline plan draft story summary summarize return find following follow turn into""".split()  # noqa: SIM905
)


def demo_model() -> FunctionModel:
    return FunctionModel(_respond, stream_function=_stream, model_name=MODEL_NAME)


# --- the two entry points: a whole response, or the same response streamed -----------


async def _respond(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
    plan = _plan(messages, info)
    if isinstance(plan, str):
        return ModelResponse(parts=[TextPart(plan)], model_name=MODEL_NAME)
    return ModelResponse(
        parts=[
            ToolCallPart(name, json.dumps(args), tool_call_id=f"demo-{i}")
            for i, (name, args) in enumerate(plan)
        ],
        model_name=MODEL_NAME,
    )


async def _stream(messages: list[ModelMessage], info: AgentInfo) -> AsyncIterator[str | DeltaToolCalls]:
    plan = _plan(messages, info)
    if isinstance(plan, str):
        for word in re.findall(r"\S+\s*", plan):
            yield word
        return
    for index, (name, args) in enumerate(plan):
        text = json.dumps(args, ensure_ascii=False)
        yield {index: DeltaToolCall(name=name, tool_call_id=f"demo-{index}")}
        step = max(1, len(text) // 4)
        for start in range(0, len(text), step):
            yield {index: DeltaToolCall(json_args=text[start : start + step])}


# --- what to answer ------------------------------------------------------------------------


def _plan(messages: list[ModelMessage], info: AgentInfo) -> str | list[tuple[str, dict[str, Any]]]:
    """Text, or tool calls: first the agent's own tools (once each, where the prompt gives
    them something to do), then the output tool when there is an output schema."""
    earlier, current = _split(messages)
    prompt = _prompt(current)
    called = _called_tools(current)
    topic = _topic(prompt)
    rng = random.Random(hashlib.sha256(prompt.encode()).digest())  # noqa: S311 - not security
    calls: list[tuple[str, dict[str, Any]]] = []
    tools = {tool.name for tool in info.function_tools}
    if "current_time" in tools and "current_time" not in called:
        calls.append(("current_time", {}))
    url = _URL.search(prompt)
    if "http_fetch" in tools and "http_fetch" not in called and url:
        calls.append(("http_fetch", {"url": url.group(0).rstrip(".,;:")}))
    if "memory_search" in tools and "memory_search" not in called:
        calls.append(("memory_search", {"query": topic}))
    if "write_file" in tools and "write_file" not in called:
        calls.append(("write_file", {"name": "notes.md", "content": f"# Notes\n\nOn {topic}.\n"}))
    elif "read_file" in tools and "read_file" not in called and "write_file" in called:
        calls.append(("read_file", {"name": "notes.md"}))
    if calls:
        return calls
    if info.output_tools:
        tool = info.output_tools[0]
        yes = not _first_round(prompt)
        return [(tool.name, sample(tool.parameters_json_schema, topic=topic, rng=rng, yes=yes))]
    limit = (info.model_settings or {}).get("max_tokens")
    text = _text(topic, rng, max_words=int(limit * 0.75) if limit else None)
    if earlier:
        seen = f"(I was shown {earlier} earlier message{'s' if earlier != 1 else ''} of this run.)"
        text = text.replace(NOTE, f"{seen}\n{NOTE}") if NOTE in text else text
    return text


_ROUND = re.compile(r"\bround\s+(\d+)\b", re.IGNORECASE)


def _first_round(prompt: str) -> bool:
    """The prompt speaks of round 1 and of no later round."""
    rounds = {int(n) for n in _ROUND.findall(prompt)}
    return bool(rounds) and max(rounds) == 1


def _split(messages: list[ModelMessage]) -> tuple[int, list[ModelMessage]]:
    """(how many messages came before this run's prompt, this run's messages): the run
    starts at the last request with a user prompt."""
    for index in range(len(messages) - 1, -1, -1):
        message = messages[index]
        if isinstance(message, ModelRequest) and any(isinstance(p, UserPromptPart) for p in message.parts):
            return index, messages[index:]
    return 0, messages


def _prompt(messages: list[ModelMessage]) -> str:
    for message in messages:
        if isinstance(message, ModelRequest):
            for part in message.parts:
                if isinstance(part, UserPromptPart):
                    return part.content if isinstance(part.content, str) else " ".join(map(str, part.content))
    return ""


def _called_tools(messages: list[ModelMessage]) -> set[str]:
    return {
        part.tool_name
        for message in messages
        if isinstance(message, ModelRequest)
        for part in message.parts
        if isinstance(part, ToolReturnPart | RetryPromptPart) and part.tool_name
    }


def _topic(prompt: str) -> str:
    """A few content words of the prompt: from the material under the instruction when
    there is some (`Summarize this:\n\n<text>`), else from the instruction itself."""
    text = _URL.sub(" ", prompt.replace(NOTE, " "))
    text = re.sub(r'"[A-Za-z_][A-Za-z0-9_]*"\s*:', " ", text)  # JSON keys of upstream outputs
    head, _, material = text.partition("\n")
    about = re.search(r"\b(?:about|on|regarding|around)\b(.+)", head, re.IGNORECASE)
    return (
        _content_words(material)
        or (about and _content_words(about.group(1)))
        or _content_words(head)
        or "your topic"
    )


def _content_words(text: str) -> str:
    words: list[str] = []
    for word in _WORD.findall(text):
        lower = word.lower().strip("'-")
        if lower not in _STOP and lower not in _OWN_WORDS and lower not in words:
            words.append(lower)
        if len(words) == 3:
            break
    return " ".join(words)


_OPENINGS: Final = (
    "Here is a first take on {topic}.",
    "This draft looks at {topic} from the ground up.",
    "A short piece on {topic}, ready to be refined.",
)
_SENTENCES: Final = (
    "It starts with the question most people ask first, then answers it plainly.",
    "The key idea is simple enough to explain in one breath, and worth repeating.",
    "A concrete example makes {topic} easier to picture than any definition.",
    "The details matter less than the order in which they are told.",
    "Each point builds on the one before it, so the ending lands.",
    "It closes with one practical next step the reader can take today.",
)
_POINTS: Final = (
    "Why {topic} matters now",
    "The one thing to remember about {topic}",
    "A common mistake, and how to avoid it",
    "What to try next",
    "How {topic} looks in practice",
)


_OWN_WORDS: Final = frozenset(
    w.lower()
    for t in (*_OPENINGS, *_SENTENCES, *_POINTS, NOTE, "demo offline model")
    for w in _WORD.findall(t)
)


def _text(topic: str, rng: random.Random, *, max_words: int | None) -> str:
    title = topic.title()
    body = [rng.choice(_OPENINGS), *rng.sample(_SENTENCES, 3)]
    points = rng.sample(_POINTS, 3)
    text = (
        f"{title}\n\n"
        + " ".join(body).format(topic=topic)
        + "\n\n"
        + "\n".join(f"- {point.format(topic=topic)}" for point in points)
        + f"\n\n{NOTE}"
    )
    if max_words is not None:
        words = text.split(" ")
        text = " ".join(words[: max(1, max_words)])
    return text


# --- an instance of any JSON Schema --------------------------------------------------------


def sample(
    schema: Any,
    *,
    topic: str,
    rng: random.Random,
    name: str = "value",
    root: Any = None,
    depth: int = 0,
    yes: bool = True,
) -> Any:
    """A deterministic, plausible instance of `schema` (the keywords structured outputs use:
    type, properties, required, items, enum, const, anyOf/oneOf/allOf, local $ref, bounds);
    every boolean is `yes`."""
    root = schema if root is None else root
    if not isinstance(schema, dict) or depth > 12:
        return None
    if "$ref" in schema and isinstance(schema["$ref"], str) and schema["$ref"].startswith("#/"):
        target: Any = root
        for key in schema["$ref"][2:].split("/"):
            target = target.get(key, {}) if isinstance(target, dict) else {}
        return sample(target, topic=topic, rng=rng, yes=yes, name=name, root=root, depth=depth + 1)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return rng.choice(schema["enum"])
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            if isinstance(part, dict):
                merged = _merge(merged, part)
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        whole = _merge(merged, rest)
        return sample(whole, topic=topic, rng=rng, yes=yes, name=name, root=root, depth=depth + 1)
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            usable = [o for o in options if isinstance(o, dict) and o.get("type") != "null"] or options
            return sample(usable[0], topic=topic, rng=rng, yes=yes, name=name, root=root, depth=depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
    if kind == "object":
        properties = schema.get("properties") or {}
        return {
            key: sample(sub, topic=topic, rng=rng, yes=yes, name=key, root=root, depth=depth + 1)
            for key, sub in properties.items()
        }
    if kind == "array":
        low = int(schema.get("minItems", 0))
        high = int(schema.get("maxItems", max(low, 3)))
        count = max(low, min(3, high))
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        singular = name[:-1] if name.endswith("s") and len(name) > 3 else name
        one = {"topic": topic, "rng": rng, "yes": yes, "name": singular, "root": root, "depth": depth + 1}
        return [_vary(sample(items, **one), i, items) for i in range(count)]
    if kind in ("integer", "number"):
        return _number(schema, integer=kind == "integer", rng=rng)
    if kind == "boolean":
        return yes
    if kind == "null":
        return None
    return _string(schema, name=name, topic=topic)


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    merged = {**a, **b}
    if isinstance(a.get("properties"), dict) and isinstance(b.get("properties"), dict):
        merged["properties"] = {**a["properties"], **b["properties"]}
    if isinstance(a.get("required"), list) and isinstance(b.get("required"), list):
        merged["required"] = sorted({*a["required"], *b["required"]})
    return merged


def _vary(value: Any, index: int, schema: Any) -> Any:
    """Items of an array differ (for `uniqueItems`), within their schema's `maxLength`."""
    if index == 0 or not isinstance(schema, dict):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and "enum" not in schema:
        limit = schema.get("maximum")
        return value + index if not isinstance(limit, int | float) or value + index <= limit else value
    if isinstance(value, str) and "enum" not in schema and "format" not in schema and "pattern" not in schema:
        varied = f"{value} ({index + 1})"
        limit = schema.get("maxLength")
        return varied[-limit:] if isinstance(limit, int) and len(varied) > limit else varied
    if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
        return {k: _vary(v, index, schema["properties"].get(k)) for k, v in value.items()}
    return value


def _number(schema: dict[str, Any], *, integer: bool, rng: random.Random) -> int | float:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    low = float(low) if isinstance(low, int | float) else None
    high = float(high) if isinstance(high, int | float) else None
    if low is None and high is None:
        value = float(rng.randint(1, 10))
    elif low is None:
        assert high is not None
        value = min(high, 0.0) - (1 if "exclusiveMaximum" in schema else 0)
    elif high is None:
        value = low + (1 if "exclusiveMinimum" in schema or low == 0 else 0)
    else:
        value = (low + high) / 2
    step = schema.get("multipleOf")
    if isinstance(step, int | float) and step > 0:
        value = round(value / step) * step
    return round(value) if integer else round(value, 2)


def _string(schema: dict[str, Any], *, name: str, topic: str) -> str:
    fmt = schema.get("format")
    lower = name.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-") or "demo"
    if fmt == "date-time":
        return datetime(2025, 1, 1, 9, 0, tzinfo=UTC).isoformat()
    if fmt == "date":
        return "2025-01-01"
    if fmt == "time":
        return "09:00:00Z"
    if fmt in ("uri", "url", "iri") or lower in ("url", "link", "href") or lower.endswith("_url"):
        text = f"https://example.com/{slug}"
    elif fmt == "email" or "email" in lower:
        text = "demo@example.com"
    elif fmt == "uuid":
        text = "00000000-0000-4000-8000-000000000000"
    elif "title" in lower or "headline" in lower or lower in ("name", "subject", "hook"):
        text = f"{topic.title()}: a demo {lower.replace('_', ' ')}"
    elif any(k in lower for k in ("summary", "description", "body", "text", "content", "script", "intro")):
        text = f"A demo {lower.replace('_', ' ')} about {topic}, written offline by the demo model."
    else:
        text = f"Demo {lower.replace('_', ' ')} for {topic}"
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    while len(text) < low:
        text += " and more"
    if isinstance(high, int):
        text = text[:high]
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            if not re.search(pattern, text):
                text = _pattern_fallback(pattern, text)
        except re.error:
            pass
    return text


def _pattern_fallback(pattern: str, text: str) -> str:
    """A few common patterns; otherwise the text as it is (the output retry will say why)."""
    simple = {r"^[a-z0-9-]+$": re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-"), r"^\d+$": "42"}
    return simple.get(pattern, text)
