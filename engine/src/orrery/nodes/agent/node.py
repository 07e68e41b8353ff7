"""`agent`: a language model with instructions, a prompt template, tools and an output schema.

The node renders its templates in the sandbox, asks the runner for the run owner's
saved key (`ctx.credential`, decrypted in the worker only), and runs the agent
(`orrery.agents.execution`): text streams as `step.delta`, tool calls and results are
`step.log` lines, the output is the text or the schema-validated object, and usage
(tokens, cost from genai-prices or the operator's table; "unknown" when neither prices
the model) goes on the step. `fallbacks` are tried in order when a provider is unavailable,
and `cache.enabled` answers a repeated request from the run owner's cache (Valkey) at no
cost. Provider failures become step errors (`orrery.agents.errors`, with their codes): a
bad key fails the step, a rate limit or a timeout is retried.
The `demo` provider needs no key and never leaves the machine.

Memory: `memory.collections` gives the agent a `memory_search` tool over those of the
run owner's collections (`ctx.memory`); `short_term_memory.enabled` gives it the
conversation of the agent steps upstream on its live path in this run (`ctx.conversation`)
as message history, after a chat's earlier turns (`short_term_memory.chat_history`), trimmed
oldest-first to `max_tokens`. The step's own messages go back
to the runner as its transcript (`NodeResult.transcript`)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from orrery.agents.catalog import PROVIDERS, ProviderId, label_of
from orrery.agents.credential import ResolvedCredential
from orrery.agents.output import schema_problem
from orrery.agents.pricing import PriceTable
from orrery.nodes.base import NodeContext, NodeResult, RunQuota, Usage
from orrery.nodes.definition import NodeType
from orrery.nodes.fields import MaxAttempts, RetryDelaySeconds, Template, TimeoutSeconds
from orrery.nodes.services import NodeServices
from orrery.nodes.templates import render, render_value, scope_of
from orrery.settings import AgentSettings, BrowserSettings
from orrery.spec import ConfigIssue, TemplateField

AgentTool = Literal["http_fetch", "current_time", "browse"]
JSON_TYPES = frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})
CollectionName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=100,
        pattern=r"^\S(.*\S)?$",
        description="A memory collection's name (Memory page), as written there.",
    ),
]


class MemorySearchTool(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Long-term memory as a tool: the agent searches when it decides to."""

    collections: Annotated[
        list[CollectionName],
        Meta(
            max_length=5,
            description="Collections the agent may search with its `memory_search` tool (none: no tool).",
        ),
    ] = []
    k: Annotated[int, Meta(ge=1, le=20, description="Passages per search.")] = 5


