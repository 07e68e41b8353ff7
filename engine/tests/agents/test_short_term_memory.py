"""Short-term memory: an agent given what the agents before it in the run were asked and answered,
as OpenAI sees it (respx as OpenAI), trimmed to its token budget."""

from __future__ import annotations

import json
import uuid
from typing import Any

import respx

from orrery.agents.credential import ResolvedCredential
from orrery.agents.history import replay
from orrery.net import SafeHttpClient
from orrery.nodes import LocalContext, default_registry
from orrery.nodes.base import NodeResult, Transcript
from orrery.spec import Node
from tests.agents import shapes
from tests.agents.conftest import OPENAI_KEY

CREDENTIAL_ID = str(uuid.uuid4())
OUTLINE_SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "beats": {"type": "integer"}},
    "required": ["title", "beats"],
}


def key() -> ResolvedCredential:
    return ResolvedCredential(id=CREDENTIAL_ID, provider="openai", label="Work OpenAI", api_key=OPENAI_KEY)


def agent(node_id: str, **config: Any) -> Node:
    return Node(
        id=node_id,
        type="agent",
        config={"provider": "openai", "model": "gpt-4o-mini", "credential_id": CREDENTIAL_ID, **config},
    )


async def run(
    http: SafeHttpClient, node: Node, transcripts: list[Transcript] | None = None
) -> tuple[NodeResult, LocalContext]:
    ctx = LocalContext(
        http=http,
        node_id=node.id,
        inputs={"topic": "tide pools"},
        credentials={CREDENTIAL_ID: key()},
        transcripts=transcripts or [],
    )
    return await default_registry().execute(ctx, node), ctx


def sent(route: respx.Route, call: int = -1) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = json.loads(route.calls[call].request.content)["messages"]
    return messages


async def test_the_next_agent_is_given_the_first_agents_exchange_but_not_its_instructions(
    providers: respx.MockRouter, http: SafeHttpClient
) -> None:
    # Given a researcher that asked for the time, then answered
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("current_time", '{"timezone": "UTC"}'),
            shapes.openai_text(["Low tide ", "is at dawn."]),
        ]
    )
    research, _ = await run(
        http,
        agent(
            "research",
            instructions="You are a marine researcher.",
            prompt="When is low tide for {{ inputs.topic }}?",
            tools=["current_time"],
        ),
    )
    assert research.transcript is not None
    # (its transcript is not its output)
    assert research.output == "Low tide is at dawn."

    # When a writer with short-term memory runs after it
    route.side_effect = [shapes.openai_text(["A dawn walk ", "among the pools."])]
    writer, ctx = await run(
        http,
        agent(
            "writer",
            instructions="You write captions.",
            prompt="Write a caption.",
            short_term_memory={"enabled": True},
        ),
        [Transcript(node_id="research", messages=research.transcript)],
    )

    # Then OpenAI got the writer's instructions, the researcher's whole exchange, then the writer's prompt
    messages = sent(route)
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "tool", "assistant", "user"]
    assert messages[0] == {"role": "system", "content": "You write captions."}
    assert messages[1]["content"] == "When is low tide for tide pools?"
    assert messages[2]["tool_calls"][0]["function"]["name"] == "current_time"
    assert messages[3]["tool_call_id"] == messages[2]["tool_calls"][0]["id"]
    assert messages[4]["content"] == "Low tide is at dawn."
    assert messages[5] == {"role": "user", "content": "Write a caption."}
    # and never the researcher's instructions, as if they were the writer's
    assert "marine researcher" not in json.dumps(messages)
    # and the step log says what was included
    memory_log = next(data for message, data in ctx.logs if message.startswith("Short-term memory"))
    assert memory_log["messages"] == 4
    assert memory_log["steps"] == ["research"]
    assert memory_log["left_out"] == 0
    # and the writer's own transcript is just its exchange (not the history again)
    assert writer.transcript is not None
    assert len(writer.transcript) == 2


