"""The embedded parts a benchmark runs against, started from the engine's own modules."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from orrery.dev.embedded_postgres import EmbeddedPostgres
from orrery.dev.embedded_valkey import EmbeddedValkey
from orrery.settings import REPO_ROOT
from orrery.store.claims import install_key
from orrery.store.migrate import migrate

JWT_SECRET = "bench-secret-bench-secret-bench-secret"
"""The engine's SUPABASE_JWT_SECRET in benchmarks; the key that signs user claims derives from it."""


@dataclass
class Stack:
    admin_url: str
    engine_url: str
    redis_url: str
    jwt_secret: str = JWT_SECRET


@contextmanager
def embedded_stack() -> Iterator[Stack]:
    with tempfile.TemporaryDirectory(prefix="orrery-bench-") as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg")
        valkey = EmbeddedValkey()
        pg.start(stdout=subprocess.DEVNULL)
        valkey.start(stdout=subprocess.DEVNULL)
        try:
            pg.ensure_database("orrery")
            migrate(pg.url(database="orrery"), REPO_ROOT / "supabase")
            install_key(pg.url(database="orrery"), JWT_SECRET)
            yield Stack(
                admin_url=pg.url(database="orrery"),
                engine_url=pg.url(user="orrery_engine", database="orrery"),
                redis_url=valkey.url,
            )
        finally:
            valkey.stop()
            pg.stop()
