"""The runs API as a user drives it: the fixtures of `tests/runner` (the HTTP API, real
worker processes, a local web server), shared."""

from __future__ import annotations

from tests.runner.conftest import api, isolated, user, web

__all__ = ["api", "isolated", "user", "web"]
