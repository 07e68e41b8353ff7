"""A self-hosted OpenAI-compatible endpoint (Ollama on this machine, say) is reached only
where the operator allowed it, and the SSRF guard holds for every connection the model
SDK makes, not only for the first look at the base URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from orrery.agents import errors
from orrery.agents.credential import ResolvedCredential
from orrery.agents.execution import AgentRequest, run_agent
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from tests.agents import shapes
from tests.agents.conftest import Hooks


class FakeOllama:
    """A real OpenAI-compatible server on 127.0.0.1 that streams one canned answer."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        answer = shapes.openai_text(["Hello from ", "the local model"]).content
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                owner.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])


@pytest.fixture
def ollama() -> Iterator[FakeOllama]:
    fake = FakeOllama()
    thread = threading.Thread(target=fake.server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()


def local_key(base_url: str) -> ResolvedCredential:
    return ResolvedCredential("c", "openai_compatible", "Ollama", "", base_url=base_url)


async def test_an_allowlisted_local_endpoint_answers_through_the_guard(
    ollama: FakeOllama, hooks: Hooks, prices: PriceTable
) -> None:
    # Given an operator who allowed exactly this host and port
    async with SafeHttpClient(allowed_hosts=[f"127.0.0.1:{ollama.port}"]) as http:
        # When an agent uses the local endpoint
        outcome = await run_agent(
            AgentRequest(
                "openai_compatible",
                "llama3.2",
                "hi",
                credential=local_key(f"http://127.0.0.1:{ollama.port}/v1"),
            ),
            hooks,
            http,
            prices,
        )
    # Then the model answers, streamed, through the guarded connection
    assert outcome.output == "Hello from the local model"
    assert hooks.deltas == ["Hello from ", "the local model"]
    assert ollama.paths == ["/v1/chat/completions"]


async def test_a_local_endpoint_that_is_not_allowlisted_is_refused_with_the_setting_to_use(
    ollama: FakeOllama, hooks: Hooks, prices: PriceTable
) -> None:
    async with SafeHttpClient() as http:
        with pytest.raises(errors.BaseUrlRefused, match=f"ORRERY_HTTP_ALLOWED_HOSTS=127.0.0.1:{ollama.port}"):
            await run_agent(
                AgentRequest(
                    "openai_compatible",
                    "llama3.2",
                    "hi",
                    credential=local_key(f"http://127.0.0.1:{ollama.port}/v1"),
                ),
                hooks,
                http,
                prices,
            )
    assert ollama.paths == []


async def test_a_name_that_rebinds_to_a_private_address_after_the_check_is_refused_at_connect(
    ollama: FakeOllama, hooks: Hooks, prices: PriceTable
) -> None:
    # Given a host name whose first DNS answer is public and every later one is loopback
    answers = iter([["93.184.216.34"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers, ["127.0.0.1"])

    async with SafeHttpClient(resolver=rebinding) as http:
        # When an agent calls it, the base URL check passes on the public answer
        with pytest.raises(errors.BaseUrlRefused, match="loopback"):
            await run_agent(
                AgentRequest(
                    "openai_compatible",
                    "llama3.2",
                    "hi",
                    credential=local_key(f"http://rebind.example:{ollama.port}/v1"),
                ),
                hooks,
                http,
                prices,
            )
    # Then the SDK's connection was checked again and never reached the local server
    assert ollama.paths == []
