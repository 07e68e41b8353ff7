"""`orrery dev` as a newcomer uses it: start, see it healthy, Ctrl-C, nothing left behind."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
import pytest

from tests.support.ports import free_port

pytestmark = pytest.mark.slow


REPLACED = {
    "DATABASE_URL",
    "DATABASE_ADMIN_URL",
    "WORKER_DATABASE_URL",
    "SWEEPER_DATABASE_URL",
    "AUTH_DATABASE_URL",
    "REDIS_URL",
    "SUPABASE_URL",
}


def _start(data_dir: Path, engine_port: int, auth_port: int | None = None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in REPLACED}
    env |= {
        "ORRERY_DATA_DIR": str(data_dir),
        "ENGINE_PORT": str(engine_port),
        "AUTH_PORT": str(auth_port or free_port()),
        "PYTHONUNBUFFERED": "1",
    }
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


def _by_command_line(processes: list[psutil.Process]) -> dict[str, psutil.Process]:
    """command line -> process, leaving out short-lived ones that exit before they are read."""
    found: dict[str, psutil.Process] = {}
    for process in processes:
        try:
            found[" ".join(process.cmdline())] = process
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    return tmp_path / "data"


def _url(data_dir: Path, role: str, *, with_password: bool = True) -> str:
    """A login to the embedded database, with the password `orrery dev` keeps in `.data/`."""
    stored = json.loads((data_dir / "secrets.json").read_text())
    secret = f":{stored[f'db_password_{role}']}" if with_password else ""
    return f"postgresql://{role}{secret}@/orrery?host={data_dir / 'pg'}"


def _logins(admin: str) -> dict[str, set[str]]:
    with psycopg.connect(admin) as conn:
        rows = conn.execute(
            "select application_name, usename from pg_stat_activity where application_name like 'orrery-%'"
        ).fetchall()
    found: dict[str, set[str]] = {}
    for application, user in rows:
        found.setdefault(str(application), set()).add(str(user))
    return found


def test_each_process_gets_its_own_login_and_only_its_own_credentials(data_dir: Path) -> None:
    # Given `orrery dev` on fresh data
    engine_port, auth_port = free_port(), free_port()
    launcher = _start(data_dir, engine_port, auth_port)
    try:
        _wait_for_line(launcher, "press Ctrl-C to stop")
        admin = _url(data_dir, "postgres")

        # When the stack is up
        # Then the Auth stand-in answers on its own port, and the engine serves no /auth/v1
        with urllib.request.urlopen(f"http://127.0.0.1:{auth_port}/auth/v1/health", timeout=5) as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as not_here:
            urllib.request.urlopen(f"http://127.0.0.1:{engine_port}/auth/v1/health", timeout=5)
        assert not_here.value.code in (401, 404)

        # And each process is connected as its own role
        deadline = time.monotonic() + 30
        expected = {
            "orrery-api": {"orrery_engine"},
            "orrery-worker": {"orrery_worker"},
            "orrery-worker-leases": {"orrery_worker"},  # the worker's pool for run leases
            "orrery-sweeper": {"orrery_sweeper"},
            "orrery-auth": {"orrery_auth"},
        }
        while (logins := _logins(admin)) != expected and time.monotonic() < deadline:
            time.sleep(0.2)
        assert logins == expected

        # And no process holds another's credentials, nor the superuser's
        children = _by_command_line(_descendants(launcher.pid))
        engine = next(c.environ() for cmd, c in children.items() if cmd.endswith("-m orrery engine"))
        auth = next(c.environ() for cmd, c in children.items() if cmd.endswith("-m orrery auth"))
        worker = next(c.environ() for cmd, c in children.items() if "orrery.worker.broker" in cmd)
        assert "orrery_engine" in engine["DATABASE_URL"]
        assert not {
            "DATABASE_ADMIN_URL",
            "WORKER_DATABASE_URL",
            "SWEEPER_DATABASE_URL",
            "AUTH_DATABASE_URL",
        } & set(engine)
        assert "orrery_auth" in auth["AUTH_DATABASE_URL"]
        assert not {"DATABASE_URL", "DATABASE_ADMIN_URL", "SWEEPER_DATABASE_URL", "ORRERY_MASTER_KEY"} & set(
            auth
        )
        assert "orrery_sweeper" in worker["SWEEPER_DATABASE_URL"]
        assert not {"DATABASE_URL", "DATABASE_ADMIN_URL", "AUTH_DATABASE_URL"} & set(worker)

        # And a login without its password is refused
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(_url(data_dir, "postgres", with_password=False)).close()
    finally:
        launcher.send_signal(signal.SIGINT)
        launcher.wait(timeout=60)


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
    admin = _url(data_dir, "postgres")
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
