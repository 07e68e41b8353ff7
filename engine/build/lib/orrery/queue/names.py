"""The queues and actors that carry runs (declared by `orrery.worker.actors`)."""

from __future__ import annotations

RUNS_QUEUE = "runs"
EXECUTE_RUN = "execute_run"
