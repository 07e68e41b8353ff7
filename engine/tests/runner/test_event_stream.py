"""Watching a run live: the SSE stream replays history, tails live events, resumes exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from orrery.api.app import create_app
from orrery.settings import Settings
from tests.runner.conftest import Api, User, WorkerProcess, make_user
from tests.runner.test_scheduling import edge, node, slow_call, workflow
from tests.support.engine_server import serving
from tests.support.local_server import LocalServer


@dataclass
class Event:
    id: int | None
    type: str
    data: dict[str, Any]


async def read_events(response: httpx.Response, limit: int | None = None) -> AsyncIterator[Event]:
    """Parse an SSE body: `id:`, `event:`, `data:` lines, a blank line ends an event; `:` is a comment."""
    fields: dict[str, str] = {}
    count = 0
    async for line in response.aiter_lines():
        if line == "":
            if "event" in fields:
                yield Event(
                    int(fields["id"]) if "id" in fields else None, fields["event"], json.loads(fields["data"])
                )
                count += 1
                if limit is not None and count >= limit:
                    return
            fields = {}
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value


@pytest.fixture
def served_engine(settings: Settings) -> Iterator[str]:
    with serving(settings) as url:
        yield url


def _chatty_workflow(web: LocalServer, steps: int = 12) -> dict[str, Any]:
    """A chain that keeps producing events for a while: transforms between short calls."""
    nodes = [node("start", "input")]
    edges = []
    previous = "start"
    for i in range(steps):
        kind = (
            node(f"t{i}", "transform", {"template": f"step {i}"})
            if i % 2
            else node(f"t{i}", "http", {"url": web.url("/slow?seconds=0.08")})
        )
        nodes.append(kind)
        edges.append(edge(previous, f"t{i}"))
        previous = f"t{i}"
    nodes.append(node("result", "output"))
    edges.append(edge(previous, "result"))
    return workflow(nodes, edges)


async def _stream(
    client: httpx.AsyncClient, url: str, token: str, after: int | None = None, limit: int | None = None
) -> list[Event]:
    headers = {"Authorization": f"Bearer {token}"}
    if after is not None:
        headers["Last-Event-ID"] = str(after)
    async with client.stream("GET", url, headers=headers, timeout=30) as response:
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        assert "no-cache" in response.headers["cache-control"]
        assert response.headers["x-accel-buffering"] == "no"
        return [e async for e in read_events(response, limit)]


async def test_a_client_that_reconnects_gets_every_remaining_event_exactly_once(
    api: Api, worker: WorkerProcess, web: LocalServer, served_engine: str
) -> None:
    for k in (1, 2, 3, 5, 8, 13):
        # Given a run that is producing events
        run_id = (await api.start(api.create_workflow(_chatty_workflow(web)))).json()["id"]
        url = f"{served_engine}/api/v1/runs/{run_id}/events"
        async with httpx.AsyncClient(timeout=60) as client:
            # When a client reads k events, drops, and reconnects with the last id it saw
            # (as an EventSource does: a live-only event, without `id:`, leaves it as it was)
            first = await _stream(client, url, api.user.token, limit=k)
            last_id = next(e.id for e in reversed(first) if e.id is not None)
            rest = await _stream(client, url, api.user.token, after=last_id)

        # Then it has seen every durable event exactly once, in order, ending with the run's end
        durable = [e for e in first + rest if e.id is not None]
        stored = api.events(run_id)
        assert [e.id for e in durable] == [seq for seq, _, _ in stored], k
        assert [e.type for e in durable] == [t for _, t, _ in stored]
        assert durable[-1].type == "run.succeeded"


async def test_a_late_subscriber_gets_the_whole_history_then_the_end(
    api: Api, worker: WorkerProcess, served_engine: str
) -> None:
    spec = workflow([node("start", "input"), node("result", "output")], [edge("start", "result")])
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    await api.wait(run_id)

    async with httpx.AsyncClient(timeout=60) as client:
        events = await _stream(client, f"{served_engine}/api/v1/runs/{run_id}/events", api.user.token)
        # and once it has everything, a reconnect is told there is no more (204 stops EventSource)
        last = events[-1].id
        again = await client.get(
            f"{served_engine}/api/v1/runs/{run_id}/events",
            headers={"Authorization": f"Bearer {api.user.token}", "Last-Event-ID": str(last)},
        )

    assert next(e.type for e in events) == "run.queued"
    assert events[-1].type == "run.succeeded"
    assert [e.id for e in events] == list(range(1, len(events) + 1))
    assert again.status_code == 204


async def test_bad_and_foreign_requests_are_refused(
    api: Api, worker: WorkerProcess, served_engine: str, admin_url: str, settings: Settings
) -> None:
    spec = workflow([node("start", "input"), node("result", "output")], [edge("start", "result")])
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    await api.wait(run_id)
    stranger: User = make_user(admin_url, settings.auth.jwt_secret)
    url = f"{served_engine}/api/v1/runs/{run_id}/events"
    async with httpx.AsyncClient(timeout=60) as client:
        malformed = await client.get(
            url, headers={"Authorization": f"Bearer {api.user.token}", "Last-Event-ID": "abc"}
        )
        beyond = await client.get(
            url, headers={"Authorization": f"Bearer {api.user.token}", "Last-Event-ID": "999"}
        )
        foreign = await client.get(url, headers={"Authorization": f"Bearer {stranger.token}"})
        anonymous = await client.get(url)

    assert malformed.status_code == 400
    assert "Last-Event-ID" in malformed.json()["detail"]
    assert beyond.status_code == 400
    assert foreign.status_code == 404
    assert anonymous.status_code == 401


async def _settled(count: Callable[[], int], patience_s: float = 60) -> int:
    """`count()` once it is 0 (what leaving watchers come down to), or as it is after a patience
    far beyond a quiet machine's (it may take a loaded one seconds to let go of them)."""
    deadline = time.monotonic() + patience_s
    while count() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return count()


