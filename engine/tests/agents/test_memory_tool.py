"""Memory search as an agent's tool: the model searches the user's collections (the real memory
service, its built-in embedding model and pgvector), only those the node lists; respx is OpenAI."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import respx

from orrery.agents.credential import ResolvedCredential
from orrery.memory import LocalEmbedder, MemoryService
from orrery.net import SafeHttpClient
from orrery.nodes import LocalContext, default_registry
from orrery.nodes.base import MemoryAccess
from orrery.settings import Settings
from orrery.spec import Node
from orrery.store.database import Database
from tests.agents import shapes
from tests.agents.conftest import OPENAI_KEY
from tests.workflows.helpers import sign_up

CREDENTIAL_ID = str(uuid.uuid4())
STYLE_GUIDE = (
    "Channel style guide. Open every video with a question the viewer has asked themselves. "
    "Short sentences. One joke per minute, never at the viewer's expense. End with a challenge."
)
SECRET = "Private sponsor rates: 4,000 dollars per integration, do not share."


@pytest.fixture
async def memory(db: Database, settings: Settings, admin_url: str) -> AsyncIterator[MemoryAccess]:
    """A user's memory with a style guide in "Channel brain" and a secret in "Sponsor deals"."""
    user = sign_up(admin_url, settings)
    async with SafeHttpClient() as http:
        service = MemoryService(db, LocalEmbedder.from_settings(settings.memory), http)
        access = service.access(user.claims)
        await access.write("Channel brain", STYLE_GUIDE, title="Style guide", metadata={"kind": "guide"})
        await access.write("Sponsor deals", SECRET, title="Rates")
        yield access


def agent(**config: Any) -> Node:
    return Node(
        id="writer",
        type="agent",
        config={
            "provider": "openai",
            "model": "gpt-4o-mini",
            "credential_id": CREDENTIAL_ID,
            "prompt": "Write the opening line of a video about {{ inputs.topic }}.",
            "memory": {"collections": ["Channel brain"], "k": 2},
            **config,
        },
    )


def context(http: SafeHttpClient, memory: MemoryAccess) -> LocalContext:
    key = ResolvedCredential(id=CREDENTIAL_ID, provider="openai", label="Work OpenAI", api_key=OPENAI_KEY)
    return LocalContext(
        http=http,
        node_id="writer",
        inputs={"topic": "tide pools"},
        credentials={CREDENTIAL_ID: key},
        memories=memory,
    )


async def test_the_agent_searches_its_collection_and_the_call_and_hits_are_logged(
    providers: respx.MockRouter, http: SafeHttpClient, memory: MemoryAccess
) -> None:
    # Given a model that searches the channel's memory for how videos open, then answers
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("memory_search", '{"query": "how should a video open?"}'),
            shapes.openai_text(["Ever wondered what lives ", "in a tide pool?"]),
        ]
    )

    # When the agent with the Channel brain as its memory runs
    ctx = context(http, memory)
    result = await default_registry().execute(ctx, agent())

    # Then OpenAI was offered the tool, naming the collection
    tools = json.loads(route.calls[0].request.content)["tools"]
    (tool,) = [t["function"] for t in tools if t["function"]["name"] == "memory_search"]
    assert "`Channel brain`" in tool["description"]
    assert set(tool["parameters"]["properties"]) == {"query", "collection"}
    # and the style guide came back to the model as the tool's result
    tool_message = json.loads(route.calls[1].request.content)["messages"][-1]
    assert tool_message["role"] == "tool"
    hits = json.loads(tool_message["content"])
    assert hits[0]["collection"] == "Channel brain"
    assert hits[0]["title"] == "Style guide"
    assert "question the viewer has asked" in hits[0]["content"]
    assert 0 < hits[0]["score"] <= 1
    # and the call and its hits are step logs, like any tool's
    call, found = [data for message, data in ctx.logs if message.startswith("Tool ")]
    assert (call["tool"], call["args"]) == ("memory_search", {"query": "how should a video open?"})
    assert "Style guide" in json.dumps(found["result"])
    assert result.output == "Ever wondered what lives in a tide pool?"
    # and the agent's transcript keeps the search, so an agent after it sees what was found
    assert result.transcript is not None
    assert "Style guide" in json.dumps(result.transcript)


async def test_the_agent_cannot_search_a_collection_the_node_does_not_list(
    providers: respx.MockRouter, http: SafeHttpClient, memory: MemoryAccess
) -> None:
    # Given a model that tries to read the sponsor deals, then gives up
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call(
                "memory_search", '{"query": "sponsor rates", "collection": "Sponsor deals"}'
            ),
            shapes.openai_text(["I can only search the Channel brain."]),
        ]
    )

    # When the agent, which may search only the Channel brain, runs
    await default_registry().execute(context(http, memory), agent())

    # Then the model was told which collections it may search, and nothing of the secret reached it
    retry = json.dumps(json.loads(route.calls[1].request.content)["messages"][-1])
    assert "is not a collection you may search" in retry
    assert "Channel brain" in retry
    assert "4,000 dollars" not in json.dumps([json.loads(c.request.content) for c in route.calls])


async def test_an_empty_memory_finds_nothing_and_the_model_goes_on(
    providers: respx.MockRouter, http: SafeHttpClient, memory: MemoryAccess
) -> None:
    # Given an agent pointed at a collection that does not exist yet (a fresh channel)
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("memory_search", '{"query": "past scripts"}'),
            shapes.openai_text(["A fresh start."]),
        ]
    )

    # When it searches
    result = await default_registry().execute(
        context(http, memory), agent(memory={"collections": ["New channel"]})
    )

    # Then the search found nothing, and the run went on
    told = json.loads(route.calls[1].request.content)["messages"][-1]["content"]
    assert told.startswith("Nothing found in `New channel`")
    assert result.output == "A fresh start."


def test_the_node_checks_the_collections_it_lists() -> None:
    registry = default_registry()

    def problems(memory: dict[str, Any]) -> list[str]:
        inspection = registry.inspect("agent", 1, {"prompt": "x", "memory": memory})
        assert inspection is not None
        return [issue.path for issue in inspection.config_issues]

    assert problems({"collections": ["Channel brain"], "k": 3}) == []
    assert problems({"collections": ["Channel brain", "Channel brain"]}) == ["memory.collections"]
    assert problems({"collections": [" padded "]}) != []
    assert problems({"collections": [""]}) != []
    assert problems({"collections": ["a", "b", "c", "d", "e", "f"]}) != []
    assert problems({"collections": ["a"], "k": 0}) != []
