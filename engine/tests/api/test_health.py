"""GET /healthz tells an operator whether the engine and its dependencies are up."""

from __future__ import annotations

import dataclasses

from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import RedisSettings, Settings


async def test_healthy_when_postgres_and_redis_answer(settings: Settings) -> None:
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "db": "up", "redis": "up"}


async def test_503_naming_redis_when_redis_is_down(settings: Settings) -> None:
    # Given an engine whose Redis is not reachable
    broken = dataclasses.replace(settings, redis=RedisSettings(url="redis://127.0.0.1:1/0"))

    # When an operator asks
    async with AsyncTestClient(app=create_app(broken)) as client:
        response = await client.get("/healthz")

    # Then it answers 503 and says which dependency is down
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "db": "up", "redis": "down"}


async def test_503_naming_the_database_when_postgres_is_down(settings: Settings) -> None:
    broken = dataclasses.replace(
        settings,
        database=dataclasses.replace(
            settings.database, url="postgresql://nobody@/nothing?host=/nonexistent", connect_timeout=0.5
        ),
    )
    async with AsyncTestClient(app=create_app(broken)) as client:
        response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "db": "down", "redis": "up"}


async def test_unknown_routes_are_json_404s(settings: Settings) -> None:
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.json()["status_code"] == 404
    assert "detail" in response.json()


async def test_openapi_is_served_at_schema(settings: Settings) -> None:
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert "/healthz" in response.json()["paths"]