async def test_a_structured_answer_is_replayed_as_text_without_the_output_tool(
    providers: respx.MockRouter, http: SafeHttpClient
) -> None:
    # Given an outliner that answered with a schema (through OpenAI's output tool)
    route = providers.post(shapes.OPENAI_URL).mock(
        return_value=shapes.openai_tool_call("final_result", '{"title": "Pools at dawn", "beats": 3}')
    )
    outline, _ = await run(
        http, agent("outline", prompt="Outline {{ inputs.topic }}", output_schema=OUTLINE_SCHEMA)
    )
    assert outline.transcript is not None

    # When a scriptwriter with short-term memory runs after it
    route.side_effect = [shapes.openai_text(["Script."])]
    await run(
        http,
        agent("script", prompt="Write the script.", short_term_memory={"enabled": True}),
        [Transcript(node_id="outline", messages=outline.transcript)],
    )

    # Then the outline came as the outliner's text answer, with no call to a tool the writer lacks
    messages = sent(route)
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert json.loads(messages[1]["content"]) == {"title": "Pools at dawn", "beats": 3}
    assert "final_result" not in json.dumps(messages)


async def test_history_is_trimmed_oldest_first_to_the_token_budget(
    providers: respx.MockRouter, http: SafeHttpClient
) -> None:
    # Given two earlier agents: a long research answer (~2,500 tokens), then a short outline
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[shapes.openai_text(["fact " * 2000]), shapes.openai_text(["Three beats."])]
    )
    research, _ = await run(http, agent("research", prompt="Research {{ inputs.topic }}"))
    outline, _ = await run(http, agent("outline", prompt="Outline it"))
    assert research.transcript
    assert outline.transcript
    earlier = [
        Transcript(node_id="research", messages=research.transcript),
        Transcript(node_id="outline", messages=outline.transcript),
    ]

    # When a writer with a 1,000-token budget runs after both
    route.side_effect = [shapes.openai_text(["Script."])]
    _, ctx = await run(
        http,
        agent("script", prompt="Write the script.", short_term_memory={"enabled": True, "max_tokens": 1000}),
        earlier,
    )

    # Then only the outline's exchange fit; the research was left out whole
    messages = sent(route)
    assert [m.get("content") for m in messages] == ["Outline it", "Three beats.", "Write the script."]
    memory_log = next(data for message, data in ctx.logs if message.startswith("Short-term memory"))
    assert (memory_log["messages"], memory_log["left_out"], memory_log["steps"]) == (2, 2, ["outline"])

    # and with a budget for both, both are there, oldest first
    route.side_effect = [shapes.openai_text(["Script."])]
    await run(
        http,
        agent("script", prompt="Write the script.", short_term_memory={"enabled": True, "max_tokens": 5000}),
        earlier,
    )
    assert [m["role"] for m in sent(route)] == ["user", "assistant", "user", "assistant", "user"]
    assert sent(route)[0]["content"] == "Research tide pools"


async def test_without_short_term_memory_an_agent_sees_only_its_own_prompt(
    providers: respx.MockRouter, http: SafeHttpClient
) -> None:
    route = providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_text(["Caption."]))
    earlier = [
        Transcript(
            node_id="research",
            messages=replay_fixture(),
        )
    ]
    _, ctx = await run(http, agent("writer", prompt="Write a caption."), earlier)
    assert [m["role"] for m in sent(route)] == ["user"]
    assert not any(message.startswith("Short-term memory") for message, _ in ctx.logs)


def replay_fixture() -> list[dict[str, Any]]:
    return [
        {"kind": "request", "parts": [{"part_kind": "user-prompt", "content": "Research tides"}]},
        {"kind": "response", "parts": [{"part_kind": "text", "content": "Tides follow the moon."}]},
    ]


def test_an_unreadable_transcript_is_left_out_and_counted() -> None:
    history = replay(
        [("old", [{"kind": "nonsense"}]), ("research", replay_fixture())],
        max_tokens=1000,
    )
    assert [type(m).__name__ for m in history.messages] == ["ModelRequest", "ModelResponse"]
    assert (history.steps, history.left_out) == (["research"], 1)
