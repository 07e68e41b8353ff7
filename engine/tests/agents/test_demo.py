"""The demo model: offline, deterministic, plausible, and honest about what it is."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from orrery.agents.demo import NOTE
from orrery.agents.execution import AgentRequest, run_agent
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from tests.agents.conftest import Hooks

SCHEMAS: list[dict[str, Any]] = [
    {
        "type": "object",
        "properties": {
            "title": {"type": "string", "maxLength": 60},
            "hook": {"type": "string", "minLength": 10},
            "chapters": {
                "type": "array",
                "minItems": 3,
                "maxItems": 8,
                "uniqueItems": True,
                "items": {
                    "type": "object",
                    "properties": {
                        "number": {"type": "integer", "minimum": 1},
                        "heading": {"type": "string"},
                        "seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": 600},
                    },
                    "required": ["number", "heading", "seconds"],
                    "additionalProperties": False,
                },
            },
            "tone": {"enum": ["playful", "serious"]},
            "published": {"type": "boolean"},
            "source_url": {"type": "string", "format": "uri"},
            "notes": {"type": ["string", "null"]},
        },
        "required": ["title", "hook", "chapters", "tone"],
        "additionalProperties": False,
    },
    {"type": "array", "items": {"type": "string"}, "minItems": 2, "uniqueItems": True},
    {"type": "string", "maxLength": 12},
    {"type": "integer", "minimum": 3, "maximum": 9},
    {
        "type": "object",
        "$defs": {
            "shot": {"type": "object", "properties": {"camera": {"type": "string"}}, "required": ["camera"]}
        },
        "properties": {"shots": {"type": "array", "items": {"$ref": "#/$defs/shot"}, "minItems": 1}},
        "required": ["shots"],
    },
    {
        "type": "object",
        "properties": {"one": {"anyOf": [{"type": "null"}, {"type": "integer"}]}},
        "required": ["one"],
    },
]


async def test_text_is_plausible_deterministic_streamed_and_labelled(
    http: SafeHttpClient, prices: PriceTable
) -> None:
    # Given a prompt about a topic
    request = AgentRequest("demo", "demo", "Write the intro of a video about deep sea creatures for kids")

    # When the demo model answers it twice
    first, second = Hooks(), Hooks()
    a = await run_agent(request, first, http, prices)
    b = await run_agent(request, second, http, prices)

    # Then the answer is the same each time, is about the prompt, and says it is the demo model
    assert a.output == b.output
    assert "deep sea creatures" in a.output.lower()
    assert a.output.endswith(NOTE)
    # and it streamed word by word, the deltas adding up to the output
    assert len(first.deltas) > 20
    assert "".join(first.deltas) == a.output
    # and it reported usage, priced at zero
    assert a.tokens_in > 0
    assert a.tokens_out > 0
    assert a.cost_usd == 0.0
    assert a.model == "demo"


@pytest.mark.parametrize("schema", SCHEMAS, ids=["object", "array", "string", "integer", "defs", "any-of"])
async def test_structured_output_is_valid_for_the_schema(
    schema: dict[str, Any], http: SafeHttpClient, prices: PriceTable, hooks: Hooks
) -> None:
    # When the demo model answers with an output schema
    outcome = await run_agent(
        AgentRequest("demo", "demo", "Plan a video about volcanoes", output_schema=schema),
        hooks,
        http,
        prices,
    )

    # Then the output is an instance of the schema (top-level non-objects come back unwrapped)
    assert list(Draft202012Validator(schema).iter_errors(outcome.output)) == []
    # and the JSON was streamed as it was written
    assert hooks.deltas


async def test_it_calls_the_tools_it_is_given(http: SafeHttpClient, prices: PriceTable, hooks: Hooks) -> None:
    # When the demo agent may tell the time
    outcome = await run_agent(
        AgentRequest("demo", "demo", "What day is it? Plan my week.", tools=["current_time"]),
        hooks,
        http,
        prices,
    )

    # Then it called the tool once, and the call and its result were logged
    assert [message for message, _ in hooks.logs] == ["Tool call: current_time", "Tool result: current_time"]
    assert hooks.logs[1][1]["result"].startswith("20")
    assert outcome.tool_calls == 1
    assert outcome.requests == 2


async def test_max_tokens_shortens_the_answer(http: SafeHttpClient, prices: PriceTable, hooks: Hooks) -> None:
    outcome = await run_agent(
        AgentRequest("demo", "demo", "Tell me about owls", max_tokens=8), hooks, http, prices
    )
    assert len(outcome.output.split(" ")) <= 6
