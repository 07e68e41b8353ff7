"""Every error a node raises on purpose: a tree under `NodeError`.

Each carries a message meant for the person who built the workflow (it is shown on
the step), and whether another attempt could succeed (`retryable`); the runner
decides whether to retry and when.
"""

from __future__ import annotations

from orrery.errors import OrreryError


class NodeError(OrreryError):
    """A node could not produce its result; `str(error)` says why, in words for the user."""

    retryable: bool = False

    def __init__(self, message: str, *, retryable: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        if retryable is not None:
            self.retryable = retryable


class RetryableNodeError(NodeError):
    """A transient failure (a timeout, a 5xx, a rate limit): another attempt may succeed."""

    retryable = True

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
        """A delay the other side asked for (`Retry-After`), if any."""


class UnknownNodeType(NodeError):
    """No node type of this slug and version is registered."""


class InvalidNodeConfig(NodeError):
    """A node's config does not fit its type's schema."""

    def __init__(self, message: str, issues: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.issues = issues


class TemplateRenderError(NodeError):
    """A template failed to render: a missing reference, a type error, a sandbox refusal."""


class TemplateTooExpensive(TemplateRenderError):
    """A render used up its operation budget or its time (step code `template_too_expensive`)."""


class TemplateTooLarge(TemplateRenderError):
    """A render would build a string, list or number over the limits (`template_too_large`)."""


class TemplateTooComplex(TemplateRenderError):
    """A template is too long or nests too deeply to compile (`template_too_complex`)."""


class NodeTimeout(RetryableNodeError):
    """The node's work took longer than its timeout."""


class HttpStatusError(NodeError):
    """The HTTP node got an error status (5xx and 429 are retryable, other 4xx are not)."""

    def __init__(self, message: str, *, status: int, retry_after_s: float | None = None) -> None:
        super().__init__(message, retryable=status >= 500 or status == 429)
        self.status = status
        self.retry_after_s = retry_after_s


class HttpRequestFailed(NodeError):
    """The HTTP node could not complete a request (refused address, too large, connection error)."""


class ApprovalRejected(NodeError):
    """A reviewer rejected the step and the node has no `rejected` handle to follow."""


class ApprovalTimedOut(NodeError):
    """Nobody decided before the approval's timeout, and it has no default decision."""


class NotAvailable(NodeError):
    """This build cannot execute the node type (e.g. no model provider wired in)."""
