"""The memory service's errors (HTTP mapping: `orrery.api.errors`, by base class)."""

from __future__ import annotations

from orrery.errors import (
    Conflict,
    DependencyUnavailable,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    UpstreamFailed,
)
from orrery.nodes.errors import NodeError, RetryableNodeError


class CollectionNotFound(NotFound):
    """The collection does not exist or belongs to someone else (404)."""


class DocumentNotFound(NotFound):
    """The document does not exist or belongs to someone else (404)."""


class CollectionNameTaken(Conflict):
    """The user already has a collection of this name (409)."""


class DocumentTooLarge(PayloadTooLarge):
    """The document's text is over the size limit (413)."""


class SourceFetchFailed(UpstreamFailed):
    """The document's URL could not be fetched or read as text (502)."""


class EmbeddingFailed(UpstreamFailed):
    """The collection's embedding provider refused or failed the request (502)."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class EmbeddingModelUnavailable(DependencyUnavailable):
    """The built-in embedding model's files are not installed or cannot be loaded (503)."""


class MemoryUnavailable(RetryableNodeError):
    """A workflow's memory step could not reach the database or the embedding model (retryable)."""

    code = "memory_unavailable"


class MemoryFailed(NodeError):
    """A workflow's memory search or write failed; `str()` says why, for the workflow's author."""

    code = "memory_failed"


class UnreadableDocument(InvalidInput):
    """The file is not a kind we read, is damaged, or has no text (a scanned PDF) (400)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, [{"field": "content_base64", "message": message}])