class ShortTermMemory(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The conversation of the agent steps before this one on its path in the run."""

    enabled: Annotated[
        bool,
        Meta(
            description=(
                "Give the agent what the agents upstream of it in this run were asked and answered "
                "(with their tool calls), as its conversation so far."
            )
        ),
    ] = False
    max_tokens: Annotated[
        int,
        Meta(
            ge=100,
            le=100_000,
            description=(
                "Budget for those earlier messages (estimated at ~4 characters per token); the "
                "oldest exchanges are left out first."
            ),
        ),
    ] = 4000
    chat_history: (
        Annotated[
            Template,
            Meta(
                description=(
                    "A chat's earlier turns (`{{ inputs.history }}` in a chat workflow: a list of "
                    "`{role: user|assistant, content}`), given to the agent as the conversation before "
                    "the agents upstream, within the same budget."
                )
            ),
        ]
        | None
    ) = None


class Fallback(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A model tried when the ones before it are unavailable."""

    provider: Annotated[ProviderId, Meta(description="The fallback's model provider.")]
    model: Annotated[str, Meta(min_length=1, max_length=200, description="The provider's model name.")]
    credential_id: (
        Annotated[uuid.UUID, Meta(description="One of your saved keys for that provider (not for `demo`).")]
        | None
    ) = None


class ResponseCacheConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Answer a request this agent already answered for you from the cache, at no cost."""

    enabled: Annotated[
        bool,
        Meta(
            description=(
                "Reuse the recorded answer when the models, instructions, prompt, earlier messages, tools, "
                "output schema and settings are all the same as before (yours only; shown as cached)."
            )
        ),
    ] = False
    ttl_seconds: Annotated[
        int, Meta(ge=10, le=30 * 24 * 3600, description="How long an answer is reused, in seconds.")
    ] = 3600


class AgentConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    provider: Annotated[
        ProviderId,
        Meta(
            description=(
                "The model provider. `demo` is Orrery's offline demo model, not a real AI: it writes "
                "placeholder text from your prompt (and valid data for an output schema), needs no key "
                "and costs nothing, so any workflow can be tried out. The others need one of your "
                "saved keys (Settings → Model credentials); `openai_compatible` is any OpenAI-style "
                "endpoint by base URL (Ollama, vLLM, llama.cpp, OpenRouter)."
            )
        ),
    ] = "demo"
    model: Annotated[str, Meta(min_length=1, max_length=200, description="The provider's model name.")] = (
        "demo"
    )
    credential_id: (
        Annotated[uuid.UUID, Meta(description="One of your saved provider keys (not needed for `demo`).")]
        | None
    ) = None
    instructions: Annotated[
        Template, Meta(description="The system prompt: who the agent is, how it works.")
    ] = ""
    prompt: Annotated[
        Template, Meta(min_length=1, description="The task, with `{{ }}` references to run data.")
    ]
    fallbacks: Annotated[
        list[Fallback],
        Meta(
            max_length=5,
            description=(
                "Models tried in order when the one before is unavailable (timeouts, server errors, "
                "rate limits, a refused key); not when the answer itself is wrong."
            ),
        ),
    ] = []
    cache: ResponseCacheConfig = msgspec.field(default_factory=ResponseCacheConfig)
    temperature: Annotated[float, Meta(ge=0, le=2)] | None = None
    max_tokens: Annotated[int, Meta(ge=1, le=1_000_000)] | None = None
    output_schema: (
        Annotated[
            dict[str, Any], Meta(description="A JSON Schema the output must match (structured output).")
        ]
        | None
    ) = None
    tools: Annotated[list[AgentTool], Meta(description="Tools the agent may call.")] = []
    memory: MemorySearchTool = msgspec.field(default_factory=MemorySearchTool)
    short_term_memory: ShortTermMemory = msgspec.field(default_factory=ShortTermMemory)
    files: Annotated[
        bool,
        Meta(
            description="A file workspace for this run: `write_file`, `read_file` and `list_files` tools "
            "(the files are the run's assets, shown in the inspector; at most 50 per run)."
        ),
    ] = False
    retries: Annotated[
        int,
        Meta(ge=0, le=10, description="Times the model may retry when its output breaks `output_schema`."),
    ] = 1
    timeout_s: TimeoutSeconds = 120.0
    max_attempts: MaxAttempts = 3
    retry_initial_delay_s: RetryDelaySeconds = 2.0


class AgentNode(NodeType[AgentConfig]):
    type = "agent"
    label = "Agent"
    category = "AI"
    description = "A language model with instructions, a prompt, tools and an optional output schema."
    icon = "bot"
    config_type = AgentConfig
    default_config = {"provider": "demo", "model": "demo", "prompt": "{{ inputs }}"}

    def __init__(self, services: NodeServices | None = None) -> None:
        self._browser_settings = (services.browser if services is not None else None) or BrowserSettings()
        self._prices = services.prices if services is not None else None
        self._settings = (services.agents if services is not None else None) or AgentSettings()
        self._redis = services.redis if services is not None else None

    @property
    def prices(self) -> PriceTable:
        """The price table (the built-in one unless the registry's services gave another)."""
        if self._prices is None:
            self._prices = PriceTable.load()
        return self._prices

    def check(self, config: AgentConfig) -> list[ConfigIssue]:
        issues: list[ConfigIssue] = []
        if len(set(config.tools)) != len(config.tools):
            issues.append(ConfigIssue("tools", "Each tool may be listed once."))
        if len(set(config.memory.collections)) != len(config.memory.collections):
            issues.append(ConfigIssue("memory.collections", "Each collection may be listed once."))
        schema = config.output_schema
        if schema is not None:
            kind = schema.get("type")
            kinds = kind if isinstance(kind, list) else [kind]
            if kind is not None and not all(isinstance(k, str) and k in JSON_TYPES for k in kinds):
                issues.append(ConfigIssue("output_schema.type", f"{kind!r} is not a JSON Schema type."))
            if not isinstance(schema.get("properties", {}), dict):
                issues.append(ConfigIssue("output_schema.properties", "`properties` must be an object."))
            elif not issues and (problem := schema_problem(schema)):
                issues.append(ConfigIssue("output_schema", f"Not a valid JSON Schema: {problem}"))
        if PROVIDERS[config.provider].needs_credential and config.credential_id is None:
            issues.append(
                ConfigIssue("credential_id", f"Choose a saved {config.provider} key for this agent.")
            )
        for index, fallback in enumerate(config.fallbacks):
            if PROVIDERS[fallback.provider].needs_credential and fallback.credential_id is None:
                issues.append(
                    ConfigIssue(
                        f"fallbacks[{index}].credential_id",
                        f"Choose a saved {fallback.provider} key for this fallback.",
                    )
                )
        return issues

    def _browse(self, ctx: NodeContext) -> Any:
        """The `browse` tool's pages: the browser node's guarded headless Chromium, its
        screenshots saved as the run's files."""
        from orrery.nodes.browser.browse import browser_for

        browser = browser_for(self._browser_settings)

        async def open_page(url: str, selector: str | None) -> dict[str, Any]:
            page = await browser.open(ctx, url, selector=selector)
            return {
                "url": page.url,
                "title": page.title,
                "text": page.text,
                "selected": page.selected,
                "screenshot": page.screenshot,
            }

        return open_page

    def templates(self, config: AgentConfig) -> list[TemplateField]:
        fields = [TemplateField("instructions", config.instructions), TemplateField("prompt", config.prompt)]
        chat_history = config.short_term_memory.chat_history
        if chat_history is not None:
            fields.append(TemplateField("short_term_memory.chat_history", chat_history))
        return fields

    async def execute(self, ctx: NodeContext, config: AgentConfig) -> NodeResult:
        from orrery.agents.execution import AgentPolicy, AgentRequest, run_agent  # loads pydantic-ai
        from orrery.agents.fallback import ModelChoice

        scope = scope_of(ctx)
        instructions = await render(config.instructions, scope) if config.instructions else ""
        prompt = await render(config.prompt, scope)
        history = await self._history(ctx, config)
        credential = await self._credential(ctx, config.provider, config.credential_id)
        fallbacks = [
            ModelChoice(f.provider, f.model, await self._credential(ctx, f.provider, f.credential_id))
            for f in config.fallbacks
        ]
        outcome = await run_agent(
            AgentRequest(
                provider=config.provider,
                model=config.model,
                prompt=prompt,
                instructions=instructions,
                credential=credential,
                temperature=config.temperature,
                max_tokens=config.max_tokens,
                output_schema=config.output_schema,
                tools=list(config.tools),
                retries=config.retries,
                timeout_s=config.timeout_s,
                history=history,
                memory=self._memory_tool(ctx, config),
                files=_files_tool(ctx) if config.files else None,
                browse=self._browse(ctx) if "browse" in config.tools else None,
                fallbacks=fallbacks,
            ),
            ctx,
            ctx.http,
            self.prices,
            AgentPolicy(
                unknown_cost=self._settings.unknown_cost,
                cache=self._cache(ctx, config),
                limits=self._limits(),
            ),
        )
        provider = outcome.provider or config.provider
        cost = "unknown cost" if outcome.cost_usd is None else f"${outcome.cost_usd:.6f}"
        what = "cached answer of " if outcome.cached else ""
        await ctx.log(
            f"{what}{label_of(provider)} `{outcome.model}`: {outcome.tokens_in} tokens in, "
            f"{outcome.tokens_out} out, {cost}",
            provider=provider,
            model=outcome.model,
            requests=outcome.requests,
            tool_calls=outcome.tool_calls,
            **({"cached": True} if outcome.cached else {}),
            **({"skipped": outcome.skipped} if outcome.skipped else {}),
        )
        return NodeResult(
            output=outcome.output,
            usage=Usage(
                tokens_in=outcome.tokens_in,
                tokens_out=outcome.tokens_out,
                cost_usd=outcome.cost_usd,
                model=f"{provider}:{outcome.model}",
                cached=outcome.cached,
            ),
            transcript=outcome.messages or None,
        )

    async def _history(self, ctx: NodeContext, config: AgentConfig) -> list[Any]:
        """Short-term memory: the upstream agents' messages that fit the budget (logged)."""
        if not config.short_term_memory.enabled:
            return []
        from orrery.agents.history import chat_transcript, replay

        earlier = [(t.node_id, t.messages) for t in await ctx.conversation()]
        if config.short_term_memory.chat_history is not None:
            turns = await render_value(config.short_term_memory.chat_history, scope_of(ctx))
            earlier.insert(0, ("chat", chat_transcript(turns)))
        transcripts = [entry for entry in earlier if entry[1]]
        history = replay(transcripts, max_tokens=config.short_term_memory.max_tokens)
        if not transcripts:
            message = "Short-term memory: no agent ran before this one on its path."
        else:
            steps = ", ".join(f"`{s}`" for s in history.steps) or "none"
            cut = f"; {history.left_out} older one(s) left out to fit the budget" if history.left_out else ""
            message = (
                f"Short-term memory: {len(history.messages)} earlier message(s) from {steps} "
                f"(~{history.tokens} tokens){cut}."
            )
        await ctx.log(
            message,
            messages=len(history.messages),
            left_out=history.left_out,
            tokens=history.tokens,
            steps=history.steps,
        )
        return history.messages

    def _memory_tool(self, ctx: NodeContext, config: AgentConfig) -> Any:
        if not config.memory.collections:
            return None
        from orrery.agents.tools import MemoryTool

        async def search(collection: str, query: str, k: int) -> list[dict[str, Any]]:
            hits = await ctx.memory.search(collection, query, k=k)
            return [msgspec.to_builtins(hit) for hit in hits]

        return MemoryTool(search=search, collections=list(config.memory.collections), k=config.memory.k)

    def _limits(self) -> Any:
        """The operator's limits, shared by every worker through Valkey (none without it)."""
        from orrery.agents.limits import Limits, SharedLimits

        settings = self._settings
        defaults = Limits(
            requests_per_minute=settings.requests_per_minute,
            tokens_per_minute=settings.tokens_per_minute,
            concurrency=settings.concurrency_per_provider,
        )
        return SharedLimits(self._redis, defaults) if self._redis is not None else None

    def _cache(self, ctx: NodeContext, config: AgentConfig) -> Any:
        if not config.cache.enabled or self._redis is None:
            return None
        from orrery.agents.cache import ResponseCache

        return ResponseCache(self._redis, owner_id=ctx.owner_id, ttl_s=config.cache.ttl_seconds)

    async def _credential(
        self, ctx: NodeContext, provider: str, credential_id: uuid.UUID | None
    ) -> ResolvedCredential | None:
        if not PROVIDERS[provider].needs_credential:
            return None
        if credential_id is None:
            from orrery.agents.errors import CredentialMissing

            label = label_of(provider)
            raise CredentialMissing(f"This agent uses {label}: choose one of your saved {label} keys.")
        return await ctx.credential(str(credential_id))


def _files_tool(ctx: NodeContext) -> Any:
    """The run's workspace for the agent's file tools: its text files are the run's assets."""
    from orrery.agents.tools import FILE_BYTES_PER_RUN, FILES_PER_RUN, FilesTool

    quota = RunQuota(max_files=FILES_PER_RUN, max_bytes=FILE_BYTES_PER_RUN)

    async def write(name: str, text: str) -> dict[str, Any]:
        # The tool checked the listing first (to say why at once); two agents of the run
        # writing at once are held to the limits where the file is added.
        return await ctx.assets.save(name, text.encode(), quota=quota)

    async def read(name: str) -> str | None:
        for found in await ctx.assets.run_files():
            if found["name"] == name and (
                found["mime"].startswith("text/") or found["mime"] == "application/json"
            ):
                _, data = await ctx.assets.load(found)
                return data.decode("utf-8", errors="replace")
        return None

    async def listing() -> list[dict[str, Any]]:
        return [
            {"name": f["name"], "mime": f["mime"], "size": f["size"]} for f in await ctx.assets.run_files()
        ]

    return FilesTool(write=write, read=read, listing=listing)
