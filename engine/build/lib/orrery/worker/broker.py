"""The Dramatiq broker on Redis, configured from settings.

Dramatiq binds actors to a global broker when they are declared, so the
worker entry point calls `setup_broker()` before importing the actor modules.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from orrery.logs import setup_logging
from orrery.queue.dispatcher import create_broker
from orrery.settings import load_dotenv_file, load_settings
from orrery.worker import runtime


def setup_broker() -> RedisBroker:
    """Entry point for `dramatiq orrery.worker.broker:setup_broker`."""
    load_dotenv_file()
    setup_logging()  # on the handler Dramatiq set up: URLs redacted, floods collapsed
    settings = load_settings(process="worker")
    broker = create_broker(settings.redis.url)
    runtime.install(broker, settings)
    dramatiq.set_broker(broker)
    return broker
