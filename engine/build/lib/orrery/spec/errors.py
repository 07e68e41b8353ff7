"""The spec package's own errors: it imports nothing else of ours, not even `orrery.errors`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orrery.spec.problems import Problem


class SpecError(Exception):
    """Base class of the errors the workflow document raises."""


class DocumentTooLarge(SpecError):
    """The document is over `MAX_DOCUMENT_BYTES` (the API answers 413)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"The workflow document is {size:,} bytes; the limit is {limit:,} bytes.")
        self.size = size
        self.limit = limit


class InvalidDocument(SpecError):
    """The document is not a well-formed `orrery.workflow/v1` document (the API answers 422)."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0].message if problems else "invalid workflow document"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)
        self.problems = problems


class CycleError(SpecError):
    """The graph has a cycle, so it has no topological order."""

    def __init__(self, nodes: list[str]) -> None:
        super().__init__(f"The graph has a cycle through: {', '.join(nodes)}.")
        self.nodes = nodes


class TemplateLimitExceeded(SpecError):
    """A template is past the parser's limits (length, tokens, nesting, depth): too complex."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
