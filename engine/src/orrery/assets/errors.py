"""The assets package's errors (the media package's refusals are raised as they are)."""

from __future__ import annotations

from orrery.errors import DependencyUnavailable, Forbidden, NotFound, OrreryError
from orrery.nodes.errors import NodeError, RetryableNodeError


class AssetError(OrreryError):
    """Base of the assets package's errors."""


class AssetNotFound(AssetError, NotFound):
    """No such asset (or not yours), or a signed URL that is not one of ours."""


class RunNotFound(AssetError, NotFound):
    """No such run (or not yours)."""


class RunFilesFull(AssetError):
    """A run's files would go over what its step may keep (`RunQuota`): not stored."""


class SignedUrlExpired(AssetError, Forbidden):
    """The signed URL was ours but its time is up: ask for a new one."""


class StoreUnavailable(AssetError, DependencyUnavailable):
    """The asset store (Supabase Storage, the data directory) cannot be reached or written."""


class BlobMissing(AssetError, NotFound):
    """The row is there but the store has no bytes under its key."""


class AssetStepFailed(NodeError):
    """A step could not store or read a file (refused type, over a limit, not there)."""

    code = "asset_failed"


class AssetStoreDown(RetryableNodeError):
    """The asset store or the database is unavailable while a step needs it: retried."""

    code = "asset_store_unavailable"
