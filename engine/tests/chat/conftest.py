"""Chat tests run on the runner tests' fixtures: the API as a signed-in user, a real worker."""

from __future__ import annotations

from tests.runner.conftest import api, user, web  # noqa: F401
