"""The triggers' errors (HTTP mapping: `orrery.api.errors`, by base class)."""

from __future__ import annotations

from orrery.errors import AuthenticationError, InvalidInput, NotFound, PayloadTooLarge, TooManyRequests


class ScheduleNotFound(NotFound):
    """The schedule does not exist or belongs to someone else (404)."""


class WebhookNotFound(NotFound):
    """No enabled webhook has this URL (unknown token, disabled or deleted): 404."""


class InvalidTrigger(InvalidInput):
    """A schedule's cron or time zone, or a webhook's mapping or settings, are not acceptable (422)."""


class SignatureInvalid(AuthenticationError):
    """A webhook call's HMAC signature is missing, wrong, or its timestamp is too old (401)."""


class CallTooLarge(PayloadTooLarge):
    """A webhook call's body is over the webhook's size limit (413)."""


class CallRateLimited(TooManyRequests):
    """A webhook got more calls this minute than its rate limit allows (429)."""


class MappingFailed(InvalidInput):
    """A webhook's mapping could not make the run's inputs from this call (422)."""
