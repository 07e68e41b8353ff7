"""The project's public signing keys (JWKS), fetched over HTTP and cached.

Keys are looked up by `kid`. An unknown `kid` (Supabase rotated its keys) or
a cache older than `max_age` triggers a refetch, but at most one fetch
attempt per `refresh_interval`, however many tokens ask: a flood of made-up
`kid`s cannot turn the engine into a JWKS hammer. When the JWKS cannot be
fetched the keys already cached stay in use.

Only asymmetric verification keys are kept (EC P-256 for ES256, RSA >= 2048
bits for RS256). A symmetric (`oct`) key in a JWKS is ignored: the HS256
secret comes from settings only, and a public key is never an HMAC secret.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt import PyJWK
from jwt.exceptions import PyJWTError

log = logging.getLogger(__name__)

ASYMMETRIC_ALGORITHMS: dict[str, str] = {"ES256": "EC", "RS256": "RSA"}
"""Allowed asymmetric algorithms and the key type each must use."""

_MIN_RSA_BITS = 2048


def parse_jwks(document: object) -> dict[str, PyJWK]:
    """The usable signing keys of a JWKS document, by `kid`; anything else is skipped."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JWKS document: expected an object with a `keys` list")
    keys: dict[str, PyJWK] = {}
    for entry in document["keys"]:
        key = _signing_key(entry)
        if key is not None and key.key_id is not None:
            keys[key.key_id] = key
    return keys


def _signing_key(entry: Any) -> PyJWK | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
        return None
    kty = entry.get("kty")
    if kty not in ASYMMETRIC_ALGORITHMS.values() or "d" in entry:
        return None  # symmetric or private key material: never used to verify
    if entry.get("use", "sig") != "sig":
        return None
    ops = entry.get("key_ops")
    if isinstance(ops, list) and "verify" not in ops:
        return None
    try:
        key = PyJWK(entry)
    except PyJWTError:
        return None
    if ASYMMETRIC_ALGORITHMS.get(key.algorithm_name) != kty:
        return None
    if isinstance(key.key, rsa.RSAPublicKey) and key.key.key_size < _MIN_RSA_BITS:
        return None
    return key


class JwksCache:
    """Signing keys from one JWKS URL, shared by every request of a process."""

    def __init__(
        self,
        url: str,
        http: httpx.AsyncClient,
        *,
        refresh_interval: float,
        max_age: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self._http = http
        self._refresh_interval = refresh_interval
        self._max_age = max_age
        self._clock = clock
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> PyJWK | None:
        """The key with this id, refetching the JWKS first if allowed and needed."""
        if self._needs_fetch(kid) and self._may_fetch():
            async with self._lock:
                # Another request may have fetched while this one waited.
                if self._needs_fetch(kid) and self._may_fetch():
                    await self._fetch()
        return self._keys.get(kid)

    def _needs_fetch(self, kid: str) -> bool:
        stale = self._fetched_at is None or self._clock() - self._fetched_at >= self._max_age
        return stale or kid not in self._keys

    def _may_fetch(self) -> bool:
        return self._attempted_at is None or self._clock() - self._attempted_at >= self._refresh_interval

    async def _fetch(self) -> None:
        self._attempted_at = self._clock()
        try:
            response = await self._http.get(self.url, follow_redirects=False)
            response.raise_for_status()
            keys = parse_jwks(response.json())
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("JWKS at %s unavailable, keeping %d cached keys: %s", self.url, len(self._keys), exc)
            return
        self._keys = keys
        self._fetched_at = self._clock()
