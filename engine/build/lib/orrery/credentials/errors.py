"""The credentials service's errors (HTTP mapping: `orrery.api.errors`, by base class)."""

from __future__ import annotations

from orrery.errors import DependencyUnavailable


class CredentialsNotConfigured(DependencyUnavailable):
    """The engine has no master key (`ORRERY_MASTER_KEY`), so keys cannot be saved (503)."""
