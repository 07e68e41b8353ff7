"""Short-lived signed download URLs: `/api/v1/asset-files/<token>`, the token being
`<asset id>.<owner id>.<expiry, unix s>.<HMAC-SHA256>` under a key derived from
SUPABASE_JWT_SECRET. The browser can put it in `<video src>` (no bearer header there).
A token whose signature is wrong is not ours: 404, as for an asset that is not there. One
that is ours but expired: 403."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from uuid import UUID

from orrery.assets.errors import AssetNotFound, SignedUrlExpired

PATH = "/api/v1/asset-files/"


@dataclass(frozen=True, slots=True)
class SignedAsset:
    asset_id: str
    owner_id: str
    expires_at: int


class UrlSigner:
    def __init__(self, secret: str, ttl_s: int) -> None:
        self._key = hashlib.sha256(b"orrery asset URLs\x00" + secret.encode()).digest()
        self.ttl_s = ttl_s

    def _mac(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).hexdigest()

    def sign(self, asset_id: str, owner_id: str, now: float | None = None) -> tuple[str, int]:
        expires = int((now if now is not None else time.time()) + self.ttl_s)
        payload = f"{asset_id}.{owner_id}.{expires}"
        return f"{payload}.{self._mac(payload)}", expires

    def verify(self, token: str, now: float | None = None) -> SignedAsset:
        parts = token.split(".")
        if len(parts) != 4:
            raise AssetNotFound("no such asset")
        asset_id, owner_id, expires, mac = parts
        if not hmac.compare_digest(mac, self._mac(f"{asset_id}.{owner_id}.{expires}")):
            raise AssetNotFound("no such asset")
        try:
            UUID(asset_id), UUID(owner_id)
            expires_at = int(expires)
        except ValueError:
            raise AssetNotFound("no such asset") from None
        if expires_at < (now if now is not None else time.time()):
            raise SignedUrlExpired("This download link has expired; open the asset again for a new one.")
        return SignedAsset(asset_id, owner_id, expires_at)
