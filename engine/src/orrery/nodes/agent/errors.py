"""The agent node's step errors: `orrery.agents` errors as the runner sees them.

The runner names a step error's `code` after its class (`ModelAuthFailed` ->
`model_auth_failed`) and retries the retryable ones, waiting at least `retry_after_s`.
"""

from __future__ import annotations

from orrery.agents import errors as agent
from orrery.nodes.errors import NodeError, RetryableNodeError


class ModelCredentialError(NodeError):
    """No usable saved key: none chosen, deleted, for another provider, unreadable, or a refused base URL."""


class ModelAuthFailed(NodeError):
    """The provider refused the key (401/403)."""


class ModelQuotaExceeded(NodeError):
    """The provider account has no credit left."""


class ModelRequestRejected(NodeError):
    """The provider rejected the request (unknown model, prompt too long, bad parameter)."""


class ModelContentFiltered(NodeError):
    """The provider's content filter stopped the answer."""


class InvalidStructuredOutput(NodeError):
    """The output did not match the output schema after every retry."""


class AgentLimitReached(NodeError):
    """The agent hit its request limit (a tool-call loop)."""


class ModelRateLimited(RetryableNodeError):
    """The provider's rate limit (429); retried after Retry-After."""


class ModelTimeout(RetryableNodeError):
    """The provider did not answer in time."""


class ModelUnavailable(RetryableNodeError):
    """The provider is down, overloaded, or unreachable."""


class ModelUnexpectedAnswer(RetryableNodeError):
    """The model's answer could not be used."""


_NODE_ERRORS: dict[type[agent.AgentError], type[NodeError]] = {
    agent.CredentialMissing: ModelCredentialError,
    agent.CredentialUnreadable: ModelCredentialError,
    agent.BaseUrlRefused: ModelCredentialError,
    agent.ProviderAuthFailed: ModelAuthFailed,
    agent.QuotaExceeded: ModelQuotaExceeded,
    agent.RequestRejected: ModelRequestRejected,
    agent.ContentFiltered: ModelContentFiltered,
    agent.InvalidOutput: InvalidStructuredOutput,
    agent.UsageLimitReached: AgentLimitReached,
    agent.RateLimited: ModelRateLimited,
    agent.ProviderTimeout: ModelTimeout,
    agent.ProviderUnavailable: ModelUnavailable,
    agent.UnexpectedAnswer: ModelUnexpectedAnswer,
}


def step_error(error: agent.AgentError) -> NodeError:
    kind = next((k for t, k in _NODE_ERRORS.items() if isinstance(error, t)), None)
    if kind is None:
        return NodeError(error.message, retryable=error.retryable)
    if issubclass(kind, RetryableNodeError):
        return kind(error.message, retry_after_s=error.retry_after_s)
    return kind(error.message)
