"""Child processes with one prefixed log stream and a clean, ordered stop.

Each child runs in its own session (process group), so Ctrl-C reaches only
the launcher, which then stops the children in reverse start order and kills
whatever of a group is left, leaving no orphan behind.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from orrery.dev.groups import signal_group

_COLORS = ["\033[36m", "\033[35m", "\033[33m", "\033[32m", "\033[34m", "\033[31m"]
_RESET = "\033[0m"


@dataclass
class LogStream:
    """Writes lines from many children to one stream, each line prefixed by its source."""

    out: IO[str] = sys.stdout
    width: int = 8
    color: bool = field(default_factory=lambda: sys.stdout.isatty())
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_color: int = 0

    def prefix_for(self, name: str) -> str:
        label = f"{name:>{self.width}} |"
        if not self.color:
            return label
        color = _COLORS[self._next_color % len(_COLORS)]
        self._next_color += 1
        return f"{color}{label}{_RESET}"

    def write(self, prefix: str, line: str) -> None:
        with self._lock:
            self.out.write(f"{prefix} {line.rstrip()}\n")
            self.out.flush()

    def pump(self, prefix: str, source: IO[bytes]) -> threading.Thread:
        def run() -> None:
            for raw in iter(source.readline, b""):
                self.write(prefix, raw.decode(errors="replace"))

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    pump: threading.Thread | None = None

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the whole group, wait, then SIGKILL what is left of it."""
        if self.alive():
            signal_group(self.process, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout)
        signal_group(self.process, signal.SIGKILL)  # grandchildren that outlived their parent
        self.process.wait()
        if self.pump is not None:
            self.pump.join(timeout=2)


def spawn(
    logs: LogStream,
    name: str,
    argv: Sequence[str],
    *,
    env: dict[str, str],
    cwd: str | None = None,
) -> Child:
    process = subprocess.Popen(
        list(argv),
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert process.stdout is not None
    child = Child(name=name, process=process)
    child.pump = logs.pump(logs.prefix_for(name), process.stdout)
    return child


class StopRequested(Exception):
    """SIGINT or SIGTERM reached the launcher."""


def install_stop_handlers() -> threading.Event:
    stop = threading.Event()

    def handler(signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return stop


def wait_until(predicate: object, timeout: float, stop: threading.Event, interval: float = 0.2) -> bool:
    """Poll `predicate()` until true, the timeout, or a stop request."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stop.is_set():
            raise StopRequested
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(interval)
    return False
