"""One agent run: a pydantic-ai `Agent` with the node's instructions, prompt, tools and
output schema, its events turned into the step's live stream and logs.

- Text (and the structured answer's JSON as the model writes it) goes to `hooks.delta`
  in the order it arrives; each tool call and its result is a `hooks.log` line.
- Structured output is checked against the whole schema; a mismatch is sent back to
  the model as a retry (`retries` times), then fails as `InvalidOutput`.
- Usage is pydantic-ai's (input/output tokens over every request of the run), priced
  request by request with the `PriceTable` (genai-prices: cached tokens and tiers); a model
  with no known price has an unknown cost (None). SDK retries are off: the runner retries
  with backoff.
- A fallback chain (`fallbacks`) tries the next model when one is unavailable (`fallback`);
  an opt-in response cache (`cache`) answers a repeated request at zero cost.
- Any provider failure is an `AgentError` (see `failures`); the key never appears in
  one, nor in a log line or a delta.
- Earlier agents' messages (short-term memory, `history`) go in as pydantic-ai message
  history; the run's own new messages come back as a replayable transcript.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal, Protocol

import httpx2
from pydantic_ai import Agent, ModelRetry, RunContext, UsageLimits
from pydantic_ai.messages import (
    AgentStreamEvent,
    FunctionToolCallEvent,
    FunctionToolResultEvent,
    ModelMessage,
    ModelResponse,
    PartDeltaEvent,
    PartStartEvent,
    TextPart,
    TextPartDelta,
    ToolCallPart,
    ToolCallPartDelta,
)
from pydantic_ai.settings import ModelSettings

from orrery.agents.cache import CachedAnswer, ResponseCache, cache_key
from orrery.agents.catalog import label_of
from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import AgentError, BaseUrlRefused, CostUnknown, InvalidOutput, UnexpectedAnswer
from orrery.agents.failures import agent_error
from orrery.agents.fallback import ModelChoice, first_that_answers
from orrery.agents.history import transcript_of
from orrery.agents.limits import LimitedModel, SharedLimiter, SharedLimits
from orrery.agents.output import OutputShape
from orrery.agents.pricing import PriceTable
from orrery.agents.providers import BuiltModel, build_model
from orrery.agents.tools import (
    FILE_TOOL_NAMES,
    TOOL_NAMES,
    Browse,
    FilesTool,
    MemoryTool,
    browse_tool,
    build_tools,
    files_tools,
    memory_tool,
)
from orrery.events.types import HeldLimit
from orrery.net import NetError, SafeHttpClient

MAX_REQUESTS: Final = 25
"""Model requests per run: a tool-call loop stops here."""
LOG_VALUE_CHARS: Final = 1000
UnknownCost = Literal["tokens_only", "refuse"]


class AgentHooks(Protocol):
    async def log(self, message: str, **data: Any) -> None: ...

    async def delta(self, text: str) -> None: ...

    async def held(self, *, provider: str, limit: HeldLimit, allowance: str, wait_s: float) -> None:
        """The request waits for a limit shared with every worker (a `step.held` event)."""
        ...

    async def resumed(self) -> None:
        """The held request goes ahead (a `step.resumed` event)."""
        ...


@dataclass(frozen=True)
class AgentRequest:
    provider: str
    model: str
    prompt: str
    instructions: str = ""
    credential: ResolvedCredential | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    output_schema: dict[str, Any] | None = None
    tools: list[str] = field(default_factory=list)
    retries: int = 1
    timeout_s: float = 120.0
    history: Sequence[ModelMessage] = ()
    """Earlier messages (short-term memory), oldest first; see `orrery.agents.history.replay`."""
    memory: MemoryTool | None = None
    """The `memory_search` tool over these collections, or none."""
    files: FilesTool | None = None
    """The run's file workspace (`write_file`, `read_file`, `list_files`), or none."""
    browse: Browse | None = None
    """The `browse` tool: pages in the worker's guarded headless browser, or none."""
    fallbacks: Sequence[ModelChoice] = ()
    """Models tried in order when the one before is unavailable (`orrery.agents.fallback`)."""


@dataclass(frozen=True)
class AgentOutcome:
    output: Any
    model: str
    tokens_in: int
    tokens_out: int
    cost_usd: float | None
    """USD; None when the model has no known price (unknown, not free)."""
    requests: int
    tool_calls: int
    messages: list[dict[str, Any]] = field(default_factory=list)
    """This run's messages as a replayable transcript (`orrery.agents.history.transcript_of`)."""
    provider: str = ""
    """The provider that answered (the primary's, or a fallback's)."""
    skipped: list[dict[str, str]] = field(default_factory=list)
    """The tries of the fallback chain that failed before the answer, and why."""
    cached: bool = False
    """The answer came from the response cache (no provider was called; it cost nothing)."""


@dataclass(frozen=True)
class AgentPolicy:
    """The operator's and the node's choices around a run: unknown costs, the cache, the
    limits shared by every worker."""

    unknown_cost: UnknownCost = "tokens_only"
    cache: ResponseCache | None = None
    limits: SharedLimits | None = None


