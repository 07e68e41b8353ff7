"""uvicorn's h11 protocol with what it lacks against slow clients (issue 14, point 11).

uvicorn closes an idle keep-alive connection, but a client that sends half a request
line, or headers without their body, and then nothing, held its connection (and a
file descriptor) forever: 3,000 such clients were still held after 65 s, and 20,000
exhausted the engine's descriptors. Here each connection has one deadline at a time:
- its request line and headers within `header_timeout_s` of the connection being
  ready for a request (opened, or its previous response sent);
- then its body within `body_timeout_s`, plus one second for every `min_body_rate` bytes
  that arrived: a large upload that keeps coming at that rate or faster is never cut off (a
  100 MiB file on a 10 Mbit/s line takes ~85 s), while a body that trickles (a byte now and
  then) still loses its connection after about `body_timeout_s`.
A missed deadline answers 408 (when nothing was answered yet) and closes the
connection. Beyond `max_connections` open at once, a new connection is answered 503
and closed at once. Each of these is logged on `orrery.api.server`, whose repeats the
logging setup writes once per interval (`orrery.logs.FloodFilter`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("orrery.api.server")

_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
_FULL = (
    b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
)


class GuardedH11Protocol(H11Protocol):
    """Set the class attributes with `guarded_protocol()`; uvicorn makes one per connection."""

    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    min_body_rate: float = 64 * 1024
    max_connections: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for: str | None = None
        self._body_began = 0.0
        self._body_bytes = 0

    # -- the connection cap ------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if self.max_connections is not None and len(self.connections) > self.max_connections:
            log.warning(
                "refused a connection: %d are open, the limit is %d",
                len(self.connections) - 1,
                self.max_connections,
            )
            transport.write(_FULL)
            transport.close()
            return
        self._expect("headers")

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    # -- the deadlines -----------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        waiting_for_body = self._waiting_for == "body"
        self._follow_request()
        if waiting_for_body and self._waiting_for == "body":
            self._body_arrived(len(data))

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow_request()

    def _follow_request(self) -> None:
        """Arm the deadline for what the connection waits for now (h11 knows)."""
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            self._expect("headers")
        elif state is h11.SEND_BODY:
            self._expect("body")
        else:  # DONE, MUST_CLOSE, CLOSED, ERROR: nothing more to read for this request
            self._cancel_deadline()

    def _expect(self, what: str) -> None:
        if self._waiting_for == what and self._deadline is not None:
            return  # the deadline runs from when this wait began, not from the last byte
        self._cancel_deadline()
        seconds = self.header_timeout_s if what == "headers" else self.body_timeout_s
        self._waiting_for = what
        self._deadline = self.loop.call_later(seconds, self._timed_out)
        if what == "body":
            self._body_began, self._body_bytes = self.loop.time(), 0

    def _body_arrived(self, size: int) -> None:
        """Move the body's deadline on by the time `min_body_rate` allows for what arrived."""
        self._body_bytes += size
        when = self._body_began + self.body_timeout_s + self._body_bytes / self.min_body_rate
        if self._deadline is not None and when - self._deadline.when() >= 0.1:
            self._deadline.cancel()
            self._deadline = self.loop.call_at(when, self._timed_out)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._waiting_for = None, None

    def _timed_out(self) -> None:
        what, self._deadline = self._waiting_for, None
        if self.transport.is_closing():
            return
        seconds = self.header_timeout_s if what == "headers" else self.body_timeout_s
        log.warning("closed a connection whose request %s did not arrive within %g s", what, seconds)
        cycle = self.cycle  # this request's, or the previous one's (keep-alive)
        in_flight = cycle is not None and not cycle.response_complete
        if cycle is not None and in_flight:
            cycle.disconnected = True  # the handler reading the body sees the client gone
            cycle.message_event.set()
        if not (cycle is not None and in_flight and cycle.response_started):
            self.transport.write(_TIMEOUT)
        self.transport.close()


def guarded_protocol(
    *,
    header_timeout_s: float,
    body_timeout_s: float,
    max_connections: int | None,
    min_body_rate: float = 64 * 1024,
) -> type[GuardedH11Protocol]:
    """The protocol class for uvicorn's `http=`, with these limits."""
    return type(
        "GuardedH11Protocol",
        (GuardedH11Protocol,),
        {
            "header_timeout_s": header_timeout_s,
            "body_timeout_s": body_timeout_s,
            "min_body_rate": min_body_rate,
            "max_connections": max_connections,
        },
    )