async def test_many_subscribers_share_one_redis_reader_and_leaving_frees_it(
    api: Api, worker: WorkerProcess, web: LocalServer, settings: Settings
) -> None:
    # Given one engine process and a long-running run
    spec = slow_call(web, 3)
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    app = create_app(settings)
    with serving(settings, app) as url:
        hub = app.state.services.hub
        # (no 5 s read timeout: on a busy machine the first events can take longer)
        async with httpx.AsyncClient(timeout=60) as client:
            # When 20 clients watch it at once
            async def watch() -> list[Event]:
                headers = {"Authorization": f"Bearer {api.user.token}"}
                async with client.stream(
                    "GET", f"{url}/api/v1/runs/{run_id}/events", headers=headers
                ) as response:
                    durable: list[Event] = []
                    async for e in read_events(response):  # the first 3 stored (a start may be live only)
                        if e.id is not None:
                            durable.append(e)
                        if len(durable) == 3:
                            break
                    return durable

            reads_before = hub.reads
            results = await asyncio.gather(*(watch() for _ in range(20)))
            reads = hub.reads - reads_before
        remaining = await _settled(lambda: hub.subscriber_count)
    # Then every one of them saw the same first events, through a handful of shared reads,
    # and once they left, none is still subscribed
    assert all([e.id for e in r] == [1, 2, 3] for r in results)
    assert reads < 20, reads
    assert remaining == 0
    await api.wait(run_id)


async def test_a_client_that_goes_away_frees_its_reader(
    api: Api, worker: WorkerProcess, web: LocalServer, settings: Settings
) -> None:
    """1,000 connect/abort cycles leave subscribers and file descriptors at their baseline."""
    spec = slow_call(web, 20)
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    app = create_app(settings)
    redis = Redis.from_url(settings.redis.url)
    with serving(settings, app) as url:
        hub = app.state.services.hub
        headers = {"Authorization": f"Bearer {api.user.token}"}
        # (no 5 s read timeout: on a busy machine a first event can take longer, and this test
        # is about what the cycles leave behind, not how fast they are)
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=20), timeout=60) as client:

            async def connect_and_abort() -> None:
                async with client.stream(
                    "GET", f"{url}/api/v1/runs/{run_id}/events", headers=headers
                ) as response:
                    async for _ in read_events(response, limit=1):
                        break

            async def round_of_20() -> None:
                await asyncio.gather(*(connect_and_abort() for _ in range(20)))

            for _ in range(5):  # warm up the pools (database, Redis, HTTP keep-alive) to their working size
                await round_of_20()
            await asyncio.sleep(2.0)
            fds_baseline = len(os.listdir("/proc/self/fd"))
            redis_baseline = len(await redis.client_list())
            for _ in range(50):
                await round_of_20()
            await _settled(lambda: hub.subscriber_count)
            await asyncio.sleep(2.0)
            fds_after = len(os.listdir("/proc/self/fd"))
            redis_after = len(await redis.client_list())
            subscribers = hub.subscriber_count
    # A leak would grow with the 1,000 cycles (hundreds of descriptors); pools (database up to 10,
    # Redis, HTTP keep-alive) may settle a few connections either way.
    assert subscribers == 0
    assert fds_after <= fds_baseline + 15, (fds_baseline, fds_after)
    assert redis_after <= redis_baseline + 15, (redis_baseline, redis_after)
    await redis.aclose()
    await api.post(f"/api/v1/runs/{run_id}/cancel")
    await api.wait(run_id)
