"""The Dramatiq broker on Redis, configured from settings.

Dramatiq binds actors to a global broker when they are declared, so the
worker entry point calls `setup_broker()` before importing the actor modules.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from orrery.settings import load_dotenv_file, load_settings


def create_broker(redis_url: str) -> RedisBroker:
    # Dramatiq's consumer polls Redis; a short heartbeat keeps the first
    # message after an idle period from waiting on a long poll.
    return RedisBroker(  # type: ignore[no-untyped-call]
        url=redis_url, namespace="orrery", heartbeat_timeout=30_000
    )


def setup_broker() -> RedisBroker:
    """Entry point for `dramatiq orrery.worker.broker:setup_broker`."""
    load_dotenv_file()
    broker = create_broker(load_settings().redis.url)
    dramatiq.set_broker(broker)
    return broker
