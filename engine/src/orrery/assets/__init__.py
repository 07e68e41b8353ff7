"""Assets: files users upload and workflow steps make, as first-class objects.

Metadata in Postgres under RLS (`store/assets.py`), bytes in a `BlobStore` (Supabase Storage
or files under the data directory), references `{asset_id, name, mime, size}` in outputs.
`orrery.api.assets` is the HTTP face (upload, list, download with the bearer token or a
short-lived signed URL, delete); workflow steps reach it through `AssetService.access`.
"""

from __future__ import annotations

from orrery.assets.models import AssetList, AssetRead, SignedUrl, reference
from orrery.assets.service import AssetService, clean_name
from orrery.assets.signing import UrlSigner

__all__ = ["AssetList", "AssetRead", "AssetService", "SignedUrl", "UrlSigner", "clean_name", "reference"]
