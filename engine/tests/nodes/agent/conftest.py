"""The agent node's outside world: providers via respx (httpx2), the real runner for e2e."""

from __future__ import annotations

from tests.agents import respx_httpx2  # noqa: F401  (registers respx's "httpx2" mocker)
from tests.agents.conftest import Hooks, anthropic_key, hooks, openai_key, providers  # noqa: F401
from tests.runner.conftest import api, user  # noqa: F401