async def run_agent(
    request: AgentRequest,
    hooks: AgentHooks,
    http: SafeHttpClient,
    prices: PriceTable,
    policy: AgentPolicy | None = None,
) -> AgentOutcome:
    """The answer of the request's model, or of the first fallback that is available (or
    the cache's). Raises `AgentError`."""
    policy = policy or AgentPolicy()
    chain = [ModelChoice(request.provider, request.model, request.credential), *request.fallbacks]
    key = _cache_key(request, chain) if policy.cache is not None else ""
    if policy.cache is not None:
        hit = await policy.cache.get(key)
        if hit is not None:
            await hooks.log(
                f"Cached: the recorded answer of {label_of(hit.provider)} `{hit.model}` (no call, no cost).",
                cached=True,
            )
            return AgentOutcome(
                output=hit.output, model=hit.model, provider=hit.provider, tokens_in=0, tokens_out=0,
                cost_usd=0.0, requests=0, tool_calls=0, messages=hit.messages, cached=True,
            )  # fmt: skip

    def refuse(choice: ModelChoice) -> AgentError | None:
        if policy.unknown_cost == "refuse" and not prices.known(choice.provider, choice.model):
            return CostUnknown(
                f"{label_of(choice.provider)} `{choice.model}` has no known price, and this Orrery refuses "
                "models of unknown cost (ORRERY_UNKNOWN_COST=refuse): ask the operator to price it "
                "(ORRERY_PRICE_TABLE) or choose a priced model."
            )
        return None

    async def attempt(choice: ModelChoice) -> AgentOutcome:
        one = replace(request, provider=choice.provider, model=choice.model, credential=choice.credential)
        limiter = policy.limits.limiter(choice.provider, choice.credential) if policy.limits else None
        return await _run_one(one, hooks, http, prices, limiter)

    outcome, _, skips = await first_that_answers(chain, attempt, hooks, refuse=refuse)
    if skips:
        outcome = replace(outcome, skipped=[skip.as_dict() for skip in skips])
    if policy.cache is not None:
        await policy.cache.put(
            key, CachedAnswer(outcome.output, outcome.provider, outcome.model, outcome.messages)
        )
    return outcome


def _cache_key(request: AgentRequest, chain: Sequence[ModelChoice]) -> str:
    return cache_key(
        chain=[(c.provider, c.model) for c in chain],
        instructions=request.instructions,
        prompt=request.prompt,
        history=request.history,
        tools=[
            *request.tools,
            *(["memory_search", *request.memory.collections] if request.memory is not None else []),
            *(FILE_TOOL_NAMES if request.files is not None else ()),
        ],
        output_schema=request.output_schema,
        settings={
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "retries": request.retries,
        },
    )


async def _run_one(
    request: AgentRequest,
    hooks: AgentHooks,
    http: SafeHttpClient,
    prices: PriceTable,
    limiter: SharedLimiter | None = None,
) -> AgentOutcome:
    """One model's run. Raises `AgentError`."""
    credential = request.credential
    guarded: httpx2.AsyncClient | None = None
    if request.provider == "openai_compatible" and credential and credential.base_url:
        await _check_base_url(credential.base_url, http)
        guarded = http.sdk_client(timeout_s=request.timeout_s)
    try:
        built = build_model(request.provider, request.model, credential, guarded)
        if limiter is not None:

            async def waiting(limit: HeldLimit, allowance: str, wait_s: float) -> None:
                await hooks.held(provider=request.provider, limit=limit, allowance=allowance, wait_s=wait_s)
                await hooks.log(  # the same, in words, for the step's log
                    f"Waiting for rate limit: {label_of(request.provider)} allows {allowance} for this key "
                    f"(about {wait_s:.0f} s)."
                )

            async def resumed() -> None:
                await hooks.resumed()
                await hooks.log("Rate limit: the request goes ahead.")

            built = BuiltModel(LimitedModel(built.model, limiter, waiting, resumed), built.provider)
        return await _run_built(built, request, hooks, http, prices)
    finally:
        if guarded is not None:
            await guarded.aclose()


