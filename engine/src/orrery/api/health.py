"""GET /healthz: is this engine able to serve, and are its dependencies up."""

from __future__ import annotations

import asyncio
from typing import Literal

import msgspec
from litestar import Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from redis.exceptions import RedisError

from orrery.api.responses import documented
from orrery.api.state import Services

Up = Literal["up", "down"]


class Health(msgspec.Struct):
    status: Literal["ok", "degraded"]
    """`ok` when every dependency answers, `degraded` otherwise."""
    db: Up
    redis: Up


async def _redis_up(services: Services) -> bool:
    try:
        return bool(await asyncio.wait_for(services.redis.ping(), timeout=2.0))
    except (RedisError, OSError, TimeoutError):
        return False


@get(
    "/healthz",
    exclude_from_auth=True,
    tags=["system"],
    summary="Liveness and dependencies",
    responses={
        **documented(),
        503: ResponseSpec(Health, description="A dependency is down (`degraded`)."),
    },
)
async def healthz(services: NamedDependency[Services]) -> Response[Health]:
    db_up, redis_up = await asyncio.gather(services.db.ping(), _redis_up(services))
    health = Health(
        status="ok" if db_up and redis_up else "degraded",
        db="up" if db_up else "down",
        redis="up" if redis_up else "down",
    )
    return Response(health, status_code=HTTP_200_OK if db_up and redis_up else HTTP_503_SERVICE_UNAVAILABLE)
