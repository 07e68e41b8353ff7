"""Free TCP ports for the servers tests start (Valkey, uvicorn, `orrery engine` processes), that
another test process does not pick too.

A port found with `bind(0)` is one of the kernel's ephemeral ports (32768-60999 on our
machines), the ones it also gives every outgoing connection: between the test closing its probe
and the server binding the port, another xdist process could be handed the same port, or a
connection anywhere on the machine could take it. So tests pick ports below the ephemeral range,
in a slice of their own per xdist process (`PYTEST_XDIST_WORKER` gw0, gw1, ...), at random
within it, never the same one twice in a process, each checked free when it is picked. Suites
run side by side on one machine share the slices, so a process also holds a lock on each port it
took (a file per port in the temporary directory, locked until the process ends) and skips the
ones another process holds (two suites at once lost a launcher test to this); a server that
reports a failed bind is started again on another port (`EmbeddedValkey`).
"""

from __future__ import annotations

import fcntl
import os
import random
import socket
import tempfile
from pathlib import Path
from typing import IO

LOWEST, HIGHEST = 20_000, 32_000
"""Below the ephemeral range (/proc/sys/net/ipv4/ip_local_port_range: 32768-60999)."""
SLICES = 12
"""Up to this many xdist processes get ports apart (`-n 4` uses four)."""

_chance = random.Random(os.urandom(16))  # not the global one: tests may seed that
_given: set[int] = set()
_held: list[IO[bytes]] = []  # the port locks this process holds, open until it ends
_LOCKS = Path(tempfile.gettempdir()) / "orrery-test-ports"


def port_slice(worker: str | None = None) -> range:
    """The ports of this xdist process (`gw3`), or of the only process when not under xdist."""
    name = worker if worker is not None else os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    digits = name.removeprefix("gw")
    index = int(digits) % SLICES if digits.isdigit() else 0
    size = (HIGHEST - LOWEST) // SLICES
    return range(LOWEST + index * size, LOWEST + (index + 1) * size)


def free_port() -> int:
    """A port of this process's slice nobody listens on now, and not given out before here."""
    ports = port_slice()
    for _ in range(len(ports)):
        port = _chance.choice(ports)
        if port not in _given and _claimed(port) and _bindable(port):
            _given.add(port)
            return port
    raise RuntimeError(f"no free port left in {ports.start}-{ports.stop - 1}")


def _claimed(port: int) -> bool:
    """This process now holds the port's lock (no other test process on the machine does)."""
    _LOCKS.mkdir(exist_ok=True)
    lock = (_LOCKS / str(port)).open("ab")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return False
    _held.append(lock)
    return True


def _bindable(port: int) -> bool:
    """Free now: not listened on, nor held by a connection lingering in TIME_WAIT."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
