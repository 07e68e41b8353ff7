"""A child's process group is signalled only while it is still that child's: a second stop of a
test's worker once killed another test run's Postgres, which had been given the worker's old id."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import psutil
import pytest

from orrery.dev.groups import signal_group

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


@pytest.fixture
def stranger() -> Iterator[subprocess.Popen[bytes]]:
    """Another program's session leader (a Postgres started by another test run, say)."""
    process = subprocess.Popen(SLEEPER, start_new_session=True)
    yield process
    process.kill()
    process.wait()


def test_a_second_kill_spares_the_process_that_was_given_the_stopped_childs_id(
    stranger: subprocess.Popen[bytes],
) -> None:
    # Given a worker in a session of its own, killed and reaped
    worker = subprocess.Popen(SLEEPER, start_new_session=True)
    assert signal_group(worker, signal.SIGKILL)
    worker.wait()
    # and its id given to another program's new session leader, as the system does once
    # process ids wrap around (the test cannot steer the kernel: it points the reaped
    # worker's record at the stranger's id, which is what reuse looks like from here)
    worker.pid = stranger.pid

    # When the worker is killed once more (a test's `finally` stops what it started)
    sent = signal_group(worker, signal.SIGKILL)

    # Then nothing was sent, and the stranger still runs
    assert sent is False
    assert stranger.poll() is None


def test_what_is_left_of_a_group_after_its_leader_is_still_stopped() -> None:
    # Given a worker whose own child outlives it in its group (its leader already reaped)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys; "
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); "
            "print(p.pid, flush=True)",
        ],
        start_new_session=True,
        stdout=subprocess.PIPE,
    )
    assert worker.stdout is not None
    orphan = int(worker.stdout.readline())
    worker.wait()

    # When the group is killed
    sent = signal_group(worker, signal.SIGKILL)

    # Then the orphan, which kept the group's id taken, got the signal
    assert sent is True
    assert _exits(orphan)


def _exits(pid: int) -> bool:
    """The process ends (not our child: gone, or a zombie until init reaps it)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
