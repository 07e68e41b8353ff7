"""Failpoints, for tests of durability only (`ORRERY_FAILPOINTS`, comma-separated):
`before_commit:<node>` / `after_commit:<node>` kill the worker (SIGKILL) around a step's
result, `pause_before_release` holds a run's lease `PAUSE_S` longer before letting go."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from orrery.settings import RunnerSettings

log = logging.getLogger(__name__)

PAUSE_BEFORE_RELEASE = "pause_before_release"
PAUSE_S = 2.0


def kill_at(settings: RunnerSettings, name: str) -> None:
    """Die here, as a killed worker would."""
    if name in settings.failpoints:
        log.warning("failpoint %s: killing this worker", name)
        os.kill(os.getpid(), signal.SIGKILL)


async def pause_at(settings: RunnerSettings, name: str) -> None:
    if name in settings.failpoints:
        log.warning("failpoint %s: pausing %g s", name, PAUSE_S)
        await asyncio.sleep(PAUSE_S)
