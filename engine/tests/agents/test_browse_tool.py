"""An agent's `browse` tool opens pages in the worker's headless Chromium behind the same
guard as the browser node: the model reads the page's text (scripts run), a screenshot is
kept with the run's files, and what the page asks of a private address is refused, never
fetched. OpenAI is respx; the pages are real local servers (the guard allows only the page's
own address, as ORRERY_HTTP_ALLOWED_HOSTS would)."""

from __future__ import annotations

import json

import respx

from orrery.agents.credential import ResolvedCredential
from orrery.agents.execution import AgentRequest, run_agent
from orrery.agents.pricing import PriceTable
from orrery.nodes import LocalContext
from orrery.nodes.agent import AgentNode
from orrery.nodes.services import NodeServices
from orrery.settings import BrowserSettings
from tests.agents import shapes
from tests.agents.conftest import Hooks
from tests.nodes.browser.test_browser_node import CHROMIUM, Site, ctx, pytestmark, sites

__all__ = ["ctx", "pytestmark", "sites"]  # the browser node's fixtures, reused


async def test_an_agent_browses_a_page_behind_the_guard(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    hooks: Hooks,
    prices: PriceTable,
    ctx: LocalContext,
    sites: tuple[Site, Site],
) -> None:
    public, internal = sites
    url = f"http://127.0.0.1:{public.port}/"
    # Given a model that browses the page for its facts, then answers from them
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("browse", json.dumps({"url": url, "selector": ".fact"})),
            shapes.openai_text(["Anemones close at low tide."]),
        ]
    )
    # and an agent node allowed to browse (its tool opens pages in the worker's browser)
    node = AgentNode(NodeServices(browser=BrowserSettings(chromium=CHROMIUM)))
    config, issues = node.decode(
        {
            "provider": "openai",
            "model": "gpt-4o-mini",
            "credential_id": "0b1e6a4c-2f7d-4c59-8d0e-5a9b3c7e1f22",
            "tools": ["browse"],
            "prompt": "{{ inputs.topic }}",
        }
    )
    assert issues == []
    assert config is not None

    # When the agent runs
    outcome = await run_agent(
        AgentRequest(
            provider="openai",
            model="gpt-4o-mini",
            prompt="What do anemones do at low tide?",
            credential=openai_key,
            tools=list(config.tools),
            browse=node._browse(ctx),
        ),
        hooks,
        ctx.http,
        prices,
    )

    # Then the model was given the page's title and the selector's matches
    assert outcome.output == "Anemones close at low tide."
    told = json.loads(route.calls[1].request.content)["messages"][-1]
    assert told["role"] == "tool"
    assert "# Tide pools" in told["content"]
    assert "Anemones close at low tide.\nCrabs hide under rocks." in told["content"]
    # and the page's screenshot is one of the run's files
    shots = [f for f in await ctx.assets.run_files() if f["mime"] == "image/png"]
    assert len(shots) == 1
    # and the image the page asked of another local address was refused, never fetched
    assert internal.paths == []
    assert any("Refused 1 address" in message for message, _ in ctx.logs)


async def test_a_page_the_guard_refuses_is_told_to_the_model(
    providers: respx.MockRouter,
    openai_key: ResolvedCredential,
    hooks: Hooks,
    prices: PriceTable,
    ctx: LocalContext,
    sites: tuple[Site, Site],
) -> None:
    _, internal = sites
    # Given a model that tries to browse a private address
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call("browse", json.dumps({"url": f"http://127.0.0.1:{internal.port}/"})),
            shapes.openai_text(["I could not open it."]),
        ]
    )
    node = AgentNode(NodeServices(browser=BrowserSettings(chromium=CHROMIUM)))

    # When the agent runs
    await run_agent(
        AgentRequest(
            provider="openai",
            model="gpt-4o-mini",
            prompt="Read the admin page",
            credential=openai_key,
            tools=["browse"],
            browse=node._browse(ctx),
        ),
        hooks,
        ctx.http,
        prices,
    )

    # Then the guard refused it before any browser asked, and the model was told why
    assert internal.paths == []
    told = json.loads(route.calls[1].request.content)["messages"][-1]["content"]
    assert told.startswith("Could not open")
    assert "Refusing" in told
