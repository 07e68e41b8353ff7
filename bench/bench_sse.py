"""Latency from an event's commit to its arrival in a subscriber, through the engine's SSE.

A producer process appends run events the way the runner's committer does (one transaction
each, then published to the run's Redis stream) at 200 events/s; 1, 50 and then 500
subscribers read `GET /api/v1/runs/{id}/events` from a real `orrery engine` process. The
producer and the subscribers run in processes of their own (up to 100 subscribers each, an
`asyncio.Protocol` per connection that only looks for `id:` lines, so the reading side costs
little), so neither slows the other down in one interpreter. Commit and arrival are timed with
the machine's wall clock. Besides latency it prints the CPU each side spent while the events
flowed: the engine's per delivered event (from /proc), the subscribers' and the producer's in
all. Goal: the full 200 events/s delivered, p99 <= 50 ms, 500 subscribers measured.

`python bench_sse.py [1,50,500] [--profile DIR]`: the subscriber counts to measure, and with
`--profile` py-spy's collapsed stacks of the engine during the largest count (py-spy on the PATH).

`--bff` also measures the web BFF (bench/sse/README.md): for each count, the subscribers first
read the engine directly (the reference), then the same number read the app's `runs.events`
tRPC subscription from a BFF process of its own (bench/sse/bff-server.ts, built with the web's
node_modules), which relays the same engine. It adds the BFF's CPU per delivered event; with
`--profile`, node's `--cpu-prof` of the BFF during the largest count instead of py-spy.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jwt
import psycopg
from orrery.events import durable
from orrery.events import types as ev
from orrery.events.live import LivePublisher
from orrery.settings import DatabaseSettings
from orrery.store.database import Database
from psycopg.types.json import Jsonb
from redis.asyncio import Redis
from stack import JWT_SECRET, embedded_stack, engine_process

HERE = Path(__file__).resolve().parent
RATE = 200
EVENTS = 600
SECRET = JWT_SECRET
PER_PROCESS = 100
COUNTS = (1, 50, 500)
GOAL_P99_MS = 50.0
TIMEOUT_S = 60
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _process_cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used so far (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


# -- the producer process -------------------------------------------------------------------
async def _produce(args: list[str]) -> None:
    """Offer RATE events/s; as the runner's committer does, the events that came due while a
    commit was in flight go together in the next transaction, then to Redis in one publish."""
    engine_url, admin_url, redis_url, run_id, user, out = args
    claims = {"sub": user, "role": "authenticated", "aud": "authenticated"}
    db = Database(DatabaseSettings(url=engine_url, admin_url=admin_url, claims_secret=SECRET, pool_max=2))
    await db.open()
    redis = Redis.from_url(redis_url)
    publisher = LivePublisher(redis)
    commits: dict[int, float] = {}
    due: list[ev.RunEvent] = []
    wake = asyncio.Event()
    finished = False

    async def committer() -> None:
        while due or not finished:
            if not due:
                wake.clear()
                await wake.wait()
                continue
            batch = due[:]
            del due[:]
            async with db.as_user(claims, pipelined=True) as conn:
                stored = await durable.append(conn, run_id, batch)
            now = time.time()
            for event in stored:
                commits[event.seq] = now
            await publisher.publish(run_id, stored)

    committing = asyncio.create_task(committer())
    interval = 1 / RATE
    cpu = time.process_time()
    start, began = time.perf_counter(), time.time()
    for i in range(EVENTS):
        due.append(ev.StepLog(run_id=run_id, at=datetime.now(UTC), node_id="n", message=f"event {i}"))
        wake.set()
        await asyncio.sleep(max(0.0, start + (i + 1) * interval - time.perf_counter()))
    due.append(ev.RunSucceeded(run_id=run_id, at=datetime.now(UTC)))
    finished = True
    wake.set()
    await committing
    elapsed = sorted(commits.values())[EVENTS - 1] - began  # until the last step event committed
    Path(out).write_text(
        json.dumps(
            {
                "commits": commits,
                "rate_per_s": EVENTS / elapsed,
                "cpu_s": time.process_time() - cpu,
            }
        )
    )
    await redis.aclose()
    await db.close()


# -- a subscriber process ---------------------------------------------------------------------
class _Reader(asyncio.Protocol):
    """One SSE connection: notes when each `id:` line arrives, and nothing else."""

    def __init__(
        self,
        request: bytes,
        arrivals: dict[int, float],
        done: asyncio.Future[None],
        reads: list[int],
        end: bytes = b"event: run.succeeded",
    ) -> None:
        self.request, self.arrivals, self.done, self.reads = request, arrivals, done, reads
        self.end = end  # the stream's last frame: the run's end (engine), or tRPC's `return` (BFF)
        self.tail = b""
        self.status = b""
        self.ended = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        transport.write(self.request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        now = time.time()
        self.reads[0] += 1
        if not self.status:
            self.status = data[9:12]
            if self.status != b"200":  # refused (503 when the engine is swamped): tried again
                self.transport.close()
                return
        data = self.tail + data
        at = data.find(b"\nid: ")
        while at != -1:
            end = data.find(b"\n", at + 5)
            if end == -1:
                break
            self.arrivals.setdefault(int(data[at + 5 : end]), now)
            at = data.find(b"\nid: ", end)
        self.tail = data[-64:]  # an `id:` line split between two reads
        if self.end in data:
            self.ended = True
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(None)


async def _one_subscriber(
    host: str,
    port: int,
    request: bytes,
    arrivals: dict[int, float],
    retries: list[int],
    reads: list[int],
    end: bytes,
) -> None:
    """Read one SSE stream until the run ends. A connection refused, or closed before the run's
    end, is opened again with `Last-Event-ID` after 0.5 s, as the BFF and EventSource do."""
    loop = asyncio.get_running_loop()
    while True:
        done: asyncio.Future[None] = loop.create_future()
        resume = b"Last-Event-ID: %d\r\n\r\n" % max(arrivals) if arrivals else b"\r\n"
        attempt = request.removesuffix(b"\r\n") + resume
        _, reader = await loop.create_connection(
            lambda: _Reader(attempt, arrivals, done, reads, end), host, port
        )
        await done
        if reader.ended:
            return
        retries.append(1)
        await asyncio.sleep(0.5)


async def _subscribe(args: list[str]) -> None:
    url, token, count, out, end = args
    host, port = url.removeprefix("http://").split("/", 1)[0].split(":")
    path = "/" + url.removeprefix("http://").split("/", 1)[1]
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/event-stream\r\n\r\n"
    ).encode()
    arrivals: list[dict[int, float]] = [{} for _ in range(int(count))]
    retries: list[int] = []
    reads = [0]
    tasks = [
        asyncio.create_task(_one_subscriber(host, int(port), request, a, retries, reads, end.encode()))
        for a in arrivals
    ]
    while not all(1 in a for a in arrivals):  # every subscriber has the run's first event
        await asyncio.sleep(0.01)
    cpu, reads[0] = time.process_time(), 0
    print("ready", flush=True)
    finished, pending = await asyncio.wait(tasks, timeout=TIMEOUT_S)
    if pending:
        stuck = [max(a, default=0) for a, t in zip(arrivals, tasks, strict=True) if t in pending]
        raise SystemExit(f"{len(stuck)} of {count} subscribers did not end; their last ids {stuck[:10]}")
    report = {
        "arrivals": arrivals,
        "cpu_s": time.process_time() - cpu,
        "retries": len(retries),
        "reads": reads[0],
    }
    Path(out).write_text(json.dumps(report))


# -- the measurement ---------------------------------------------------------------------------
def _running_run(admin_url: str, user: str) -> str:
    workflow_id, run_id = str(uuid.uuid4()), str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into auth.users (id, email) values (%s, %s)",
            (user, f"{user}@bench"),
        )
        conn.execute(
            "insert into workflows (id, owner_id, name) values (%s, %s, 'sse')",
            (workflow_id, user),
        )
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, 1, %s, %s, %s)",
            (workflow_id, user, Jsonb({"schema": "orrery.workflow/v1"}), user),
        )
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version, status) "
            "values (%s, %s, %s, 1, 'running')",
            (run_id, user, workflow_id),
        )
        queued = {
            "type": "run.queued",
            "run_id": run_id,
            "at": datetime.now(UTC).isoformat(),
            "workflow_id": workflow_id,
            "version": 1,
        }
        conn.execute(
            "insert into run_events (owner_id, run_id, type, data) values (%s, %s, 'run.queued', %s)",
            (user, run_id, Jsonb(queued)),
        )
    return run_id


async def _measure(
    stack: Any,
    engine: Any,
    subscribers: int,
    tmp: Path,
    profile: Path | None = None,
    bff: BffProcess | None = None,
) -> dict[str, float]:
    user = str(uuid.uuid4())
    claims = {"sub": user, "role": "authenticated", "aud": "authenticated"}
    token = jwt.encode({**claims, "exp": int(time.time()) + 3600}, SECRET, algorithm="HS256")
    run_id = _running_run(stack.admin_url, user)
    url, end = f"{engine.base}/api/v1/runs/{run_id}/events", "event: run.succeeded"
    if bff is not None:  # the app's tRPC subscription; tRPC ends the stream with a `return` frame
        url, end = f"{bff.base}/runs.events?input={quote(json.dumps({'runId': run_id}))}", "event: return"
    via = "bff" if bff is not None else "engine"
    groups = [min(PER_PROCESS, subscribers - i) for i in range(0, subscribers, PER_PROCESS)]
    readers = []
    for index, count in enumerate(groups):
        out = tmp / f"arrivals-{via}-{subscribers}-{index}.json"
        process = subprocess.Popen(
            [sys.executable, __file__, "subscribe", url, token, str(count), str(out), end],
            stdout=subprocess.PIPE,
            text=True,
        )
        readers.append((process, out))
    for process, _ in readers:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise SystemExit(f"a subscriber process failed before it was ready (exit {process.wait()})")
    produced = tmp / f"commits-{via}-{subscribers}.json"
    spy = None
    if profile is not None and bff is None:
        svg = profile / f"engine-{subscribers}-subscribers.txt"
        spy = subprocess.Popen(
            [
                "py-spy",
                "record",
                "--pid",
                str(engine.pid),
                "--rate",
                "200",
                "--format",
                "raw",
                "--output",
                str(svg),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)  # py-spy attaches
    load_before = os.getloadavg()[0]
    engine_cpu = _process_cpu_s(engine.pid)
    bff_cpu = _process_cpu_s(bff.pid) if bff is not None else 0.0
    producer_args = [
        stack.engine_url,
        stack.admin_url,
        stack.redis_url,
        run_id,
        user,
        str(produced),
    ]
    subprocess.run([sys.executable, __file__, "produce", *producer_args], check=True)
    for process, _ in readers:
        process.wait(TIMEOUT_S + 10)
    engine_cpu = _process_cpu_s(engine.pid) - engine_cpu
    bff_cpu = _process_cpu_s(bff.pid) - bff_cpu if bff is not None else 0.0
    load_after = os.getloadavg()[0]
    if spy is not None:
        spy.send_signal(2)
        spy.wait(60)
    producer = json.loads(produced.read_text())
    commits = {int(seq): at for seq, at in producer["commits"].items()}
    reports = [json.loads(out.read_text()) for _, out in readers]
    arrivals = [{int(seq): at for seq, at in one.items()} for report in reports for one in report["arrivals"]]
    latencies = [(arrived[s] - commits[s]) * 1000 for arrived in arrivals for s in commits if s in arrived]
    extra = {}
    if bff is not None:
        extra = {"bff_cpu_s": bff_cpu, "bff_cpu_us_per_delivered": bff_cpu / max(1, len(latencies)) * 1e6}
    return {
        "p50_ms": statistics.median(latencies),
        "p99_ms": _percentile(latencies, 0.99),
        "max_ms": max(latencies),
        "received": len(latencies) / max(1, len(commits) * subscribers),
        "rate_per_s": producer["rate_per_s"],
        "engine_cpu_s": engine_cpu,
        "engine_cpu_us_per_delivered": engine_cpu / max(1, len(latencies)) * 1e6,
        "subscribers_cpu_s": sum(report["cpu_s"] for report in reports),
        "retries": sum(report["retries"] for report in reports),
        "reads_per_subscriber": sum(report["reads"] for report in reports) / subscribers,
        "producer_cpu_s": producer["cpu_s"],
        "load_average": (load_before + load_after) / 2,
        **extra,
    }


def _print(results: dict[str, Any]) -> None:
    print(
        f"{'through the engine SSE':<26}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'goal p99':>9}{'deliv.':>7}"
        f"{'ev/s':>6}{'goal':>5}{'engine CPU s':>13}{'us/deliv.':>10}{'subs CPU s':>11}{'load avg':>9}"
    )
    for name, r in results.items():
        print(
            f"{name:<26}{r['p50_ms']:>8.2f}{r['p99_ms']:>8.2f}{r['max_ms']:>8.1f}{GOAL_P99_MS:>9.0f}"
            f"{r['received']:>7.0%}{r['rate_per_s']:>6.0f}{RATE:>5}{r['engine_cpu_s']:>13.2f}"
            f"{r['engine_cpu_us_per_delivered']:>10.1f}{r['subscribers_cpu_s']:>11.2f}"
            f"{r['retries']:>8}{r['reads_per_subscriber']:>10.0f}{r['load_average']:>9.2f}"
        )


def _print_bff(results: dict[str, Any]) -> None:
    """Each count through the BFF beside the engine read directly in the same run."""
    print(
        f"{'through the BFF (runs.events)':<30}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'goal p99':>9}"
        f"{'deliv.':>7}{'ev/s':>6}{'goal':>5}{'BFF CPU s':>10}{'BFF us/deliv.':>14}{'engine us/deliv.':>17}"
        f"{'retries':>8}{'load avg':>9}"
    )
    for name, r in results.items():
        bff = "bff_cpu_us_per_delivered" in r
        print(
            f"{name:<30}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['max_ms']:>10.1f}{GOAL_P99_MS:>9.0f}"
            f"{r['received']:>7.0%}{r['rate_per_s']:>6.0f}{RATE:>5}"
            f"{(format(r['bff_cpu_s'], '.2f') if bff else '-'):>10}"
            f"{(format(r['bff_cpu_us_per_delivered'], '.1f') if bff else '-'):>14}"
            f"{r['engine_cpu_us_per_delivered']:>17.1f}{r['retries']:>8}{r['load_average']:>9.2f}"
        )


@dataclass
class BffProcess:
    """The web BFF in a Node process of its own: `base` is its URL, `pid` its process."""

    base: str
    pid: int


@contextmanager
def bff_process(engine: Any, profile: Path | None = None) -> Iterator[BffProcess]:
    """Build bench/sse/bff-server.ts and start it against `engine`; with `profile`, node writes
    a `.cpuprofile` there when it stops (open it in Chrome's DevTools, Performance panel)."""
    built = subprocess.run(
        ["node", str(HERE / "sse" / "build-bff.mjs")], check=True, capture_output=True, text=True
    ).stdout.strip()
    flags = ["--cpu-prof", "--cpu-prof-dir", str(profile)] if profile is not None else []
    node = subprocess.Popen(["node", *flags, built, engine.base], stdout=subprocess.PIPE, text=True)
    try:
        assert node.stdout is not None
        line = node.stdout.readline()
        if not line:
            raise SystemExit(f"the BFF process failed to start (exit {node.wait()})")
        yield BffProcess(f"http://127.0.0.1:{json.loads(line)['port']}", node.pid)
    finally:
        node.terminate()
        node.wait(20)


async def run(
    counts: tuple[int, ...] = COUNTS, profile: Path | None = None, bff: bool = False
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with (
        embedded_stack() as stack,
        tempfile.TemporaryDirectory(prefix="orrery-sse-") as tmp,
        engine_process(stack, {"ENGINE_MAX_CONNECTIONS": "4096"}) as engine,
    ):
        for subscribers in counts:
            spied = profile if subscribers == max(counts) else None
            results[f"engine_{subscribers}_subscribers"] = await _measure(
                stack, engine, subscribers, Path(tmp), None if bff else spied
            )
            if bff:  # the same count through the BFF, right after its reference
                with bff_process(engine, spied) as web:
                    results[f"bff_{subscribers}_subscribers"] = await _measure(
                        stack, engine, subscribers, Path(tmp), None, web
                    )
    if bff:
        _print_bff(results)
    else:
        _print(results)
    return results


def _main(argv: list[str]) -> None:
    counts, profile = COUNTS, None
    bff = "--bff" in argv
    if bff:
        argv.remove("--bff")
    if "--profile" in argv:
        at = argv.index("--profile")
        profile = Path(argv[at + 1]).resolve()
        profile.mkdir(parents=True, exist_ok=True)
        del argv[at : at + 2]
        if shutil.which("py-spy") is None and not bff:
            raise SystemExit("--profile needs py-spy on the PATH (pip install py-spy)")
    if argv:
        counts = tuple(int(n) for n in argv[0].split(","))
    results = asyncio.run(run(counts, profile, bff))
    if bff:  # `make bench` (bench/run.py) writes the engine's figures; these go beside them
        out = HERE / "results" / f"sse-bff-{time.strftime('%Y%m%dT%H%M%S')}.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps({"load_average_now": os.getloadavg()[0], **results}, indent=2))
        print(f"results written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    if len(sys.argv) > 1 and sys.argv[1] == "produce":
        asyncio.run(_produce(sys.argv[2:]))
    elif len(sys.argv) > 1 and sys.argv[1] == "subscribe":
        asyncio.run(_subscribe(sys.argv[2:]))
    else:
        _main(sys.argv[1:])
