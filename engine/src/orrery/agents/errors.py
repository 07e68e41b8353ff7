"""Every error an agent run raises on purpose: a tree under `AgentError`.

Messages are meant for the person who built the workflow: they name the provider and
the saved credential, never the key. `retryable` says whether another attempt may
succeed; `retry_after_s` is a wait the provider asked for. The `agent` node turns them
into step errors (`orrery.nodes.agent.errors`).
"""

from __future__ import annotations

from orrery.errors import OrreryError


class AgentError(OrreryError):
    """An agent run failed; `str(error)` says why, in words for the user."""

    retryable: bool = False

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_s = retry_after_s


class CredentialMissing(AgentError):
    """The agent names no usable credential (none chosen, deleted, or for another provider)."""


class CredentialUnreadable(AgentError):
    """A stored key does not decrypt under the master key (it changed, or the row was tampered with)."""


class BaseUrlRefused(AgentError):
    """An OpenAI-compatible base URL points at an address the SSRF guard refuses."""


class ProviderAuthFailed(AgentError):
    """The provider refused the key (401/403)."""


class RateLimited(AgentError):
    """The provider's rate limit was hit (429); another attempt after `retry_after_s` may pass."""

    retryable = True


class QuotaExceeded(AgentError):
    """The provider account has no credit or quota left; waiting does not help."""


class ProviderTimeout(AgentError):
    """The provider did not answer in time."""

    retryable = True


class ProviderUnavailable(AgentError):
    """The provider could not be reached or failed on its side (5xx, overloaded, connection)."""

    retryable = True


class RequestRejected(AgentError):
    """The provider rejected the request itself (unknown model, too long a prompt, bad parameter)."""


class ContentFiltered(AgentError):
    """The provider's content filter stopped the answer."""


class InvalidOutput(AgentError):
    """The model's output did not match the output schema after every retry."""


class UsageLimitReached(AgentError):
    """The run hit its token or request limit (e.g. an endless tool-call loop)."""


class UnexpectedAnswer(AgentError):
    """The model answered in a way the agent could not use (empty, malformed); may pass next time."""

    retryable = True
