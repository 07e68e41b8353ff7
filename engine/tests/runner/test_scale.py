"""Beyond one machine, on one machine: 4 worker processes and 2 engine processes behind one
port (a small TCP proxy handing connections to either engine in turn), 200 runs started
through that port. The runs spread over the workers, no step is executed twice, and people
watching runs live on either engine get every event, in order.

Part of the normal suite (bounded: ~1 min on a quiet machine), as the proof that nothing in the
engine or the workers assumes one process (ARCHITECTURE §1, "Production")."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import psutil
import psycopg
import pytest

from orrery.settings import Settings
from tests.runner.conftest import RUNNER_ENV, TERMINAL, User, WorkerProcess, make_user, start_worker
from tests.runner.test_event_stream import read_events
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.engine_server import free_port

RUNS = 200
WORKERS = 4
WATCHED = 20
"""Runs watched live, half of them through each engine."""
USUAL_LEASES = {"ORRERY_LEASE_TTL_S": "10", "ORRERY_LEASE_RENEW_S": "2"}
"""Not the kill tests' 3 s leases: on a loaded machine a renewal late by 3 s would be a takeover
(a step executed again, by design), which is not what this test is about."""

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def _engine(env: dict[str, str], log_dir: Path, name: str) -> Iterator[str]:
    """An `orrery engine` process of its own, on a free port."""
    port = free_port()
    log = log_dir / f"{name}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "orrery", "engine"],
        env={**os.environ, **env, **RUNNER_ENV, "ENGINE_PORT": str(port), "PYTHONUNBUFFERED": "1"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"engine {name} did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.asynccontextmanager
async def _one_port(upstreams: list[int]) -> AsyncIterator[str]:
    """A TCP proxy: each connection goes to the next engine in turn (as a load balancer would)."""
    turn = itertools.cycle(upstreams)

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(ConnectionError, OSError):
            writer.close()

    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        upstream_r, upstream_w = await asyncio.open_connection("127.0.0.1", next(turn))
        await asyncio.gather(pipe(client_r, upstream_w), pipe(upstream_r, client_w))

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()


def _chain() -> dict[str, object]:
    nodes = [node("start", "input")]
    edges = []
    previous = "start"
    for i in range(3):
        nodes.append(node(f"t{i}", "transform", {"template": f"step {i}"}))
        edges.append(edge(previous, f"t{i}"))
        previous = f"t{i}"
    nodes.append(node("result", "output"))
    edges.append(edge(previous, "result"))
    return workflow(nodes, edges)


def _create_workflow(admin_url: str, user: User) -> str:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "insert into public.workflows (owner_id, name) values (%s, 'scale') returning id", (user.id,)
        ).fetchone()
        assert row is not None
        conn.execute(
            "insert into public.workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, 1, %s, %s, %s)",
            (row[0], user.id, psycopg.types.json.Jsonb(_chain()), user.id),
        )
    return str(row[0])


async def _start(client: httpx.AsyncClient, url: str, workflow_id: str, headers: dict[str, str]) -> str:
    """Start a run; a 503 (the database or queue overloaded on a busy machine) is tried again,
    as a client would."""
    for _ in range(5):
        response = await client.post(
            f"{url}/api/v1/workflows/{workflow_id}/runs", json={"inputs": {}}, headers=headers
        )
        if response.status_code != 503:
            break
        await asyncio.sleep(1)
    assert response.status_code == 202, response.text
    run_id: str = response.json()["id"]
    return run_id


async def _watch(client: httpx.AsyncClient, url: str, token: str) -> list[int]:
    async with client.stream("GET", url, headers={"Authorization": f"Bearer {token}"}) as response:
        assert response.status_code == 200, await response.aread()
        return [e.id async for e in read_events(response) if e.id is not None]


async def test_four_workers_and_two_engines_share_two_hundred_runs(
    env: dict[str, str], settings: Settings, admin_url: str, tmp_path: Path
) -> None:
    # Given 4 worker processes and 2 engine processes, both engines behind one port
    user = make_user(admin_url, settings.auth.jwt_secret)
    workflow_id = _create_workflow(admin_url, user)
    headers = {"Authorization": f"Bearer {user.token}"}
    workers: list[WorkerProcess] = []
    try:
        workers = [
            start_worker(env, tmp_path, name=f"worker{i}", overrides=USUAL_LEASES) for i in range(WORKERS)
        ]
        ours = _worker_ids(workers)
        with _engine(env, tmp_path, "engine-a") as engine_a, _engine(env, tmp_path, "engine-b") as engine_b:
            ports = [int(engine_a.rsplit(":", 1)[1]), int(engine_b.rsplit(":", 1)[1])]
            async with (
                _one_port(ports) as url,
                httpx.AsyncClient(timeout=60) as client,
                # A connection per start, so the starts alternate between the engines
                httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_keepalive_connections=0)) as starter,
            ):
                # When 200 runs are started through that port, and 20 of them are watched live,
                # half through each engine
                run_ids: list[str] = []
                watching = []
                for i in range(RUNS):
                    run_ids.append(await _start(starter, url, workflow_id, headers))
                    if i < WATCHED:  # watched from its start: its events arrive live
                        engine = (engine_a, engine_b)[i % 2]
                        events_url = f"{engine}/api/v1/runs/{run_ids[-1]}/events"
                        watching.append(asyncio.create_task(_watch(client, events_url, user.token)))
                watched = run_ids[:WATCHED]
                seen = await asyncio.gather(*watching)
                statuses = await _until_all_end(admin_url, run_ids)
    finally:
        for worker in workers:
            worker.stop()

    # Then every run succeeded
    assert Counter(statuses.values()) == {"succeeded": RUNS}
    with psycopg.connect(admin_url) as conn:
        steps = conn.execute(
            "select run_id::text, node_id, attempt, executions, worker from run_steps "
            "where run_id = any(%s::uuid[])",
            (run_ids,),
        ).fetchall()
        started = conn.execute(
            "select run_id::text, data->>'node_id', count(*) from run_events "
            "where run_id = any(%s::uuid[]) and (type = 'step.started' "
            "or (type = 'step.succeeded' and data->>'started_at' is not null)) group by 1, 2",
            (run_ids,),
        ).fetchall()
        last_seqs = dict(
            conn.execute(
                "select id::text, last_event_seq from runs where id = any(%s::uuid[])", (watched,)
            ).fetchall()
        )
    # And no step was executed twice: one attempt of each of its 5 nodes, started once
    assert len(steps) == RUNS * 5
    assert {(attempt, executions) for _, _, attempt, executions, _ in steps} == {(1, 1)}
    assert len(started) == RUNS * 5
    assert {count for _, _, count in started} == {1}
    # And the runs spread over the 4 workers (each ran a fair share; a worker another test of the
    # session left running may have taken some too)
    runs_by_worker = Counter(worker for _, node_id, _, _, worker in steps if node_id == "start")
    assert min(runs_by_worker[worker] for worker in ours) >= RUNS // WORKERS // 4, (ours, runs_by_worker)
    # And everyone watching, on either engine, got every event of their run once, in order
    for run_id, ids in zip(watched, seen, strict=True):
        assert ids == list(range(1, last_seqs[run_id] + 1)), (run_id, ids)


def _worker_ids(workers: list[WorkerProcess]) -> set[str]:
    """The ids the runner records on steps (`host:pid` of each Dramatiq worker process)."""
    host = socket.gethostname()
    ids = {f"{host}:{child.pid}" for w in workers for child in psutil.Process(w.process.pid).children()}
    assert len(ids) == len(workers), ids
    return ids


async def _until_all_end(admin_url: str, run_ids: list[str], timeout: float = 120) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        with psycopg.connect(admin_url) as conn:
            rows = dict(
                conn.execute(
                    "select id::text, status from runs where id = any(%s::uuid[])", (run_ids,)
                ).fetchall()
            )
        if all(status in TERMINAL for status in rows.values()) or time.monotonic() > deadline:
            return rows
        await asyncio.sleep(0.2)
