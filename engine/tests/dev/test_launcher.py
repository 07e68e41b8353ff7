"""`orrery dev` as a newcomer uses it: start, see it healthy, Ctrl-C, nothing left behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
import pytest

from orrery.dev.embedded_valkey import free_port

pytestmark = pytest.mark.slow


def _start(data_dir: Path, engine_port: int) -> subprocess.Popen[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DATABASE_ADMIN_URL", "REDIS_URL", "SUPABASE_URL"}
    }
    env |= {"ORRERY_DATA_DIR": str(data_dir), "ENGINE_PORT": str(engine_port), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "orrery", "dev", "--no-web"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_line(process: subprocess.Popen[str], needle: str, timeout: float = 90) -> list[str]:
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return seen
    raise AssertionError(f"never saw {needle!r}; output:\n{''.join(seen)}")


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    return tmp_path / "data"


def test_dev_starts_healthy_and_ctrl_c_leaves_nothing_behind(data_dir: Path) -> None:
    # Given a fresh data directory
    port = free_port()

    # When a newcomer runs `orrery dev`
    launcher = _start(data_dir, port)
    try:
        lines = _wait_for_line(launcher, "press Ctrl-C to stop")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            body = response.read().decode()
        children = _descendants(launcher.pid)

        # Then the engine is healthy, logs are prefixed by their process
        assert '"status":"ok"' in body
        assert any(line.lstrip().startswith("postgres |") for line in lines)
        assert any(line.lstrip().startswith("engine |") for line in lines)
        names = " ".join(" ".join(c.cmdline()) for c in children)
        assert "postgres" in names
        assert "valkey-server" in names
        assert "dramatiq" in names

        # When they press Ctrl-C
        launcher.send_signal(signal.SIGINT)
        assert launcher.wait(timeout=60) == 0
    finally:
        if launcher.poll() is None:
            launcher.kill()

    # Then no process it started is left, nor the port held
    time.sleep(0.5)
    assert [c.pid for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE] == []
    assert not (data_dir / "pg" / "postmaster.pid").exists()
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is not a holder
        sock.bind(("127.0.0.1", port))


def test_a_second_start_keeps_the_data(data_dir: Path) -> None:
    # Given a first session that stored something
    port = free_port()
    first = _start(data_dir, port)
    _wait_for_line(first, "press Ctrl-C to stop")
    admin = f"postgresql://postgres@/orrery?host={data_dir / 'pg'}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("create table kept (note text)")
        conn.execute("insert into kept values ('still here')")
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=60) == 0

    # When `orrery dev` starts again on the same data
    second = _start(data_dir, port)
    try:
        lines = _wait_for_line(second, "press Ctrl-C to stop")
        # Then nothing is re-applied and the data is there
        assert any("0 migration(s) applied now" in line for line in lines)
        with psycopg.connect(admin) as conn:
            assert conn.execute("select note from kept").fetchone() == ("still here",)
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(timeout=60)


def test_a_taken_port_gets_a_clear_message(data_dir: Path) -> None:
    # Given something already listening on the engine's port
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]

        # When `orrery dev` starts
        launcher = _start(data_dir, port)
        output, _ = launcher.communicate(timeout=60)

    # Then it says which port and how to choose another, and exits non-zero
    assert launcher.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in output
    assert "ENGINE_PORT" in output
