"""An OpenAI-compatible server on 127.0.0.1 (like Ollama or vLLM), for runs through the real
worker process, where respx cannot reach: it answers queued responses in order and
records every request, authorization header included."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx


class FakeProvider:
    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def queue(self, *responses: httpx.Response) -> None:
        with self.lock:
            self.responses.extend(responses)


def _handler(owner: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode()
            with owner.lock:
                owner.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                response = owner.responses.pop(0) if owner.responses else httpx.Response(500, json={})
            content = response.content
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

    return Handler


@contextmanager
def fake_provider() -> Iterator[FakeProvider]:
    provider = FakeProvider()
    thread = threading.Thread(target=provider.server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        provider.server.shutdown()
        provider.server.server_close()
