"""The engine's error tree. One place (`api/errors.py`) maps it to HTTP."""

from __future__ import annotations

from typing import Any, ClassVar


class OrreryError(Exception):
    """Base class of every error the engine raises on purpose."""


class ConfigurationError(OrreryError):
    """A setting is missing or malformed."""


class DependencyUnavailable(OrreryError):
    """Postgres or Redis cannot be reached right now; retry later."""


class ConnectionsBusy(DependencyUnavailable):
    """No pooled Postgres connection came free in time (all in use, or none could be made:
    Postgres unreachable also ends this way): nothing was sent, so retrying is safe."""


class AuthenticationError(OrreryError):
    """The request carries no valid access token."""


class MissingToken(AuthenticationError):
    """The request carries no bearer token at all."""


class Forbidden(OrreryError):
    """The request is understood but may not be had this way (403): an API key without the
    scope the operation needs, an expired signed URL."""


class AuthApiError(OrreryError):
    """The local Supabase Auth stand-in refused a request; rendered in Supabase Auth's error shape."""

    def __init__(
        self, status: int, error_code: str, message: str, extra: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message
        self.extra = extra or {}


class NotFound(OrreryError):
    """The resource does not exist or belongs to someone else."""


class Conflict(OrreryError):
    """The request conflicts with the resource's current state."""


class InvalidInput(OrreryError):
    """The request is well-formed JSON but its content is not acceptable."""

    def __init__(self, message: str, errors: list[dict[str, object]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class PayloadTooLarge(OrreryError):
    """The request's content is over a size limit (413)."""


class TooManyRequests(OrreryError):
    """Over a rate limit; retry after `retry_after_s` (429)."""

    def __init__(self, message: str, retry_after_s: int = 60) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class UpstreamFailed(OrreryError):
    """A server the engine called for the user (a URL to fetch, an embedding API) failed (502)."""


class BadRequest(OrreryError):
    """The request itself is malformed (e.g. a header that is not what it must be)."""


class MigrationError(OrreryError):
    """A migration failed; nothing of it was applied."""


class LeaseLost(OrreryError):
    """Another worker took over this run; this one must stop without writing."""


class StepError(OrreryError):
    """A workflow step could not produce its result. The base of every error a step may end
    with (node errors, agent errors): the runner reads `code` (stable, shown to the user),
    `retryable` (another attempt may succeed) and `retry_after_s` (a wait the other side asked
    for), and `str(error)` is the message for the workflow's author."""

    code: ClassVar[str] = "step_failed"
    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        retryable: bool | None = None,
        retry_after_s: float | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if retryable is not None:
            self.retryable = retryable
        self.retry_after_s = retry_after_s
        self.details = details or {}
        """More facts for the step's error (e.g. an HTTP `status`)."""
