"""The memory nodes, run through a `LocalContext` with the real memory service (the real
database and built-in embedding model): a workflow remembers a script, then finds it."""

from __future__ import annotations

from typing import Any

import pytest

from orrery.memory import LocalEmbedder, MemoryService
from orrery.net import SafeHttpClient
from orrery.nodes import LocalContext, NodeError, TemplateRenderError, default_registry
from orrery.nodes.memory_search.node import MemorySearchNode
from orrery.spec import Node
from orrery.store.database import Database
from tests.workflows.helpers import User, sign_up

SCRIPT = "Episode 12: we glaze a bowl with a cobalt blue glaze and fire it in the kiln at 1240 degrees."
FACTS = "Brand facts: the studio was founded in 2019 in Lisbon and sells handmade ceramic mugs."


@pytest.fixture(scope="module")
def embedder() -> LocalEmbedder:
    return LocalEmbedder()


@pytest.fixture
def ada(admin_url: str, settings: Any) -> User:
    return sign_up(admin_url, settings)


@pytest.fixture
def memory(db: Database, embedder: LocalEmbedder, local_http: SafeHttpClient) -> MemoryService:
    return MemoryService(db, embedder, local_http)


def context(memory: MemoryService, user: User, http: SafeHttpClient, **fields: Any) -> LocalContext:
    return LocalContext(http=http, memories=memory.access(user.claims), **fields)


async def run(ctx: LocalContext, node_type: str, config: dict[str, Any]) -> Any:
    return (await default_registry().execute(ctx, Node(id="n", type=node_type, config=config))).output


async def test_a_written_script_is_found_by_a_later_search(
    memory: MemoryService, ada: User, local_http: SafeHttpClient
) -> None:
    # Given an approved script upstream, and no collection yet
    ctx = context(memory, ada, local_http, inputs={"topic": "glazing"}, steps={"script": {"text": SCRIPT}})

    # When memory_write stores it (twice: a retry) and the brand facts too
    config = {
        "collection": "Channel memory",
        "content": "{{ steps.script.output.text }}",
        "title": "Script: {{ inputs.topic }}",
        "metadata": {"kind": "script"},
    }
    written = await run(ctx, "memory_write", config)
    again = await run(ctx, "memory_write", config)
    await run(ctx, "memory_write", {"collection": "Channel memory", "content": FACTS})

    # Then the collection was created with the built-in model, and the retry stored nothing new
    assert written["chunks"] == 1
    assert written["deduplicated"] is False
    assert again == {**written, "deduplicated": True}
    assert ctx.logs[-2][0] == "Already remembered: nothing new stored."
    (collection,) = await memory.list_collections(ada.claims)
    assert (collection.name, collection.embedding_model, collection.document_count) == (
        "Channel memory",
        "all-MiniLM-L6-v2",
        2,
    )

    # When memory_search looks for it by meaning
    found = await run(
        ctx,
        "memory_search",
        {"collection": "Channel memory", "query": "How hot is the kiln for {{ inputs.topic }}?"},
    )

    # Then the script comes first, with its title, and the text is ready for a prompt
    assert found["query"] == "How hot is the kiln for glazing?"
    assert [r["document_title"] for r in found["results"]] == ["Script: glazing", FACTS]
    assert found["results"][0]["content"] == SCRIPT
    assert found["results"][0]["metadata"] == {"kind": "script"}
    assert found["text"].startswith(f"[1] Script: glazing\n{SCRIPT}\n\n[2] ")

    # And filters narrow it: by metadata, and by a minimum score
    scripts = await run(
        ctx,
        "memory_search",
        {"collection": "Channel memory", "query": "Lisbon", "metadata": {"kind": "script"}, "k": 5},
    )
    assert [r["content"] for r in scripts["results"]] == [SCRIPT]
    strict = await run(
        ctx, "memory_search", {"collection": "Channel memory", "query": "kiln", "min_score": 0.99}
    )
    assert strict["results"] == []
    assert strict["text"] == ""


async def test_searching_a_collection_that_does_not_exist_finds_nothing(
    memory: MemoryService, ada: User, local_http: SafeHttpClient
) -> None:
    ctx = context(memory, ada, local_http)
    found = await run(ctx, "memory_search", {"collection": "Not yet", "query": "anything"})
    assert found == {"query": "anything", "results": [], "text": ""}


async def test_empty_rendered_text_is_a_clear_step_error(
    memory: MemoryService, ada: User, local_http: SafeHttpClient
) -> None:
    ctx = context(memory, ada, local_http, steps={"script": {"text": "   "}})
    with pytest.raises(TemplateRenderError, match="nothing to remember"):
        await run(ctx, "memory_write", {"collection": "C", "content": "{{ steps.script.output.text }}"})
    with pytest.raises(TemplateRenderError, match="nothing to search for"):
        await run(ctx, "memory_search", {"collection": "C", "query": "{{ steps.script.output.text }}"})


async def test_a_context_without_memory_fails_the_step(local_http: SafeHttpClient) -> None:
    with pytest.raises(NodeError, match="no memory"):
        await run(LocalContext(http=local_http), "memory_search", {"collection": "C", "query": "x"})


@pytest.mark.parametrize(
    ("config", "path"),
    [
        ({"collection": "", "query": "x"}, "collection"),
        ({"collection": " padded ", "query": "x"}, "collection"),
        ({"collection": "C", "query": "x", "k": 0}, "k"),
        ({"collection": "C", "query": "x", "metadata": {"a": [1]}}, "metadata[...]"),
        ({"collection": "C"}, "query"),
    ],
)
def test_bad_configs_are_refused_with_the_field(config: dict[str, Any], path: str) -> None:
    _, issues = MemorySearchNode().decode(config)
    assert issues
    assert issues[0].path == path


def test_the_search_node_is_pure_and_the_write_node_is_not() -> None:
    registry = default_registry()
    assert registry.get("memory_search").pure
    assert not registry.get("memory_write").pure
