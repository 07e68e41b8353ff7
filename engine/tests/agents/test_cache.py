"""The response cache in the real Valkey: a repeated request is answered from it at no
cost, and one user's entries are never another's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import respx
from redis.asyncio import Redis

from orrery.agents.cache import ResponseCache
from orrery.agents.credential import ResolvedCredential
from orrery.agents.execution import AgentPolicy, AgentRequest, run_agent
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from tests.agents import shapes
from tests.agents.conftest import Hooks

ALICE = "11111111-1111-1111-1111-111111111111"
BOB = "22222222-2222-2222-2222-222222222222"


@pytest.fixture
async def redis(valkey: Any) -> AsyncIterator[Redis]:
    client = Redis.from_url(valkey.url)
    await client.flushdb()
    yield client
    await client.aclose()


def request(key: ResolvedCredential, prompt: str = "A tagline for a bakery") -> AgentRequest:
    return AgentRequest("openai", "gpt-4o-mini", prompt, instructions="Be brief.", credential=key)


async def test_a_miss_calls_the_provider_and_the_repeat_is_a_free_hit(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    http: SafeHttpClient,
    prices: PriceTable,
    redis: Redis,
) -> None:
    # Given OpenAI answering, and an agent with the cache on
    route = providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_text(["Fresh ", "bread."]))
    policy = AgentPolicy(cache=ResponseCache(redis, owner_id=ALICE, ttl_s=60))

    # When the same request runs twice
    first = await run_agent(request(openai_key), Hooks(), http, prices, policy)
    hooks = Hooks()
    second = await run_agent(request(openai_key), hooks, http, prices, policy)

    # Then the provider was called once; the repeat is the recorded answer, cached, at no cost
    assert route.call_count == 1
    assert (first.cached, first.cost_usd is not None and first.cost_usd > 0) == (False, True)
    assert second.output == first.output == "Fresh bread."
    assert (second.cached, second.cost_usd, second.tokens_in, second.tokens_out) == (True, 0.0, 0, 0)
    assert any(data.get("cached") for _, data in hooks.logs)
    # and the entry expires with the node's TTL
    (entry,) = [k async for k in redis.scan_iter("orrery:agent-cache:*")]
    assert 0 < await redis.ttl(entry) <= 60


async def test_a_different_prompt_or_setting_is_a_miss(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    http: SafeHttpClient,
    prices: PriceTable,
    redis: Redis,
) -> None:
    # Given one cached answer
    route = providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_text(["Hi."]))
    policy = AgentPolicy(cache=ResponseCache(redis, owner_id=ALICE, ttl_s=60))
    await run_agent(request(openai_key), Hooks(), http, prices, policy)

    # When the prompt, or the temperature, differs
    await run_agent(request(openai_key, prompt="A tagline for a florist"), Hooks(), http, prices, policy)
    warmer = AgentRequest(
        "openai", "gpt-4o-mini", "A tagline for a bakery", instructions="Be brief.", credential=openai_key,
        temperature=1.2,
    )  # fmt: skip
    await run_agent(warmer, Hooks(), http, prices, policy)

    # Then each one called the provider
    assert route.call_count == 3


async def test_two_users_never_share_an_entry(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    http: SafeHttpClient,
    prices: PriceTable,
    redis: Redis,
) -> None:
    # Given Alice's answer in the cache
    route = providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_text(["Alice's answer."]))
    await run_agent(
        request(openai_key),
        Hooks(),
        http,
        prices,
        AgentPolicy(cache=ResponseCache(redis, owner_id=ALICE, ttl_s=60)),
    )

    # When Bob sends the very same request
    route.mock(return_value=shapes.openai_text(["Bob's answer."]))
    bob = await run_agent(
        request(openai_key),
        Hooks(),
        http,
        prices,
        AgentPolicy(cache=ResponseCache(redis, owner_id=BOB, ttl_s=60)),
    )

    # Then Bob's call went to the provider and got his own answer, never Alice's
    assert route.call_count == 2
    assert (bob.cached, bob.output) == (False, "Bob's answer.")
    keys = sorted([k.decode() async for k in redis.scan_iter("orrery:agent-cache:*")])
    assert [k.split(":")[2] for k in keys] == sorted([ALICE, BOB])


async def test_a_cache_that_is_down_is_skipped_not_fatal(
    providers: respx.MockRouter, openai_key: ResolvedCredential, http: SafeHttpClient, prices: PriceTable
) -> None:
    # Given a cache whose Valkey does not answer
    providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_text(["Still here."]))
    down = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    policy = AgentPolicy(cache=ResponseCache(down, owner_id=ALICE, ttl_s=60))

    # When the agent runs, Then it answers from the provider as if the cache were empty
    outcome = await run_agent(request(openai_key), Hooks(), http, prices, policy)
    assert (outcome.output, outcome.cached) == ("Still here.", False)
    await down.aclose()
