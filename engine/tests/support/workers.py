"""Real `orrery worker` processes for tests: started, watched and stopped, and the one shared
worker each test process keeps (the session fixture `worker`, defined once in tests/conftest.py).

Lease times. Every worker runs with the product's lease times (10 s, renewed every 2 s) unless a
test means to kill it: on a machine at load 15-20 a 3 s lease lapsed in healthy runs, and the
worker's own sweeper then took its run over from itself (a step started twice fails as
`worker_lost`). A worker a test kills (`doomed=True`) holds 3 s leases, so another worker takes
its runs over soon after it dies, and sweeps nothing itself, so while it lives nobody in its
test takes a run from it (its own sweeper was the only one that could). A test where each
worker that dies is followed by one that must find the run by itself (a step that kills every
worker) gives them `overrides=FAST_LEASES`: they sweep.

Sweeps are fast in every test worker (every 1 s, for runs untouched for 2 s): a sweep takes
only a run whose lease lapsed (or a queued one nobody took, which a second message cannot
harm), so a fast sweep costs no healthy run anything, and a takeover after a kill, a lost
message or an approval's deadline is noticed within a test's patience.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from orrery.dev.groups import signal_group

RUNNER_ENV = {
    "ORRERY_SWEEP_INTERVAL_S": "1",
    "ORRERY_STALE_AFTER_S": "2",
    "ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS": "1",
    "dramatiq_worker_timeout": "25",
}
"""What every test worker runs with, beside the test's `env` (which wins)."""

FAST_LEASES = {"ORRERY_LEASE_TTL_S": "3", "ORRERY_LEASE_RENEW_S": "0.5"}
"""A worker that will die (`doomed`): its runs are free 3 s after its last renewal."""


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self, sig: int | None = None) -> None:
        """A graceful stop (SIGTERM), or `sig` to the whole worker: its main and worker processes.

        The graceful stop goes to Dramatiq's main process only, as a deploy sends it: the main
        process forwards it once. Sent to the group, each worker process got it twice, took the
        second for "kill now" and hung until the SIGKILL below, 20 s later.

        Stopping it again (tests do, in their `finally`) signals nothing that is not its: once
        its group is gone, its id may be another process's (orrery/dev/groups.py)."""
        if sig is None:
            self.process.send_signal(signal.SIGTERM)  # nothing once it is reaped
        else:
            signal_group(self.process, sig)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            signal_group(self.process, signal.SIGKILL)
            self.process.wait()

    def died(self) -> bool:
        """Its worker process was killed (Dramatiq's main process then exits too)."""
        return self.process.poll() is not None

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_worker(
    env: dict[str, str],
    log_dir: Path,
    *,
    threads: int = 8,
    name: str = "worker",
    doomed: bool = False,
    overrides: dict[str, str] | None = None,
) -> WorkerProcess:
    """A worker on `env` (over `RUNNER_ENV`), ready to take runs. `doomed`: the test kills it
    (or a failpoint does), so it holds `FAST_LEASES` and runs no sweeper. `overrides` win
    over everything."""
    log = log_dir / f"{name}-{uuid.uuid4().hex[:6]}.log"
    full_env = {**os.environ, **RUNNER_ENV, **env, "PYTHONUNBUFFERED": "1"}
    if doomed:
        full_env.update(FAST_LEASES)
        full_env.pop("SWEEPER_DATABASE_URL", None)
    full_env.update(overrides or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "orrery", "worker", "--processes", "1", "--threads", str(threads)],
        env=full_env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = WorkerProcess(process, log)
    deadline = time.monotonic() + 180  # a loaded machine imports slowly
    while "ready" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            worker.stop(signal.SIGKILL)  # never leave a half-started worker behind
            raise RuntimeError(f"worker did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    return worker


shared_workers: list[WorkerProcess] = []
"""The session's shared worker, once this process started it (at most one: tests/conftest.py)."""


_pauses = [0]
"""How many `shared_workers_paused` are open: the worker resumes when the outermost closes."""


@contextlib.contextmanager
def shared_workers_paused() -> Iterator[None]:
    """The session's shared worker (if this process started one) stopped in its tracks: its
    sweeper and recovery loops take nothing from the shared database meanwhile. Nests: a
    fixture that pauses it inside another's pause does not resume it early."""
    if _pauses[0] == 0:
        for shared in shared_workers:
            signal_group(shared.process, signal.SIGSTOP)
    _pauses[0] += 1
    try:
        yield
    finally:
        _pauses[0] -= 1
        if _pauses[0] == 0:
            for shared in shared_workers:
                signal_group(shared.process, signal.SIGCONT)
