"""The runs service's errors (HTTP mapping: `orrery.api.errors`, by base class)."""

from __future__ import annotations

from orrery.errors import Conflict, InvalidInput, NotFound


class RunNotFound(NotFound):
    """The run does not exist or belongs to someone else (404)."""


class WorkflowNotFound(NotFound):
    """The workflow (or the version asked for) does not exist or belongs to someone else (404)."""


class NotRunnable(InvalidInput):
    """The workflow version has problems, or the inputs do not match its inputs (422)."""


class RunEnded(Conflict):
    """The run has already ended: there is nothing to cancel (409)."""


class RunStillActive(Conflict):
    """The run has not ended yet: it cannot be retried (409)."""


class RunBeingCancelled(Conflict):
    """A cancel of the run was requested: it takes no more decisions (409)."""


class StepNotWaiting(Conflict):
    """The step is not waiting for a decision (409)."""


class RunBeingCreated(Conflict):
    """A run with this Idempotency-Key is being created by a concurrent request (409)."""


class IdempotencyKeyReused(InvalidInput):
    """The Idempotency-Key already started a run of this workflow with a different request (422)."""


class NothingToRetry(InvalidInput):
    """The run has no failed step and no node to retry from was named, or that node is unknown (422)."""


class FireTaken(Conflict):
    """This schedule's fire already has its run (another scheduler recorded it first)."""


class NotTestable(InvalidInput):
    """The node cannot be tested as asked: not a top-level node of the version, or an upstream
    node has no output from any run and no pin (422; the detail names them)."""


class NotForkable(InvalidInput):
    """The run cannot be forked from that node: not a top-level node, or the version forked onto
    lacks the origin's upstream nodes (422)."""


class NotPinnable(InvalidInput):
    """A pin names something that cannot be a node id (422)."""
