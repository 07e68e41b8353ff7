"""Server-Sent Events framing of run events, as bytes ready for the wire (ARCHITECTURE §5).

A live event is framed once, by the engine's hub, and the same bytes go to every subscriber
of its run; a subscriber's stream joins the frames it has ready into one write.
"""

from __future__ import annotations

HEARTBEAT = b": heartbeat\n\n"
RETRY_SOON = b"retry: 2000\n\n"
"""Tells an EventSource to reconnect (with `Last-Event-ID`) after 2 s: sent before a stream
ends early for a reason that passes (the database unavailable)."""


def frame(seq: int | None, type: str, data: bytes) -> bytes:
    """`id: <seq>` (durable events only), `event: <type>`, `data: <json>` and the blank line."""
    head = b"event: " + type.encode() + b"\n"
    if seq is not None:
        head = b"id: " + str(seq).encode() + b"\n" + head
    if b"\n" in data or b"\r" in data:  # not in our JSON, but a frame must never be split
        lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        return head + b"".join(b"data: " + line + b"\n" for line in lines) + b"\n"
    return head + b"data: " + data + b"\n\n"


def comment(text: str) -> bytes:
    return b"".join(b": " + line.encode() + b"\n" for line in text.splitlines() or [""]) + b"\n"
