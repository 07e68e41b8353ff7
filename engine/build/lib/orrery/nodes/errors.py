"""Every error a node raises on purpose: a tree under `NodeError`, itself a `StepError`.

Each carries a message meant for the person who built the workflow (it is shown on
the step), a stable `code` its class declares, and whether another attempt could
succeed (`retryable`); the runner decides whether to retry and when. One is not a step
failure: `DecisionRefused`, a verdict the step cannot take, refuses the request (422).
"""

from __future__ import annotations

from orrery.errors import InvalidInput, StepError


class NodeError(StepError):
    """A node could not produce its result; `str(error)` says why, in words for the user."""

    code = "node"

    def __init__(self, message: str, *, retryable: bool | None = None) -> None:
        super().__init__(message, retryable=retryable)


class RetryableNodeError(NodeError):
    """A transient failure (a timeout, a 5xx, a rate limit): another attempt may succeed."""

    code = "retryable_node"
    retryable = True

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
        """A delay the other side asked for (`Retry-After`), if any."""


class UnknownNodeType(NodeError):
    """No node type of this slug and version is registered."""

    code = "unknown_node_type"


class InvalidNodeConfig(NodeError):
    """A node's config does not fit its type's schema."""

    code = "invalid_node_config"

    def __init__(self, message: str, issues: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.issues = issues


class TemplateRenderError(NodeError):
    """A template failed to render: a missing reference, a type error, a sandbox refusal."""

    code = "template_render"


class TemplateTooExpensive(TemplateRenderError):
    """A render used up its operation budget or its time (step code `template_too_expensive`)."""

    code = "template_too_expensive"


class TemplateTooLarge(TemplateRenderError):
    """A render would build a string, list or number over the limits (`template_too_large`)."""

    code = "template_too_large"


class TemplateTooComplex(TemplateRenderError):
    """A template is too long or nests too deeply to compile (`template_too_complex`)."""

    code = "template_too_complex"


class NodeTimeout(RetryableNodeError):
    """The node's work took longer than its timeout."""

    code = "node_timeout"


class HttpStatusError(NodeError):
    """The HTTP node got an error status (5xx and 429 are retryable, other 4xx are not)."""

    code = "http_status"

    def __init__(self, message: str, *, status: int, retry_after_s: float | None = None) -> None:
        super().__init__(message, retryable=status >= 500 or status == 429)
        self.status = status
        self.retry_after_s = retry_after_s
        self.details = {"status": status}


class HttpRequestFailed(NodeError):
    """The HTTP node could not complete a request (refused address, too large, connection error)."""

    code = "http_request_failed"


class DecisionRefused(InvalidInput):
    """A verdict the waiting step cannot take (an edit it does not allow, an edit with a
    rejection, a decision for a step that does not wait for one): the request is refused,
    the step still waits."""


class WaitTimedOut(NodeError):
    """A waiting step's time ran out and its node has no default to apply."""

    code = "wait_timed_out"


class ApprovalRejected(NodeError):
    """A reviewer rejected the step and the node has no `rejected` handle to follow."""

    code = "rejected"


class ApprovalTimedOut(WaitTimedOut):
    """Nobody decided before the approval's timeout, and it has no default decision."""

    code = "approval_timed_out"


class NotAvailable(NodeError):
    """This build cannot execute the node type (e.g. no model provider wired in)."""

    code = "not_available"


class SubworkflowError(NodeError):
    """A sub-workflow step could not start its child run, or the child did not succeed."""

    code = "subworkflow"


class SubworkflowNotFound(SubworkflowError):
    """The workflow a sub-workflow step runs is not there (deleted, never chosen, or not yours)."""

    code = "subworkflow_not_found"


class SubworkflowVersionNotFound(SubworkflowNotFound):
    """The sub-workflow's pinned version does not exist."""

    code = "subworkflow_version_not_found"


class DepthLimit(SubworkflowError):
    """Starting the child would nest runs deeper than `ORRERY_MAX_RUN_DEPTH`."""

    code = "depth_limit"


class ChildNotRunnable(SubworkflowError):
    """The sub-workflow's version has problems (it could not be started from the API either)."""

    code = "child_not_runnable"


class ChildInputsInvalid(SubworkflowError):
    """The inputs mapped to the sub-workflow do not fit the inputs it declares."""

    code = "child_inputs_invalid"


class ChildRunCancelled(SubworkflowError):
    """The child run was cancelled (or its parent was being cancelled: none was started)."""

    code = "child_run_cancelled"
