"""Providers' HTTP stood in for by respx (through `respx_httpx2`: the SDKs use httpx2)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import respx

from orrery.agents.credential import ResolvedCredential
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from tests.agents import respx_httpx2  # noqa: F401  (registers respx's "httpx2" mocker)

OPENAI_KEY = "sk-proj-PLANTEDkey0123456789abcdefXYZ"
ANTHROPIC_KEY = "sk-ant-api03-PLANTEDkey0123456789abcdef"


@dataclass
class Hooks:
    """What an agent run reports: step logs and streamed deltas, in order."""

    logs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    deltas: list[str] = field(default_factory=list)
    holds: list[dict[str, Any]] = field(default_factory=list)

    async def log(self, message: str, **data: Any) -> None:
        self.logs.append((message, data))

    async def delta(self, text: str) -> None:
        self.deltas.append(text)

    async def held(self, *, provider: str, limit: str, allowance: str, wait_s: float) -> None:
        self.holds.append({"provider": provider, "limit": limit, "allowance": allowance})

    async def resumed(self) -> None:
        self.holds.append({"resumed": True})


@pytest.fixture
def hooks() -> Hooks:
    return Hooks()


@pytest.fixture
async def http() -> AsyncIterator[SafeHttpClient]:
    async with SafeHttpClient() as client:
        yield client


@pytest.fixture
def prices() -> PriceTable:
    return PriceTable.load()


@pytest.fixture
def providers() -> Iterator[respx.MockRouter]:
    """The providers' APIs: every request must match a route (nothing reaches the network)."""
    with respx.mock(using="httpx2", assert_all_called=False) as router:
        yield router


@pytest.fixture
def openai_key() -> ResolvedCredential:
    return ResolvedCredential(id="cred-openai", provider="openai", label="Work OpenAI", api_key=OPENAI_KEY)


@pytest.fixture
def anthropic_key() -> ResolvedCredential:
    return ResolvedCredential(
        id="cred-anthropic", provider="anthropic", label="Claude key", api_key=ANTHROPIC_KEY
    )
