"""The composition root: `create_app()` wires routes, services, errors and OpenAPI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from redis.asyncio import Redis

from orrery import __version__
from orrery.api.errors import exception_handlers
from orrery.api.health import healthz
from orrery.api.state import Services
from orrery.settings import Settings, load_settings
from orrery.store.database import Database


def _services(state: State) -> Services:
    services: Services = state.services
    return services


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        db = Database(settings.database)
        redis = Redis.from_url(settings.redis.url, socket_connect_timeout=2, socket_timeout=5)
        await db.open()
        app.state.services = Services(settings=settings, db=db, redis=redis)
        try:
            yield
        finally:
            await redis.aclose()
            await db.close()

    return Litestar(
        route_handlers=[healthz],
        lifespan=[lifespan],
        dependencies={"services": Provide(_services, sync_to_thread=False)},
        exception_handlers=exception_handlers,  # type: ignore[arg-type]
        cors_config=CORSConfig(
            allow_origins=[settings.http.web_origin],
            allow_credentials=True,
            allow_headers=["authorization", "content-type", "apikey", "x-client-info", "last-event-id"],
        ),
        openapi_config=OpenAPIConfig(
            title="Orrery engine",
            version=__version__,
            path="/schema",
            description="Durable, parallel execution of AI-agent workflows.",
        ),
        debug=False,
    )