async def _run_built(
    built: BuiltModel, request: AgentRequest, hooks: AgentHooks, http: SafeHttpClient, prices: PriceTable
) -> AgentOutcome:
    credential = request.credential
    secret = credential.api_key if credential else None
    shape = OutputShape.of(request.output_schema) if request.output_schema is not None else None
    agent: Agent[None, Any] = Agent(
        built.model,
        instructions=request.instructions or None,
        output_type=shape.output_type() if shape else str,
        tools=[
            *build_tools(request.tools, http),
            *([memory_tool(request.memory)] if request.memory is not None else []),
            *(files_tools(request.files) if request.files is not None else []),
            *([browse_tool(request.browse)] if request.browse is not None else []),
        ],
        retries={"output": request.retries, "tools": 2},
        name="orrery-agent",
    )
    if shape is not None:

        @agent.output_validator
        def _matches_schema(value: Any) -> Any:
            reasons = shape.problems(value)
            if reasons:
                raise ModelRetry("The output does not match the JSON Schema: " + "; ".join(reasons))
            return value

    settings: ModelSettings = {"max_retries": 0, "timeout": request.timeout_s}
    if request.temperature is not None:
        settings["temperature"] = request.temperature
    if request.max_tokens is not None:
        settings["max_tokens"] = request.max_tokens
    stream = _EventStream(hooks)
    try:
        if built.provider is not None:
            async with built.provider:
                result = await _run(agent, request, settings, stream)
        else:
            result = await _run(agent, request, settings, stream)
    except AgentError:
        raise
    except Exception as exc:
        mapped = agent_error(
            exc,
            provider=request.provider,
            model=request.model,
            credential_label=credential.label if credential else None,
            secret=secret,
        )
        if mapped is None:
            raise
        raise mapped from None
    output = shape.unwrap(result.output) if shape else result.output
    if shape is not None and shape.problems(result.output):  # pragma: no cover - the validator ran
        raise InvalidOutput("The model's output does not match the output schema.")
    if output is None and shape is None:
        raise UnexpectedAnswer(f"`{request.model}` gave an empty answer.")
    usage = result.usage
    model_name = request.model
    responses = [m.usage for m in result.new_messages() if isinstance(m, ModelResponse)]
    own_tools = [
        *request.tools,
        *(["memory_search"] if request.memory is not None else []),
        *(FILE_TOOL_NAMES if request.files is not None else ()),
    ]
    messages = transcript_of(
        result.new_messages(),
        tool_names=own_tools,
        answer=json.dumps(output, ensure_ascii=False) if shape is not None else None,
    )
    return AgentOutcome(
        output=output,
        model=model_name,
        tokens_in=usage.input_tokens,
        tokens_out=usage.output_tokens,
        cost_usd=prices.cost(request.provider, model_name, responses),
        requests=usage.requests,
        tool_calls=usage.tool_calls,
        messages=messages,
        provider=request.provider,
    )


async def _run(
    agent: Agent[None, Any], request: AgentRequest, settings: ModelSettings, stream: _EventStream
) -> Any:
    return await agent.run(
        request.prompt,
        message_history=list(request.history) or None,
        model_settings=settings,
        usage_limits=UsageLimits(request_limit=MAX_REQUESTS),
        event_stream_handler=stream.handle,
    )


async def _check_base_url(base_url: str, http: SafeHttpClient) -> None:
    """An OpenAI-compatible endpoint is checked by the same SSRF guard as the http node
    (private addresses only where the operator allowed them)."""
    try:
        await http.check_endpoint(base_url)
    except NetError as exc:
        raise BaseUrlRefused(str(exc)) from None


class _EventStream:
    """pydantic-ai's run events as step deltas and logs."""

    def __init__(self, hooks: AgentHooks) -> None:
        self.hooks = hooks
        self._streamed_parts: set[int] = set()
        self._tool_names: dict[str, str] = {}

    async def handle(self, ctx: RunContext[None], events: AsyncIterable[AgentStreamEvent]) -> None:
        self._streamed_parts.clear()  # part indexes restart with every model response
        async for event in events:
            await self._on(event)

    async def _on(self, event: AgentStreamEvent) -> None:
        hooks = self.hooks
        if isinstance(event, PartStartEvent):
            part = event.part
            if isinstance(part, TextPart):
                self._streamed_parts.add(event.index)
                if part.content:
                    await hooks.delta(part.content)
            elif isinstance(part, ToolCallPart) and part.tool_name not in (
                *TOOL_NAMES,
                *FILE_TOOL_NAMES,
            ):  # the output tool
                self._streamed_parts.add(event.index)
                if isinstance(part.args, str) and part.args:
                    await hooks.delta(part.args)
        elif isinstance(event, PartDeltaEvent) and event.index in self._streamed_parts:
            delta = event.delta
            if isinstance(delta, TextPartDelta) and delta.content_delta:
                await hooks.delta(delta.content_delta)
            elif (
                isinstance(delta, ToolCallPartDelta)
                and isinstance(delta.args_delta, str)
                and delta.args_delta
            ):
                await hooks.delta(delta.args_delta)
        elif isinstance(event, FunctionToolCallEvent):
            part = event.part
            self._tool_names[part.tool_call_id] = part.tool_name
            await hooks.log(
                f"Tool call: {part.tool_name}",
                tool=part.tool_name,
                call_id=part.tool_call_id,
                args=_short(part.args_as_dict() if part.args else {}),
            )
        elif isinstance(event, FunctionToolResultEvent):
            result = event.part
            name = self._tool_names.get(event.tool_call_id, getattr(result, "tool_name", "tool"))
            content = getattr(result, "content", None)
            await hooks.log(
                f"Tool result: {name}",
                tool=name,
                call_id=event.tool_call_id,
                result=_short(content),
            )


def _short(value: Any) -> Any:
    """A value for a log line: JSON-able and at most ~1,000 characters."""
    if isinstance(value, str):
        return value if len(value) <= LOG_VALUE_CHARS else value[:LOG_VALUE_CHARS] + "..."
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return _short(str(value))
    return value if len(text) <= LOG_VALUE_CHARS else text[:LOG_VALUE_CHARS] + "..."
