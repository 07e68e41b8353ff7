"""What the HTTP layer shares across requests: created in the lifespan, never at import."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from orrery.settings import Settings
from orrery.store.database import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    redis: Redis
