"""The agent node as the runner calls it: templates, credentials, usage, step errors."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator

import pytest
import respx

from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import CredentialMissing, ProviderAuthFailed, RateLimited
from orrery.errors import StepError
from orrery.events.transitions import error_info
from orrery.net import SafeHttpClient
from orrery.nodes import LocalContext, default_registry
from orrery.spec import Node
from tests.agents import shapes
from tests.agents.conftest import OPENAI_KEY

CREDENTIAL_ID = str(uuid.uuid4())


def agent(**config: object) -> Node:
    return Node(
        id="writer", type="agent", config={"prompt": "Summarize {{ steps.research.output.title }}", **config}
    )


def context(http: SafeHttpClient, *credentials: ResolvedCredential) -> LocalContext:
    return LocalContext(
        http=http,
        node_id="writer",
        inputs={"topic": "owls"},
        steps={"research": {"title": "Night hunters of the forest"}},
        credentials={c.id: c for c in credentials},
    )


@pytest.fixture
async def http() -> AsyncIterator[SafeHttpClient]:
    async with SafeHttpClient() as client:
        yield client


@pytest.fixture
def key() -> ResolvedCredential:
    return ResolvedCredential(id=CREDENTIAL_ID, provider="openai", label="Work OpenAI", api_key=OPENAI_KEY)


async def test_a_demo_agent_renders_its_prompt_and_records_usage(http: SafeHttpClient) -> None:
    # Given a demo agent whose prompt reads an upstream step
    ctx = context(http)

    # When the runner executes it
    result = await default_registry().execute(ctx, agent())

    # Then the output is about the upstream title, streamed, with usage on the step
    assert "night hunters" in result.output.lower()
    assert "".join(ctx.deltas) == result.output
    assert result.usage is not None
    assert result.usage.model == "demo:demo"
    assert result.usage.tokens_in > 0
    assert result.usage.cost_usd == 0.0
    assert ctx.logs[-1][0].startswith("Demo model")


def test_the_catalog_says_plainly_what_the_demo_model_is() -> None:
    entry = next(e for e in default_registry().catalog() if e["type"] == "agent")
    provider = entry["config_schema"]["properties"]["provider"]
    assert "demo" in provider["enum"]
    assert {"openai", "anthropic", "google", "groq", "mistral", "openai_compatible"} <= set(provider["enum"])
    assert "offline demo model, not a real AI" in provider["description"]


def test_config_checks_the_output_schema_and_the_credential() -> None:
    registry = default_registry()
    bad_schema = registry.inspect(
        "agent", 1, {"prompt": "x", "output_schema": {"type": "object", "required": "title"}}
    )
    assert bad_schema is not None
    assert bad_schema.config_issues[0].path == "output_schema"
    no_key = registry.inspect("agent", 1, {"prompt": "x", "provider": "openai", "model": "gpt-4o-mini"})
    assert no_key is not None
    assert no_key.config_issues[0].path == "credential_id"


async def test_a_provider_agent_uses_the_owners_credential(
    providers: respx.MockRouter, http: SafeHttpClient, key: ResolvedCredential
) -> None:
    # Given an OpenAI agent naming a saved key the runner can resolve
    route = providers.post(shapes.OPENAI_URL).mock(
        return_value=shapes.openai_tool_call("final_result", '{"summary": "Owls hunt at night."}')
    )
    node = agent(
        provider="openai",
        model="gpt-4o-mini",
        credential_id=CREDENTIAL_ID,
        output_schema={
            "type": "object",
            "properties": {"summary": {"type": "string"}},
            "required": ["summary"],
        },
    )

    # When it runs
    result = await default_registry().execute(context(http, key), node)

    # Then the structured output, tokens and cost are the step's
    assert result.output == {"summary": "Owls hunt at night."}
    assert result.usage is not None
    assert (result.usage.tokens_in, result.usage.tokens_out) == (60, 18)
    assert result.usage.cost_usd == pytest.approx(shapes.genai_cost("openai", "gpt-4o-mini", 60, 18))
    assert result.usage.model == "openai:gpt-4o-mini"
    assert route.calls.last.request.headers["authorization"] == f"Bearer {OPENAI_KEY}"


async def test_provider_failures_become_step_errors(
    providers: respx.MockRouter, http: SafeHttpClient, key: ResolvedCredential
) -> None:
    node = agent(provider="openai", model="gpt-4o-mini", credential_id=CREDENTIAL_ID)
    registry = default_registry()

    # A bad key: a failed step, not retried, saying which key of which provider
    providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_401(OPENAI_KEY))
    with pytest.raises(ProviderAuthFailed) as bad_key:
        await registry.execute(context(http, key), node)
    failure = error_info(bad_key.value)
    assert (failure.code, failure.retryable) == ("model_auth_failed", False)
    assert "OpenAI refused the API key “Work OpenAI”" in failure.message

    # A rate limit: retryable, after what Retry-After says
    providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_429("4"))
    with pytest.raises(RateLimited) as limited:
        await registry.execute(context(http, key), node)
    failure = error_info(limited.value)
    assert (failure.code, failure.retryable, failure.details) == (
        "model_rate_limited",
        True,
        {"retry_after_s": 4.0},
    )

    # A deleted key: a clear configuration failure
    with pytest.raises(CredentialMissing, match="not found") as missing:
        await registry.execute(context(http), node)
    assert (missing.value.code, missing.value.retryable) == ("model_credential", False)


async def test_the_key_never_leaks_into_logs_deltas_outputs_or_errors(
    providers: respx.MockRouter,
    http: SafeHttpClient,
    key: ResolvedCredential,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Given every log record captured, down to DEBUG (SDKs, httpx2, pydantic-ai)
    caplog.set_level(logging.DEBUG)
    node = agent(provider="openai", model="gpt-4o-mini", credential_id=CREDENTIAL_ID, tools=["current_time"])
    seen: list[str] = []

    # When the agent succeeds after a tool call, is refused, and is rate-limited
    providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("current_time", "{}"),
            shapes.openai_text(["Done."]),
            shapes.openai_401(OPENAI_KEY),
            shapes.openai_429(),
        ]
    )
    ctx = context(http, key)
    result = await default_registry().execute(ctx, node)
    seen += [repr(result), repr(ctx.logs), repr(ctx.deltas)]
    for _ in range(2):
        with pytest.raises(StepError) as failed:
            await default_registry().execute(context(http, key), node)
        seen += [str(failed.value), repr(error_info(failed.value))]

    # Then the key is nowhere: not in results, logs, deltas, errors, nor any log record
    everything = "\n".join(seen) + caplog.text
    assert OPENAI_KEY not in everything
    assert OPENAI_KEY[8:20] not in everything
    assert OPENAI_KEY not in repr(key)
