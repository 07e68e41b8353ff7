"""Soak: many users' mixed workflows for a while, with worker kills, a Valkey restart and
bad input, then the invariants that must hold (issue 14).

    engine/.venv/bin/python scripts/soak.py --minutes 30

It starts the stack as `orrery dev --no-web` does (embedded Postgres and Valkey, the
engine, the local Auth stand-in, two worker commands), on fresh data and free ports, plus
a stub OpenAI-compatible server (web/e2e/stub-openai.mjs) standing in for a user's model.
For `--minutes` it:
- runs mixed workflows from `--users` users (pure steps and code, the demo agent with an
  approval the soak decides, an agent on the user's own key, an http call), keeping SSE
  subscribers on a share of the runs and checking each stream as it goes;
- SIGKILLs a worker every `--kill-every` seconds (and starts it again), restarts Valkey
  once, and feeds bad input (NUL, deep JSON, invalid UTF-8, oversized templates, forged
  tokens, other users' ids) all along, checking each answer;
- samples the engine's, the stand-in's and the workers' memory.
Then it checks: every run is in one terminal state or legitimately waiting; one committed
result per step; contiguous events; no cross-tenant read; a planted provider key found
nowhere (database, logs, streams) and a planted URL query secret in no log; no 5xx; and the
engine's and workers' memory flat after warm-up. Figures go to bench/results/soak-*.json.
Not part of `make test` (it takes its duration); run it before a release.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import platform
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg
from orrery.dev.launcher import DevStack

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
PASSWORD = "soak-password-1"
TERMINAL = {"succeeded", "failed", "cancelled"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# -- the stack ---------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None
    incarnation: int = 0

    def start(self) -> None:
        self.incarnation += 1
        with open(self.log, "ab") as out:
            out.write(f"\n---- {self.name} start #{self.incarnation} {datetime.now(UTC)} ----\n".encode())
            self.popen = subprocess.Popen(
                self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.popen is not None and self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=15)

    def rss_mb(self) -> float:
        if self.popen is None or self.popen.poll() is not None:
            return 0.0
        try:
            root = psutil.Process(self.popen.pid)
            procs = [root, *root.children(recursive=True)]
            return sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20
        except psutil.Error:
            return 0.0


class Stack:
    def __init__(self, data: Path, stub_port: int) -> None:
        self.data = data
        self.engine_port, self.auth_port = free_port(), free_port()
        env = dict(os.environ)
        for name in ("DATABASE_URL", "DATABASE_ADMIN_URL", "REDIS_URL", "SUPABASE_URL"):
            env.pop(name, None)
        env |= {
            "ORRERY_DATA_DIR": str(data),
            "ENGINE_PORT": str(self.engine_port),
            "AUTH_PORT": str(self.auth_port),
            "WEB_PORT": str(free_port()),
            "ORRERY_HTTP_ALLOWED_HOSTS": f"127.0.0.1:{stub_port}",
            "ORRERY_LEASE_TTL_S": "6",
            "ORRERY_SWEEP_INTERVAL_S": "2",
            "ORRERY_STALE_AFTER_S": "4",
        }
        self.dev = DevStack(web=False, env=env)
        self.processes: dict[str, Process] = {}

    def start(self) -> None:
        self.dev.prepare()
        logs = self.data / "logs"
        logs.mkdir(exist_ok=True)
        dev = self.dev
        specs = {
            "engine": (dev.python("engine"), dev.engine_env()),
            "auth": (dev.python("auth"), dev.auth_env()),
            "worker-1": (dev.python("worker", "--processes", "1"), dev.worker_env()),
            "worker-2": (dev.python("worker", "--processes", "1"), dev.worker_env()),
        }
        for name, (argv, env) in specs.items():
            self.processes[name] = Process(name, argv, env, logs / f"{name}.log")
            self.processes[name].start()
        for url in (f"{self.engine}/healthz", f"{self.auth}/auth/v1/health"):
            deadline = time.monotonic() + 90
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(url, timeout=2).status_code < 300:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not answer")
                time.sleep(0.3)

    @property
    def engine(self) -> str:
        return f"http://127.0.0.1:{self.engine_port}"

    @property
    def auth(self) -> str:
        return f"http://127.0.0.1:{self.auth_port}"

    @property
    def admin_url(self) -> str:
        return self.dev.env["DATABASE_ADMIN_URL"]

    def workers(self) -> list[Process]:
        return [p for name, p in self.processes.items() if name.startswith("worker")]

    def restart_valkey(self, down_s: float) -> None:
        assert self.dev.valkey is not None
        self.dev.valkey.stop()
        time.sleep(down_s)
        self.dev.valkey.start(stdout=subprocess.DEVNULL)

    def logs(self) -> list[Path]:
        return sorted((self.data / "logs").glob("*.log"))

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.kill(signal.SIGTERM)
        self.dev.shutdown()


# -- users and workflows -------------------------------------------------------------------


def node(node_id: str, type_: str, x: int, **config: Any) -> dict[str, Any]:
    return {"id": node_id, "type": type_, "position": {"x": x, "y": 0}, "config": config}


def chain(*ids: str) -> list[dict[str, Any]]:
    return [{"id": f"e{i}", "source": a, "target": b} for i, (a, b) in enumerate(itertools.pairwise(ids))]


def workflows(stub_url: str, credential_id: str, url_secret: str) -> dict[str, dict[str, Any]]:
    inputs = {"topic": {"type": "string"}, "n": {"type": "integer", "default": 3}}
    doc = {"schema": "orrery.workflow/v1", "inputs": inputs}
    pure = {
        **doc,
        "nodes": [
            node("start", "input", 0),
            node("title", "transform", 200, template="{{ inputs.topic | title }} x{{ inputs.n }}"),
            node(
                "count",
                "code",
                400,
                code="console.log('counting', input.inputs.n);\n"
                "return {words: input.steps.title.output.split(' ').length, n: input.inputs.n};",
            ),
            node("done", "output", 600, name="result", value="{{ steps.count.output }}"),
        ],
        "edges": chain("start", "title", "count", "done"),
    }
    approval = {
        **doc,
        "nodes": [
            node("start", "input", 0),
            node(
                "draft", "agent", 200, provider="demo", model="demo", prompt="Write about {{ inputs.topic }}"
            ),
            node("review", "approval", 400, message="Publish?", value="{{ steps.draft.output }}"),
            node("done", "output", 600, name="result", value="{{ steps.review.output.value }}"),
        ],
        "edges": [
            *chain("start", "draft", "review"),
            {**chain("review", "done")[0], "id": "e9", "source_handle": "approved"},
        ],
    }
    keyed = {
        **doc,
        "nodes": [
            node("start", "input", 0),
            node(
                "ask",
                "agent",
                200,
                provider="openai_compatible",
                model="stub-llama-3",
                credential_id=credential_id,
                prompt="Summarise {{ inputs.topic }}",
            ),
            node("done", "output", 400, name="result", value="{{ steps.ask.output }}"),
        ],
        "edges": chain("start", "ask", "done"),
    }
    fetch = {
        **doc,
        "nodes": [
            node("start", "input", 0),
            node("models", "http", 200, method="GET", url=f"{stub_url}/v1/models?api_key={url_secret}"),
            node("done", "output", 400, name="result", value="{{ steps.models.output.status }}"),
        ],
        "edges": chain("start", "models", "done"),
    }
    return {"pure": pure, "approval": approval, "keyed": keyed, "fetch": fetch}


WEIGHTS = {"pure": 5, "approval": 2, "keyed": 2, "fetch": 1}


@dataclass
class User:
    email: str
    id: str = ""
    token: str = ""
    workflows: dict[str, str] = field(default_factory=dict)
    runs: list[str] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}


@dataclass
class Findings:
    started: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    http_5xx: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    cross_tenant: Counter[str] = field(default_factory=Counter)
    bad_input: Counter[str] = field(default_factory=Counter)
    streams: Counter[str] = field(default_factory=Counter)
    stream_problems: list[str] = field(default_factory=list)
    stream_text: list[str] = field(default_factory=list)
    chaos: list[str] = field(default_factory=list)
    memory: dict[str, list[tuple[float, float, int]]] = field(default_factory=dict)
    transport_errors: Counter[str] = field(default_factory=Counter)

    def note(self, what: str, response: httpx.Response, expected: set[int]) -> bool:
        if response.status_code >= 500 and response.status_code != 503:
            self.http_5xx.append(f"{what}: {response.status_code} {response.text[:200]}")
        if response.status_code not in expected:
            self.unexpected.append(f"{what}: {response.status_code} {response.text[:200]}")
            return False
        return True


class Soak:
    def __init__(self, stack: Stack, args: argparse.Namespace, stub_url: str) -> None:
        self.stack = stack
        self.args = args
        self.stub_url = stub_url
        self.key_secret = f"sk-canary-{secrets.token_hex(12)}"
        self.url_secret = f"urlcanary{secrets.token_hex(10)}"
        self.found = Findings()
        self.users: list[User] = []
        self.deadline = 0.0
        self.http = httpx.AsyncClient(timeout=30)

    # -- setup -----------------------------------------------------------------------------
    async def sign_up(self, index: int) -> User:
        user = User(email=f"soak-{index}-{secrets.token_hex(3)}@example.test")
        response = await self.http.post(
            f"{self.stack.auth}/auth/v1/signup", json={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        await self.refresh(user)
        engine = self.stack.engine
        credential = await self.http.post(
            f"{engine}/api/v1/credentials",
            headers=user.headers,
            json={
                "provider": "openai_compatible",
                "label": "Soak key",
                "api_key": self.key_secret,
                "base_url": f"{self.stub_url}/v1",
            },
        )
        assert credential.status_code == 201, credential.text
        docs = workflows(self.stub_url, credential.json()["id"], self.url_secret)
        for kind, spec in docs.items():
            created = await self.http.post(
                f"{engine}/api/v1/workflows",
                headers=user.headers,
                json={"name": f"soak {kind}", "spec": spec},
            )
            assert created.status_code == 201, created.text
            body = created.json()
            assert not body.get("problems"), body
            user.workflows[kind] = body["id"]
        return user

    async def refresh(self, user: User) -> None:
        response = await self.http.post(
            f"{self.stack.auth}/auth/v1/token",
            params={"grant_type": "password"},
            json={"email": user.email, "password": PASSWORD},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        user.token, user.id = body["access_token"], body["user"]["id"]

    # -- load ------------------------------------------------------------------------------
    async def user_loop(self, user: User) -> None:
        last_login = time.monotonic()
        in_flight: set[asyncio.Task[None]] = set()
        while time.monotonic() < self.deadline:
            if time.monotonic() - last_login > 600:
                await self.refresh(user)
                last_login = time.monotonic()
            while len(in_flight) >= self.args.runs_per_user:
                _, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            kind = random.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]  # noqa: S311
            task = asyncio.create_task(self.one_run(user, kind))
            in_flight.add(task)
            await asyncio.sleep(random.uniform(0.05, 0.4))  # noqa: S311
        if in_flight:
            await asyncio.wait(in_flight)

    async def one_run(self, user: User, kind: str) -> None:
        engine = self.stack.engine
        try:
            response = await self.http.post(
                f"{engine}/api/v1/workflows/{user.workflows[kind]}/runs",
                headers=user.headers,
                json={"inputs": {"topic": f"soak {kind} {secrets.token_hex(2)}"}},
            )
        except httpx.HTTPError as exc:
            self.found.transport_errors[type(exc).__name__] += 1
            return
        if not self.found.note(f"start {kind}", response, {202, 503}):
            return
        if response.status_code == 503:
            self.found.outcomes["start refused 503 (dependency down)"] += 1
            return
        run_id = response.json()["id"]
        user.runs.append(run_id)
        self.found.started[kind] += 1
        stream = None
        if random.random() < self.args.stream_share:  # noqa: S311
            stream = asyncio.create_task(self.follow(user, run_id))
        status = await self.until_settled(user, run_id)
        self.found.outcomes[f"{kind}: {status}"] += 1
        if stream is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await stream

    async def until_settled(self, user: User, run_id: str) -> str:
        """Poll the run to its end, deciding approvals on the way."""
        engine = self.stack.engine
        give_up = time.monotonic() + 300
        status = "unknown"
        while time.monotonic() < give_up:
            await asyncio.sleep(0.5)
            try:
                response = await self.http.get(f"{engine}/api/v1/runs/{run_id}", headers=user.headers)
            except httpx.HTTPError as exc:
                self.found.transport_errors[type(exc).__name__] += 1
                continue
            if not self.found.note("get run", response, {200, 503}) or response.status_code == 503:
                continue
            run = response.json()
            status = run["status"]
            if status in TERMINAL:
                return status
            if status == "waiting":
                for step in run.get("steps") or []:
                    if step["status"] == "waiting" and not step.get("superseded_at"):
                        approved = random.random() < 0.8  # noqa: S311
                        decided = await self.http.post(
                            f"{engine}/api/v1/runs/{run_id}/steps/{step['node_id']}/decision",
                            headers=user.headers,
                            json={"approved": approved, "comment": "soak"},
                        )
                        self.found.note("decide", decided, {200, 409, 503})
        return f"not settled ({status})"

    async def follow(self, user: User, run_id: str) -> None:
        """An SSE subscriber: every durable event once, in order, reconnecting with Last-Event-ID."""
        last = 0
        seen_terminal = False
        url = f"{self.stack.engine}/api/v1/runs/{run_id}/events"
        for _attempt in range(30):
            headers = {**user.headers, "accept": "text/event-stream"}
            if last:
                headers["last-event-id"] = str(last)
            try:
                async with self.http.stream("GET", url, headers=headers, timeout=None) as response:
                    if response.status_code == 204:
                        seen_terminal = True
                        break
                    if response.status_code != 200:
                        self.found.note("events", response, {200, 204, 503})
                        await asyncio.sleep(1)
                        continue
                    event_id = None
                    async for line in response.aiter_lines():
                        if line.startswith("id: "):
                            event_id = int(line[4:])
                        elif line.startswith("event: ") and line[7:] in (
                            "run.succeeded",
                            "run.failed",
                            "run.cancelled",
                        ):
                            seen_terminal = True
                        elif line.startswith("data: "):
                            self.found.stream_text.append(line)
                        elif line == "" and event_id is not None:
                            if event_id != last + 1:
                                self.found.stream_problems.append(f"{run_id}: seq {event_id} after {last}")
                            last = event_id
                            event_id = None
                if seen_terminal:
                    break
            except httpx.HTTPError:
                self.found.streams["reconnects"] += 1
                await asyncio.sleep(0.5)
        self.found.streams["complete" if seen_terminal else "incomplete"] += 1
        if not seen_terminal:
            self.found.stream_problems.append(f"{run_id}: no terminal event after {last}")

    # -- chaos -------------------------------------------------------------------------------
    async def chaos(self) -> None:
        start = time.monotonic()
        valkey_at = start + (self.deadline - start) / 2
        next_kill = start + self.args.kill_every
        restarted = False
        while time.monotonic() < self.deadline:
            await asyncio.sleep(1)
            now = time.monotonic()
            if now >= next_kill:
                victim = random.choice(self.stack.workers())  # noqa: S311
                rss = victim.rss_mb()
                await asyncio.to_thread(victim.kill)
                self.found.chaos.append(f"{now - start:.0f}s: SIGKILL {victim.name} ({rss:.0f} MB)")
                await asyncio.sleep(2)
                victim.start()
                next_kill = now + self.args.kill_every
            if not restarted and now >= valkey_at:
                restarted = True
                await asyncio.to_thread(self.stack.restart_valkey, 5.0)
                self.found.chaos.append(f"{now - start:.0f}s: Valkey restarted (5 s down)")

    async def bad_input(self) -> None:
        engine = self.stack.engine
        cases = ["nul", "deep", "utf8", "template", "forged", "cross_run", "cross_workflow", "cross_events"]
        while time.monotonic() < self.deadline:
            await asyncio.sleep(self.args.bad_every)
            if len(self.users) < 2:
                continue
            user, other = random.sample(self.users, 2)
            case = random.choice(cases)  # noqa: S311
            try:
                await self._bad(engine, case, user, other)
            except httpx.HTTPError as exc:
                self.found.transport_errors[type(exc).__name__] += 1

    async def _bad(self, engine: str, case: str, user: User, other: User) -> None:
        post = f"{engine}/api/v1/workflows"
        json_headers = {**user.headers, "content-type": "application/json"}
        if case == "nul":
            response = await self.http.post(post, headers=user.headers, json={"name": "a\u0000b", "spec": {}})
            ok = self.found.note(case, response, {422})
        elif case == "deep":
            body = '{"name": "d", "spec": ' + "[" * 2000 + "]" * 2000 + "}"
            response = await self.http.post(post, headers=json_headers, content=body.encode())
            ok = self.found.note(case, response, {400})
        elif case == "utf8":
            response = await self.http.post(post, headers=json_headers, content=b'{"name": "\xff\xfe"}')
            ok = self.found.note(case, response, {400})
        elif case == "template":
            spec = workflows(self.stub_url, "x", "y")["pure"]
            spec["nodes"][1]["config"]["template"] = "{{ " + "(" * 80 + "1" + ")" * 80 + " }}"
            response = await self.http.post(post, headers=user.headers, json={"name": "t", "spec": spec})
            ok = self.found.note(case, response, {422})
        elif case == "forged":
            forged = user.token[:-4] + ("AAAA" if not user.token.endswith("AAAA") else "BBBB")
            response = await self.http.get(post, headers={"authorization": f"Bearer {forged}"})
            ok = self.found.note(case, response, {401})
        else:
            if not other.runs:
                return
            run = random.choice(other.runs)  # noqa: S311
            workflow = random.choice(list(other.workflows.values()))  # noqa: S311
            target = {
                "cross_run": f"{engine}/api/v1/runs/{run}",
                "cross_workflow": f"{engine}/api/v1/workflows/{workflow}",
                "cross_events": f"{engine}/api/v1/runs/{run}/events",
            }[case]
            response = await self.http.get(target, headers=user.headers)
            ok = self.found.note(case, response, {404, 503})
            self.found.cross_tenant[
                "refused" if response.status_code == 404 else f"HTTP {response.status_code}"
            ] += 1
        self.found.bad_input[f"{case}: {'as expected' if ok else 'UNEXPECTED'}"] += 1

    async def sample_memory(self) -> None:
        start = time.monotonic()
        while time.monotonic() < self.deadline:
            for name, process in self.stack.processes.items():
                self.found.memory.setdefault(name, []).append(
                    (round(time.monotonic() - start, 1), round(process.rss_mb(), 1), process.incarnation)
                )
            await asyncio.sleep(10)

    # -- the whole -----------------------------------------------------------------------------
    async def run(self) -> dict[str, Any]:
        began = time.monotonic()
        self.users = [await self.sign_up(i) for i in range(self.args.users)]
        self.deadline = time.monotonic() + self.args.minutes * 60
        load_start = load()
        await asyncio.gather(
            *(self.user_loop(u) for u in self.users), self.chaos(), self.bad_input(), self.sample_memory()
        )
        load_end = load()
        await self.http.aclose()
        checks = await asyncio.to_thread(self.invariants)
        return {
            "benchmark": "soak",
            "at": datetime.now(UTC).isoformat(),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "load_average": {"start": load_start, "end": load_end},
            "minutes": self.args.minutes,
            "wall_s": round(time.monotonic() - began, 1),
            "users": self.args.users,
            "runs_started": dict(self.found.started),
            "outcomes": dict(sorted(self.found.outcomes.items())),
            "chaos": self.found.chaos,
            "bad_input": dict(sorted(self.found.bad_input.items())),
            "cross_tenant": dict(self.found.cross_tenant),
            "streams": dict(self.found.streams),
            "transport_errors": dict(self.found.transport_errors),
            "http_5xx": self.found.http_5xx[:50],
            "unexpected_statuses": self.found.unexpected[:50],
            "memory": memory_report(self.found.memory, warmup_s=min(300.0, self.args.minutes * 60 * 0.25)),
            "invariants": checks,
        }

    def invariants(self) -> dict[str, Any]:
        with psycopg.connect(self.stack.admin_url, autocommit=True) as conn:
            stuck = conn.execute(
                "select r.id, r.status from public.runs r where r.status not in "
                "('succeeded', 'failed', 'cancelled') and not (r.status = 'waiting' and exists ("
                " select 1 from public.run_steps s where s.run_id = r.id and s.status = 'waiting'"
                " and s.superseded_at is null))"
            ).fetchall()
            doubled = conn.execute(
                "select run_id, data->>'node_id' as node, coalesce(data->>'scope', '') as scope, "
                "data->>'attempt' as attempt, count(*) from public.run_events "
                "where type in ('step.succeeded', 'step.failed') "
                "group by 1, 2, 3, 4 having count(*) > 1"
            ).fetchall()
            gaps = conn.execute(
                "select run_id, count(*), min(seq), max(seq) from public.run_events group by run_id "
                "having min(seq) <> 1 or max(seq) <> count(*)"
            ).fetchall()
            totals = conn.execute(
                "select count(*) as runs, (select count(*) from public.run_steps) as steps, "
                "(select count(*) from public.run_events) as events from public.runs"
            ).fetchone()
            statuses = dict(conn.execute("select status, count(*) from public.runs group by 1").fetchall())
            tables = conn.execute(
                "select format('%I.%I', table_schema, table_name) from information_schema.tables "
                "where table_schema in ('public', 'auth', 'orrery_private', 'supabase_migrations') "
                "and table_type = 'BASE TABLE'"
            ).fetchall()
            in_database = [
                table
                for (table,) in tables
                if conn.execute(
                    f"select exists (select 1 from {table} t where t::text like %s)",
                    (f"%{self.key_secret}%",),
                ).fetchone()[0]  # type: ignore[index]
            ]
        logs = {path.name: path.read_text(errors="replace") for path in self.stack.logs()}
        return {
            "totals": {"runs": totals[0], "steps": totals[1], "events": totals[2]} if totals else {},
            "run_statuses": statuses,
            "runs_neither_ended_nor_waiting": [f"{r[0]} {r[1]}" for r in stuck],
            "steps_with_two_results": [list(map(str, r)) for r in doubled],
            "runs_with_event_gaps": [list(map(str, r)) for r in gaps],
            "stream_problems": self.found.stream_problems[:50],
            "planted_key_found_in_tables": in_database,
            "planted_key_found_in_logs": [name for name, text in logs.items() if self.key_secret in text],
            "planted_key_found_in_streams": any(self.key_secret in line for line in self.found.stream_text),
            "url_secret_found_in_logs": [name for name, text in logs.items() if self.url_secret in text],
            "cross_tenant_reads_allowed": sum(
                n for what, n in self.found.cross_tenant.items() if what not in ("refused", "HTTP 503")
            ),
            "http_5xx": len(self.found.http_5xx),
        }


def memory_report(series: dict[str, list[tuple[float, float, int]]], warmup_s: float) -> dict[str, Any]:
    """Per process: its longest life (a killed worker starts afresh), with the first `warmup_s`
    of that life left out (imports, pools, sandboxes starting): MB then and at the end, the
    peak, and the least-squares slope in MB per 10 minutes. The raw samples are kept too."""
    report: dict[str, Any] = {}
    for name, samples in series.items():
        by_life: dict[int, list[tuple[float, float]]] = {}
        for t, mb, life in samples:
            if mb > 0:
                by_life.setdefault(life, []).append((t, mb))
        longest = max(by_life.values(), key=lambda s: s[-1][0] - s[0][0], default=[])
        after = [(t, mb) for t, mb in longest if longest and t >= longest[0][0] + warmup_s] or longest
        slope = 0.0
        if len(after) >= 3:
            mean_t = statistics.fmean(t for t, _ in after)
            mean_m = statistics.fmean(m for _, m in after)
            var = sum((t - mean_t) ** 2 for t, _ in after)
            slope = sum((t - mean_t) * (m - mean_m) for t, m in after) / var * 600 if var else 0.0
        report[name] = {
            "incarnations": len(by_life),
            "longest_life_s": round(longest[-1][0] - longest[0][0], 1) if longest else 0,
            "mb_after_warmup": after[0][1] if after else None,
            "mb_at_end": after[-1][1] if after else None,
            "peak_mb": max((mb for _, mb in longest), default=None),
            "slope_mb_per_10min_after_warmup": round(slope, 2),
            "mb_at_each_life_end": [life[-1][1] for life in by_life.values()],
            "samples": samples,
        }
    return report


def verdict(result: dict[str, Any], max_slope: float) -> list[str]:
    checks = result["invariants"]
    failures = []
    for key in (
        "runs_neither_ended_nor_waiting",
        "steps_with_two_results",
        "runs_with_event_gaps",
        "stream_problems",
        "planted_key_found_in_tables",
        "planted_key_found_in_logs",
        "url_secret_found_in_logs",
    ):
        if checks[key]:
            failures.append(f"{key}: {checks[key][:5]}")
    if checks["planted_key_found_in_streams"]:
        failures.append("the planted key reached an event stream")
    if checks["cross_tenant_reads_allowed"]:
        failures.append(f"{checks['cross_tenant_reads_allowed']} cross-tenant reads were answered")
    if checks["http_5xx"]:
        failures.append(f"{checks['http_5xx']} answers were 5xx (503 aside): {result['http_5xx'][:3]}")
    if result["unexpected_statuses"]:
        failures.append(f"unexpected statuses: {result['unexpected_statuses'][:3]}")
    for name in ("engine", "auth", "worker-1", "worker-2"):
        slope = result["memory"].get(name, {}).get("slope_mb_per_10min_after_warmup", 0)
        if slope > max_slope:
            failures.append(f"{name} memory grew {slope} MB per 10 min after warm-up")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--runs-per-user", type=int, default=3, help="runs each user keeps in flight")
    parser.add_argument("--stream-share", type=float, default=0.3, help="share of runs followed over SSE")
    parser.add_argument("--kill-every", type=float, default=180, help="seconds between worker kills")
    parser.add_argument("--bad-every", type=float, default=1.0, help="seconds between bad requests")
    parser.add_argument("--max-slope", type=float, default=20.0, help="MB per 10 min allowed after warm-up")
    parser.add_argument("--keep", action="store_true", help="keep the data directory (logs) afterwards")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="orrery-soak-"))
    stub_port = free_port()
    stub_log = open(data / "stub-openai.log", "wb")  # noqa: SIM115
    stub = subprocess.Popen(
        ["node", str(REPO / "web" / "e2e" / "stub-openai.mjs"), "--port", str(stub_port)],
        stdout=stub_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack = Stack(data, stub_port)
    try:
        stack.start()
        print(f"soak: stack up ({data}); {args.users} users for {args.minutes} min", flush=True)
        result = asyncio.run(Soak(stack, args, f"http://127.0.0.1:{stub_port}").run())
    finally:
        stack.stop()
        stub.terminate()
        stub_log.close()
    failures = verdict(result, args.max_slope)
    result["failures"] = failures
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"soak-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    summary = {k: result[k] for k in ("runs_started", "outcomes", "chaos", "invariants")}
    summary["memory"] = {
        n: {k: v for k, v in m.items() if k != "samples"} for n, m in result["memory"].items()
    }
    print(json.dumps(summary, indent=2))
    print(f"written to {out}")
    if not args.keep:
        import shutil

        shutil.rmtree(data, ignore_errors=True)
    else:
        print(f"data and logs kept in {data}")
    if failures:
        print("SOAK FAILED:\n- " + "\n- ".join(failures))
        return 1
    print("soak: every invariant held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
