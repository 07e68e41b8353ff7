"""The credentials service's errors (HTTP mapping: `orrery.api.errors`, by base class)."""

from __future__ import annotations

from typing import ClassVar

from orrery.errors import DependencyUnavailable, StepError


class CredentialsNotConfigured(DependencyUnavailable):
    """The engine has no master key (`ORRERY_MASTER_KEY`), so keys cannot be saved (503)."""


class SecretMissing(StepError):
    """A node's config reads `{{ secrets.NAME }}` and the run's owner has no such secret."""

    code: ClassVar[str] = "secret_missing"


class SecretUnreadable(StepError):
    """A secret cannot be decrypted here (no master key, or it changed)."""

    code: ClassVar[str] = "secret_unreadable"
