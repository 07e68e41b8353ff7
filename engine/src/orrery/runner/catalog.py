"""What the runner needs to know of a node type, adapted from the node registry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from orrery.events.types import ErrorInfo, Usage
from orrery.nodes.base import NodeContext


@dataclass(frozen=True, slots=True)
class StepOutcome:
    """What one execution of a node produced."""

    output: Any = None
    handles: list[str] | None = None
    usage: Usage | None = None
    waiting: bool = False
    waiting_until_s: float | None = None
    """For a waiting step: seconds until its default decision applies."""
    transcript: list[dict[str, Any]] | None = None
    """An agent step's messages, stored with its success for downstream agents' short-term memory."""


class StepFailure(Exception):
    """A node's execution failed; `error` says how, and whether a retry may help."""

    def __init__(self, error: ErrorInfo) -> None:
        super().__init__(error.message)
        self.error = error


StepContext = NodeContext
"""What a node sees while it runs: the nodes package's contract, implemented by the runner."""


@dataclass(frozen=True, slots=True)
class PreparedNode:
    execute: Callable[[StepContext], Awaitable[StepOutcome]]
    pure: bool
    """No side effects: may run before its start is durable, and re-run after a crash."""
    max_attempts: int = 1
    retry_initial_delay_s: float = 1.0
    timeout_s: float | None = None
    default_handle: str | None = None
    is_output: bool = False
    output_name: str | None = None
    reads: frozenset[str] | None = frozenset()
    """The upstream steps its templates reference (None: any of them)."""
    on_timeout: Callable[[Any], StepOutcome] | None = None
    """For a waiting step: its outcome when the wait times out (raises StepFailure to fail)."""


class NodeRuntime(Protocol):
    def prepare(
        self, node_type: str, config: Mapping[str, Any], node: Mapping[str, Any] | None = None
    ) -> PreparedNode:
        """Decode a node's config and give the runner what it needs to run it."""
        ...
