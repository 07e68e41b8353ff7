"""A real HTTP server on 127.0.0.1: the outside world that http nodes and tools call."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class LocalServer:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.counters: dict[str, int] = {}
        self.switches: dict[str, int] = {}
        self.holds: dict[str, threading.Event] = {}
        """`/hold?key=`: answers once the test sets this key's event (a server that hangs)."""
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(owner: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            owner.requests.append(
                {
                    "method": self.command,
                    "path": url.path,
                    "query": query,
                    "headers": dict(self.headers),
                    "body": body,
                }
            )
            if url.path == "/echo":
                self._send(200, json.dumps({"method": self.command, "body": body, "query": query}).encode())
            elif url.path == "/text":
                self._send(200, b"plain words", "text/plain; charset=utf-8")
            elif url.path == "/redirect":
                self._send(int(query.get("status", "302")), b"", headers={"Location": query["to"]})
            elif url.path == "/loop":
                self._send(302, b"", headers={"Location": "/loop"})
            elif url.path == "/status":
                code = int(query["code"])
                self._send(code, b'{"error": "nope"}', headers={"Retry-After": "7"})
            elif url.path == "/big":
                self._send(200, b"x" * int(query["size"]), "text/plain")
            elif url.path == "/stream":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for _ in range(int(query["chunks"])):
                    chunk = b"y" * 1024
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            elif url.path == "/slow":
                time.sleep(float(query["seconds"]))
                self._send(200, json.dumps({"slept": float(query["seconds"])}).encode())
            elif url.path == "/flaky":
                # Fails `fail` times per key, then succeeds: a provider that recovers.
                key = query.get("key", "")
                with owner.lock:
                    seen = owner.counters.get(key, 0) + 1
                    owner.counters[key] = seen
                if seen <= int(query.get("fail", "1")):
                    self._send(int(query.get("code", "503")), b'{"error": "try again"}')
                else:
                    self._send(200, json.dumps({"ok": True, "calls": seen}).encode())
            elif url.path == "/hold":
                key = query.get("key", "")
                with owner.lock:
                    released = owner.holds.setdefault(key, threading.Event())
                released.wait(30)
                self._send(200, json.dumps({"key": key, "held": True}).encode())
            elif url.path == "/switch":
                # Answers with whatever status the test set for this key (default 200).
                key = query.get("key", "")
                code = owner.switches.get(key, 200)
                self._send(code, json.dumps({"key": key, "status": code}).encode())
            else:
                self._send(404, b"{}")

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "application/json",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def running_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
