"""The worker's side of the JavaScript sandboxes: a small pool of `child.py` processes.

`Sandboxes.run(job)` waits for a free slot (at most `concurrency` jobs run at once per worker
process, so code steps cannot take every core), hands the job to an idle child process (or
starts one, ~0.2 s), and returns its report. The blocking pipe I/O runs on a thread of a
dedicated executor, never on the event loop. A child that dies, overruns its deadline, or
belongs to a step that was cancelled (the step's timeout, a cancelled run) is killed at once
and replaced by the next job; a healthy one is reused (each job still gets a fresh isolate).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Literal

import msgspec

from orrery.settings import CodeSettings

log = logging.getLogger(__name__)

CHILD = Path(__file__).resolve().parent / "child.py"
MEMORY_EXIT = 86
"""`child.py`'s exit status when its watchdog ended it (memory outside V8's heap)."""
START_TIMEOUT_S = 20.0
GRACE_S = 2.0
"""How long past a job's time limit the worker waits for its answer before killing the child."""
MAX_JOBS_PER_CHILD = 500
MiB = 1024 * 1024

Outcome = Literal[
    "ok",
    "syntax",
    "runtime",
    "timeout",
    "memory",
    "output_invalid",
    "output_too_large",
    "pending",
    "crashed",
    "internal",
]


class Job(msgspec.Struct, frozen=True):
    code: str
    input: str
    """The step's input as JSON text."""
    time_limit_s: float
    memory_limit_bytes: int
    resident_cap_bytes: int
    """How much the child's resident memory may grow during the job (heap, buffers, Intl)."""
    max_output_chars: int


class JsError(msgspec.Struct):
    name: str = ""
    message: str = ""
    stack: str = ""


class Report(msgspec.Struct):
    outcome: Outcome
    output: str | None = None
    """The return value as JSON text (outcome `ok`)."""
    error: JsError | None = None
    logs: list[tuple[str, str]] = []
    dropped: int = 0
    size: int = 0
    """The return value's length in characters (outcome `output_too_large`)."""
    elapsed_s: float = 0.0
    recycle: bool = False
    detail: str = ""
    """Why a child process failed (outcome `crashed`), for the worker's log."""


_decode_report = msgspec.json.Decoder(Report).decode


class _Child:
    """One sandbox process and its pipes."""

    def __init__(self, extra_data_bytes: int) -> None:
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [sys.executable, "-I", str(CHILD), str(extra_data_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env={"LANG": "C.UTF-8"},
            close_fds=True,
            start_new_session=True,
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.stdout: IO[bytes] = self.process.stdout
        self.jobs = 0
        self.killed = False
        self._buffer = b""
        line = self._read_line(time.monotonic() + START_TIMEOUT_S)
        if line is None or b'"ready"' not in line:
            self.kill()
            raise RuntimeError(f"the JavaScript sandbox did not start: {self.failure()}")

    def exchange(self, job: Job) -> Report:
        """Send one job and wait for its report, at most the job's time limit plus a grace period."""
        self.jobs += 1
        try:
            self.stdin.write(msgspec.json.encode(job) + b"\n")
            self.stdin.flush()
        except OSError:
            return self._died()
        line = self._read_line(time.monotonic() + job.time_limit_s + GRACE_S)
        if line is None:
            return self._died()
        if line == b"":
            self.kill()
            return Report(outcome="timeout", detail="the sandbox did not answer in time")
        try:
            return _decode_report(line)
        except msgspec.DecodeError as exc:
            self.kill()
            return Report(outcome="internal", detail=f"unreadable sandbox answer: {exc}")

    def _read_line(self, deadline: float) -> bytes | None:
        """The next line; b"" when the deadline passed first; None when the child closed its end."""
        fd = self.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return b""
            readable, _, _ = select.select([fd], [], [], remaining)
            if not readable:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _died(self) -> Report:
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            status = self.process.wait()
        detail = self.failure()
        if status == MEMORY_EXIT or "out of memory" in detail.lower() or status == -signal.SIGKILL:
            return Report(outcome="memory", detail=detail)
        return Report(outcome="crashed", detail=detail)

    def failure(self) -> str:
        """The exit status and the end of the child's stderr."""
        status = self.process.poll()
        try:
            self.stderr.seek(max(0, self.stderr.seek(0, os.SEEK_END) - 2000))
            tail = self.stderr.read().decode("utf-8", "replace").strip()
        except OSError:
            tail = ""
        return f"exit status {status}: {tail[-1000:]}" if tail else f"exit status {status}"

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.killed = True
        with contextlib.suppress(ProcessLookupError, OSError):
            self.process.kill()
        with contextlib.suppress(OSError):
            self.stdin.close()

    def close(self) -> None:
        self.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        with contextlib.suppress(OSError):
            self.stdout.close()
            self.stderr.close()


class _Attempt:
    """One job in flight, shared by the awaiting coroutine and the thread doing the I/O."""

    def __init__(self) -> None:
        self.child: _Child | None = None
        self.abandoned = False


class Sandboxes:
    """Up to `concurrency` sandbox processes; jobs beyond that wait for a free one."""

    def __init__(self, settings: CodeSettings) -> None:
        self.settings = settings
        self._idle: list[_Child] = []
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self._closed = False

    async def run(self, job: Job) -> Report:
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(self.settings.concurrency)
        async with slots:
            attempt = _Attempt()
            try:
                return await loop.run_in_executor(self._pool(), self._run_blocking, attempt, job)
            except (OSError, RuntimeError) as exc:  # the sandbox process could not start
                log.warning("a JavaScript sandbox process could not start: %s", exc)
                return Report(outcome="crashed", detail=str(exc))
            except asyncio.CancelledError:
                attempt.abandoned = True
                if attempt.child is not None:
                    attempt.child.kill()
                raise

    def _run_blocking(self, attempt: _Attempt, job: Job) -> Report:
        child = self._checkout()
        attempt.child = child
        if attempt.abandoned:
            child.close()
            return Report(outcome="internal", detail="abandoned")
        try:
            report = child.exchange(job)
        except BaseException:
            child.close()
            raise
        if report.outcome == "crashed":
            log.warning("a JavaScript sandbox process failed: %s", report.detail)
        reusable = not child.killed and child.alive and not attempt.abandoned and not report.recycle
        if reusable and child.jobs < MAX_JOBS_PER_CHILD and report.outcome != "internal":
            self._checkin(child)
        else:
            child.close()
        return report

    def _checkout(self) -> _Child:
        with self._lock:
            while self._idle:
                child = self._idle.pop()
                if child.alive:
                    return child
                child.close()
        extra = 2 * self.settings.max_memory_mb * MiB + 512 * MiB
        return _Child(extra)

    def _checkin(self, child: _Child) -> None:
        with self._lock:
            if self._closed or len(self._idle) >= self.settings.concurrency:
                child.close()
            else:
                self._idle.append(child)

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=self.settings.concurrency, thread_name_prefix="code-sandbox"
                )
            return self._executor

    def close(self) -> None:
        """Stop every idle child (running ones stop when their job ends)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for child in idle:
            child.close()

    def idle_pids(self) -> list[int]:
        with self._lock:
            return [c.process.pid for c in self._idle]
