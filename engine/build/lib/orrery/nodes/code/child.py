"""The code node's sandbox process: runs users' JavaScript, one fresh V8 isolate per execution.

A worker starts a few of these (`sandbox.py`) and sends each one job at a time as a line of
JSON on stdin; the answer is a line of JSON on stdout. It is a separate process, not a thread
of the worker, because V8 aborts the whole process on some allocations no heap limit catches
(`new Array(2**28).fill(0)`: "Fatal JavaScript out of memory: invalid table size") and keeps
typed arrays and Intl objects outside the heap its limit measures: here such code kills or
bloats only this process, which the worker replaces. It also holds none of the worker's
secrets (its environment is empty, its descriptors are only its three pipes).

Run by path (`python -I child.py`): it imports nothing of Orrery, only the standard library
and `py_mini_racer`. Limits per job: V8's timeout and hard heap limit give clean errors; a
watchdog thread ends the process when its resident memory passes the job's cap (memory
outside the heap); RLIMIT_DATA bounds what it can map at all; it exits when stdin closes
(its worker is gone).
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

from py_mini_racer import JSEvalException, JSOOMException, JSTimeoutException, mini_racer

RUNTIME_JS = (Path(__file__).resolve().parent / "runtime.js").read_text(encoding="utf-8")
MEMORY_EXIT = 86
"""The exit status of a process the watchdog ended: the job used more memory than allowed."""
PAGE = os.sysconf("SC_PAGE_SIZE")
RECYCLE_RSS = 512 * 1024 * 1024
"""A process whose resident memory stays above this after a job asks to be replaced."""


PROC = Path("/proc/self/statm").exists()
"""Linux: the watchdog and RLIMIT_DATA read /proc. Elsewhere (a developer's Mac) only V8's own
limits apply."""


def resident_bytes() -> int:
    if not PROC:
        return 0
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * PAGE


class Watchdog(threading.Thread):
    """Ends the process when its resident memory passes the armed cap (checked every 5 ms)."""

    def __init__(self) -> None:
        super().__init__(daemon=True, name="watchdog")
        self.cap: int | None = None

    def run(self) -> None:
        while True:
            time.sleep(0.005)
            cap = self.cap
            if cap is not None and resident_bytes() > cap:
                os._exit(MEMORY_EXIT)


def data_bytes() -> int:
    """The process's writable private mappings (VmData), what RLIMIT_DATA counts."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def harden(extra_data_bytes: int) -> None:
    """No core files, no files written, few descriptors, a bounded data segment, no privilege gain."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    if extra_data_bytes > 0 and PROC:
        limit = data_bytes() + extra_data_bytes
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    if sys.platform == "linux":
        pr_set_no_new_privs = 38
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_no_new_privs, 1, 0, 0, 0)


def execute(loop: asyncio.AbstractEventLoop, watchdog: Watchdog, job: dict[str, Any]) -> dict[str, Any]:
    """One job in a fresh isolate, closed afterwards."""
    limit_s = float(job["time_limit_s"])
    memory = int(job["memory_limit_bytes"])
    watchdog.cap = resident_bytes() + int(job["resident_cap_bytes"]) if PROC else None
    started = time.monotonic()
    try:
        with mini_racer(loop) as racer:
            racer.set_hard_memory_limit(memory)
            racer.set_soft_memory_limit(int(memory * 0.8))
            racer.eval(RUNTIME_JS, timeout_sec=5)
            arguments = ", ".join(
                (json.dumps(job["code"]), json.dumps(job["input"]), str(int(job["max_output_chars"])))
            )
            start = f"__orrery.start({arguments}); 0"
            try:
                racer.eval(start, timeout_sec=limit_s)
                remaining = max(limit_s - (time.monotonic() - started), 0.01)
                report = json.loads(str(racer.eval("__orrery.result()", timeout_sec=remaining)))
            except (JSTimeoutException, JSOOMException) as exc:
                out_of_memory = isinstance(exc, JSOOMException) or racer.was_hard_memory_limit_reached()
                report = {"outcome": "memory" if out_of_memory else "timeout"}
                report.update(_salvage_logs(racer, memory))
            except JSEvalException as exc:  # the runtime itself failed (the code broke JSON, say)
                report = {"outcome": "runtime", "error": {"name": "", "message": str(exc), "stack": ""}}
            if not isinstance(report, dict):  # the code redefined how JSON encodes
                report = {"outcome": "runtime", "error": {"name": "", "message": "the code broke JSON"}}
            if report.get("outcome") == "ok":
                report["output"] = racer.eval("__orrery.output()", timeout_sec=5)
            report["heap_limit_reached"] = racer.was_hard_memory_limit_reached()
    finally:
        watchdog.cap = None
    output = report.pop("output", None)  # JSON text: its escapes stay, the worker checks them
    report = dict(_clean(report))
    if output is not None:
        report["output"] = str(output)
    report["elapsed_s"] = round(time.monotonic() - started, 4)
    report["recycle"] = resident_bytes() > RECYCLE_RSS
    return report


def _clean(value: Any) -> Any:
    """Strings that encode as UTF-8: JavaScript strings may hold lone surrogates (as "?" here)."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def _salvage_logs(racer: Any, memory: int) -> dict[str, Any]:
    """The console lines written before a timeout or the memory limit, when the isolate still answers."""
    try:
        racer.set_hard_memory_limit(memory + 16 * 1024 * 1024)
        kept = json.loads(str(racer.eval("__orrery.result()", timeout_sec=0.2)))
        return {"logs": kept.get("logs", []), "dropped": kept.get("dropped", 0)}
    except Exception:
        return {}


def main() -> None:
    extra_data_bytes = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    # Answers go to a private copy of stdout; V8's own prints (GC traces before a fatal
    # out-of-memory) go to stderr instead of into the protocol.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True, name="v8-callbacks").start()
    watchdog = Watchdog()
    watchdog.start()
    with mini_racer(loop) as racer:  # start V8 before the limits apply
        racer.eval("0")
    harden(extra_data_bytes)
    answers.write(json.dumps({"ready": True, "pid": os.getpid()}).encode() + b"\n")
    answers.flush()
    for line in sys.stdin.buffer:
        try:
            answer = execute(loop, watchdog, json.loads(line))
        except Exception as exc:  # a bug here, not in the user's code: report it and go on
            answer = {"outcome": "internal", "error": {"name": type(exc).__name__, "message": str(exc)}}
        answers.write(json.dumps(answer).encode() + b"\n")  # ASCII: lone surrogates stay escapes
        answers.flush()


if __name__ == "__main__":
    main()
