"""`memory_write` renders its content (and title) templates and stores the text as a
document of the named collection in the run owner's memory: chunked, embedded, and
deduplicated by content hash (the same text twice is stored once; the output then says
`deduplicated`). A collection that does not exist yet is created with the built-in
embedding model. Storing is a side effect, so the step is durable before it runs; a
retry is harmless (deduplication)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import TemplateRenderError
from orrery.nodes.fields import MemoryCollectionName, MemoryMetadata, Template
from orrery.nodes.memory_search.node import collection_issues
from orrery.nodes.templates import render, scope_of
from orrery.spec import ConfigIssue, TemplateField

MAX_TITLE_CHARS = 500


class MemoryWriteConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    collection: Annotated[
        MemoryCollectionName, Meta(description="Created with the built-in embedding model if missing.")
    ]
    content: Annotated[
        Template, Meta(min_length=1, description="What to remember, e.g. `{{ steps.script.output }}`.")
    ]
    title: Annotated[Template, Meta(description="The document's title (default: its first line).")] = ""
    metadata: Annotated[
        MemoryMetadata, Meta(description="Labels stored with the document; searches can filter by them.")
    ] = {}


class MemoryWriteNode(NodeType[MemoryWriteConfig]):
    type = "memory_write"
    label = "Memory write"
    category = "Memory"
    description = "Remember a result (e.g. the approved script) in a memory collection."
    icon = "memory-write"
    config_type = MemoryWriteConfig
    default_config = {"collection": "Channel memory", "content": "{{ inputs }}"}
    default_policy = StepPolicy(timeout_s=300.0, max_attempts=2, retry_initial_delay_s=2.0)

    def check(self, config: MemoryWriteConfig) -> list[ConfigIssue]:
        return collection_issues(config.collection)

    def templates(self, config: MemoryWriteConfig) -> list[TemplateField]:
        return [TemplateField("content", config.content), TemplateField("title", config.title)]

    async def execute(self, ctx: NodeContext, config: MemoryWriteConfig) -> NodeResult:
        scope = scope_of(ctx)
        content = await render(config.content, scope)
        if not content.strip():
            raise TemplateRenderError("The content rendered empty: there is nothing to remember.")
        title = (
            " ".join((await render(config.title, scope)).split())[:MAX_TITLE_CHARS] if config.title else ""
        )
        written = await ctx.memory.write(
            config.collection, content, title=title, metadata=config.metadata or None
        )
        await ctx.log(
            "Already remembered: nothing new stored."
            if written.deduplicated
            else f"Remembered in “{config.collection}” ({written.chunks} chunks).",
            document_id=written.document_id,
        )
        return NodeResult(output=msgspec.to_builtins(written))
