"""`NodeServices`: what node types take from the process that builds the registry.

The worker builds the registry from its settings (`build_registry(NodeServices(...))`);
everything else uses `default_registry()`, the built-in services. A node type reads its
service here instead of the worker knowing which type needs what.
"""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from orrery.agents.pricing import PriceTable
from orrery.settings import AgentSettings, BrowserSettings, CodeSettings


@dataclass(frozen=True, eq=False)
class NodeServices:
    prices: PriceTable | None = None
    """The model price table the agent node costs calls with (None: the built-in one)."""
    code: CodeSettings | None = None
    """The operator's limits for code nodes (None: read from the environment on first use)."""
    browser: BrowserSettings | None = None
    """The browser node's Chromium and limits (None: the defaults)."""
    agents: AgentSettings | None = None
    """The operator's agent policies: unknown costs, shared limits (None: the defaults)."""
    redis: Redis | None = None
    """The queue's Valkey, where agents keep their response cache and shared limits (None: a
    process without one, e.g. the API validating workflows: no cache, no shared limits)."""
