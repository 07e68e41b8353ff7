"""`memory_search` renders its query template, asks the run owner's memory for the top-k
chunks of the named collection (optionally only those whose metadata contains
`metadata`, and at least `min_score` similar), and outputs them with a `text` ready to
paste into a prompt. A collection that does not exist yet has no results (not an error:
a workflow may search before its first write). It only reads, so it is pure for the
runner (re-running it after a crash is harmless)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from orrery.nodes.base import MemoryHit, NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import TemplateRenderError
from orrery.nodes.fields import MemoryCollectionName, MemoryMetadata, Template
from orrery.nodes.templates import render, scope_of
from orrery.spec import ConfigIssue, TemplateField

MAX_QUERY_CHARS = 4000


class MemorySearchConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    collection: MemoryCollectionName
    query: Annotated[
        Template, Meta(min_length=1, description="What to look for, with `{{ }}` references to run data.")
    ]
    k: Annotated[int, Meta(ge=1, le=50, description="How many chunks to return, best first.")] = 5
    metadata: Annotated[
        MemoryMetadata, Meta(description="Only chunks whose document's metadata contains these labels.")
    ] = {}
    min_score: (
        Annotated[float, Meta(ge=-1, le=1, description="Leave out chunks less similar than this (cosine).")]
        | None
    ) = None


class MemorySearchNode(NodeType[MemorySearchConfig]):
    type = "memory_search"
    pure = True
    label = "Memory search"
    category = "Memory"
    description = "Find the passages of a memory collection most similar to a query."
    icon = "memory-search"
    config_type = MemorySearchConfig
    default_config = {"collection": "Channel memory", "query": "{{ inputs.topic }}", "k": 5}
    default_policy = StepPolicy(timeout_s=60.0, max_attempts=2, retry_initial_delay_s=1.0)

    def check(self, config: MemorySearchConfig) -> list[ConfigIssue]:
        return collection_issues(config.collection)

    def templates(self, config: MemorySearchConfig) -> list[TemplateField]:
        return [TemplateField("query", config.query)]

    async def execute(self, ctx: NodeContext, config: MemorySearchConfig) -> NodeResult:
        query = (await render(config.query, scope_of(ctx))).strip()
        if not query:
            raise TemplateRenderError("The query rendered empty: there is nothing to search for.")
        query = query[:MAX_QUERY_CHARS]
        hits = await ctx.memory.search(config.collection, query, k=config.k, metadata=config.metadata or None)
        if config.min_score is not None:
            hits = [hit for hit in hits if hit.score >= config.min_score]
        return NodeResult(
            output={
                "query": query,
                "results": [msgspec.to_builtins(hit) for hit in hits],
                "text": as_text(hits),
            }
        )


def as_text(hits: list[MemoryHit]) -> str:
    """The hits as prompt-ready text: each passage under its document's title."""
    return "\n\n".join(f"[{i}] {hit.document_title}\n{hit.content}" for i, hit in enumerate(hits, 1))


def collection_issues(name: str) -> list[ConfigIssue]:
    if not name.strip():
        return [ConfigIssue("collection", "Name the memory collection.")]
    if name != name.strip():
        return [ConfigIssue("collection", "A collection name has no spaces at its ends.")]
    return []


__all__ = ["MemorySearchConfig", "MemorySearchNode", "as_text", "collection_issues"]
