"""A local stand-in for the part of Supabase Storage's HTTP API the adapter uses: upload
(a body of a declared `Content-Length` or chunked; one that breaks off before its end stores
nothing, as Storage keeps no half object), authenticated download (with one
`Range: bytes=a-b`, answered 206, as Storage does) and bulk delete in one bucket, checking
the service key. It is the outside world (a Supabase project), so a stub is what the tests
talk to."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY = "service-role-test-key"
BUCKET = "orrery-assets"


class StorageStub:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def _authorized(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {KEY}" or self.headers.get("apikey") != KEY:
                    self._answer(403, {"message": "invalid key"})
                    return False
                return True

            def _answer(self, status: int, body: object, raw: bytes | None = None) -> None:
                data = raw if raw is not None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> bytes | None:
                """The whole body; None when the client broke off before its end."""
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    parts: list[bytes] = []
                    while True:
                        line = self.rfile.readline(100)
                        if not line.endswith(b"\r\n"):
                            return None
                        size = int(line.split(b";")[0], 16)
                        part = self.rfile.read(size + 2)
                        if len(part) != size + 2:
                            return None
                        if size == 0:
                            return b"".join(parts)
                        parts.append(part[:-2])
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                return data if len(data) == length else None

            def do_POST(self) -> None:
                prefix = f"/storage/v1/object/{BUCKET}/"
                if not self._authorized():
                    return
                if not self.path.startswith(prefix):
                    self._answer(404, {"message": "bucket not found"})
                    return
                body = self._body()
                if body is None:
                    self.close_connection = True
                    return
                stub.objects[self.path[len(prefix) :]] = body
                self._answer(200, {"Key": f"{BUCKET}/{self.path[len(prefix) :]}"})

            def do_GET(self) -> None:
                prefix = f"/storage/v1/object/authenticated/{BUCKET}/"
                if not self._authorized():
                    return
                data = stub.objects.get(self.path[len(prefix) :]) if self.path.startswith(prefix) else None
                if data is None:
                    self._answer(
                        400, {"statusCode": "404", "error": "not_found", "message": "Object not found"}
                    )
                    return
                asked = re.match(r"^bytes=(\d+)-(\d+)$", self.headers.get("Range") or "")
                if asked is None:
                    self._answer(200, None, raw=data)
                    return
                start, end = int(asked[1]), min(int(asked[2]), len(data) - 1)
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
                self.send_header("Content-Length", str(end - start + 1))
                self.end_headers()
                self.wfile.write(data[start : end + 1])

            def do_DELETE(self) -> None:
                if not self._authorized():
                    return
                if self.path != f"/storage/v1/object/{BUCKET}":
                    self._answer(404, {"message": "bucket not found"})
                    return
                removed = [
                    k
                    for k in json.loads(self._body() or b"{}").get("prefixes", [])
                    if stub.objects.pop(k, None) is not None
                ]
                self._answer(200, [{"name": k} for k in removed])

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StorageStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
