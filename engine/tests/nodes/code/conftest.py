"""A code node with its own sandboxes (real child processes running V8), closed after each test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from orrery.net import SafeHttpClient
from orrery.nodes import LocalContext
from orrery.nodes.code import CodeConfig, CodeNode
from orrery.nodes.errors import NodeError
from orrery.settings import CodeSettings


@pytest.fixture
def code_node() -> Iterator[CodeNode]:
    node = CodeNode(
        CodeSettings(max_timeout_s=30, max_memory_mb=256, concurrency=2, max_output_bytes=100_000)
    )
    yield node
    node.sandboxes.close()


@pytest.fixture
async def http() -> AsyncIterator[SafeHttpClient]:
    async with SafeHttpClient() as client:
        yield client


class Runner:
    """Runs code as a step would, and keeps what it logged."""

    def __init__(self, node: CodeNode, http: SafeHttpClient) -> None:
        self.node = node
        self.http = http
        self.logs: list[tuple[str, dict[str, Any]]] = []

    async def run(self, code: str, *, inputs: dict[str, Any] | None = None, **limits: Any) -> Any:
        ctx = LocalContext(
            http=self.http,
            inputs=inputs or {},
            steps={"research": {"title": "Tide pools", "facts": ["anemones", "crabs"]}},
        )
        try:
            result = await self.node.execute(ctx, CodeConfig(code=code, **limits))
        finally:
            self.logs = ctx.logs
        return result.output

    async def fail(self, code: str, **limits: Any) -> NodeError:
        with pytest.raises(NodeError) as caught:
            await self.run(code, **limits)
        return caught.value


@pytest.fixture
def js(code_node: CodeNode, http: SafeHttpClient) -> Runner:
    return Runner(code_node, http)
