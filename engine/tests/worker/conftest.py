"""The worker as `orrery worker` runs it: the runner tests' real worker process and API."""

from __future__ import annotations

from tests.runner.conftest import api, user, web

__all__ = ["api", "user", "web"]
