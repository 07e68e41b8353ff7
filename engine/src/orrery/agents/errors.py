"""Every error an agent run raises on purpose: a tree under `AgentError`, itself a
`StepError`: the `agent` node's step ends with it as it is.

Messages are meant for the person who built the workflow: they name the provider and
the saved credential, never the key. Each class declares the stable `code` the step shows;
`retryable` says whether another attempt may succeed; `retry_after_s` is a wait the
provider asked for.
"""

from __future__ import annotations

from orrery.errors import StepError


class AgentError(StepError):
    """An agent run failed; `str(error)` says why, in words for the user."""

    code = "agent_failed"

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message, retry_after_s=retry_after_s)


class CredentialMissing(AgentError):
    """The agent names no usable credential (none chosen, deleted, or for another provider)."""

    code = "model_credential"


class CredentialUnreadable(AgentError):
    """A stored key does not decrypt under the master key (it changed, or the row was tampered with)."""

    code = "model_credential"


class BaseUrlRefused(AgentError):
    """An OpenAI-compatible base URL points at an address the SSRF guard refuses."""

    code = "model_credential"


class ProviderAuthFailed(AgentError):
    """The provider refused the key (401/403)."""

    code = "model_auth_failed"


class RateLimited(AgentError):
    """The provider's rate limit was hit (429); another attempt after `retry_after_s` may pass."""

    code = "model_rate_limited"
    retryable = True


class QuotaExceeded(AgentError):
    """The provider account has no credit or quota left; waiting does not help."""

    code = "model_quota_exceeded"


class ProviderTimeout(AgentError):
    """The provider did not answer in time."""

    code = "model_timeout"
    retryable = True


class ProviderUnavailable(AgentError):
    """The provider could not be reached or failed on its side (5xx, overloaded, connection)."""

    code = "model_unavailable"
    retryable = True


class RequestRejected(AgentError):
    """The provider rejected the request itself (unknown model, too long a prompt, bad parameter)."""

    code = "model_request_rejected"


class ContentFiltered(AgentError):
    """The provider's content filter stopped the answer."""

    code = "model_content_filtered"


class CostUnknown(AgentError):
    """The model has no known price and the operator refuses unknown costs (`ORRERY_UNKNOWN_COST=refuse`)."""

    code = "model_cost_unknown"


class InvalidOutput(AgentError):
    """The model's output did not match the output schema after every retry."""

    code = "invalid_structured_output"


class UsageLimitReached(AgentError):
    """The run hit its token or request limit (e.g. an endless tool-call loop)."""

    code = "agent_limit_reached"


class UnexpectedAnswer(AgentError):
    """The model answered in a way the agent could not use (empty, malformed); may pass next time."""

    code = "model_unexpected_answer"
    retryable = True


class MediaProviderError(AgentError):
    """A provider refused or failed a media request (an image, speech, a transcription); the
    message is theirs, never the key. Retryable on 429 and 5xx."""

    code = "media_provider_failed"

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
