"""The assets API's schemas, and the reference that travels in step outputs."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec


class AssetRead(msgspec.Struct, kw_only=True):
    id: UUID
    name: str
    mime: str
    """Decided from the bytes (never the client's claim)."""
    kind: str
    """`image`, `audio`, `video`, `text` or `other`: how the inspector shows it."""
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    run_id: UUID | None = None
    node_id: str | None = None
    created_at: datetime


class AssetList(msgspec.Struct, kw_only=True):
    items: list[AssetRead]
    next_cursor: str | None = None


class SignedUrl(msgspec.Struct, kw_only=True):
    url: str
    """A path on the engine (`/api/v1/asset-files/<token>`) that serves the bytes without a token."""
    expires_at: datetime


def reference(asset: AssetRead) -> dict[str, Any]:
    """`{asset_id, name, mime, size}`: how an asset travels in outputs and events (never its bytes)."""
    return {"asset_id": str(asset.id), "name": asset.name, "mime": asset.mime, "size": asset.size}
