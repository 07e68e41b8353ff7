"""The asset store port (`BlobStore`) and its adapters: files on disk (`local`), Supabase
Storage over its HTTP API (`supabase`). Both are addressed by keys the engine makes
(`<owner uuid>/<asset uuid>`), never by a name a client chose."""

from __future__ import annotations

from orrery.assets.storage.base import BlobStore, check_key
from orrery.assets.storage.local import LocalBlobStore
from orrery.assets.storage.supabase import SupabaseBlobStore

__all__ = ["BlobStore", "LocalBlobStore", "SupabaseBlobStore", "check_key"]
