"""Personal API keys: their format, and turning a presented key into its user.

A key is `orr_<8 visible characters>_<43 random characters>` (256 random bits after
the prefix). Only its SHA-256 is stored: a high-entropy key needs no slow hash, and
SHA-256 lets the database find it by an index. The visible part (`orr_AbCd1234`)
recognises a key in Settings and in logs without revealing it.

`ApiKeyVerifier` asks the database (`orrery_private.authenticate_api_key`, the only
way the API's login role can read a key) for the user and scopes of a live key: not
revoked, not expired, its user active. The answer is remembered for at most
`cache_ttl` seconds (`ORRERY_API_KEY_CACHE_TTL_S`, default 2) and never past the key's
expiry; a key revoked through this process is forgotten at once. The request then acts
as that user with signed claims, exactly as for an access token: RLS decides the rest.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import string
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from orrery.auth.principal import Principal
from orrery.errors import AuthenticationError
from orrery.store import api_keys as store
from orrery.store.database import Database

KEY_PREFIX = "orr_"
SCOPES = ("runs:write", "runs:read", "workflows:write")
"""`runs:write` start, cancel, retry and decide runs; `runs:read` read runs and their events;
`workflows:write` create, change and delete workflows."""
MAX_CACHED_KEYS = 10_000

_VISIBLE = string.ascii_letters + string.digits
_KEY = re.compile(r"^orr_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True, slots=True)
class NewKey:
    key: str
    """The whole key: shown once, never stored."""
    prefix: str
    key_hash: bytes


def new_key() -> NewKey:
    visible = "".join(secrets.choice(_VISIBLE) for _ in range(8))
    key = f"{KEY_PREFIX}{visible}_{secrets.token_urlsafe(32)}"
    return NewKey(key=key, prefix=f"{KEY_PREFIX}{visible}", key_hash=hash_key(key))


def hash_key(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def is_api_key(token: str) -> bool:
    """Whether a bearer token is meant as an API key (access tokens are JWTs: `eyJ...`)."""
    return token.startswith(KEY_PREFIX)


@dataclass(frozen=True, slots=True)
class _Known:
    principal: Principal
    until: float
    expires_at: datetime | None


class ApiKeyVerifier:
    """Verifies API keys for one process, remembering live ones for a few seconds."""

    def __init__(
        self,
        db: Database,
        cache_ttl: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = MAX_CACHED_KEYS,
    ) -> None:
        self._db = db
        self._ttl = cache_ttl
        self._clock = clock
        self._max_entries = max_entries
        self._known: OrderedDict[bytes, _Known] = OrderedDict()

    async def verify(self, key: str) -> Principal:
        """The key's user, or `AuthenticationError` (401) for a malformed, unknown, revoked or
        expired key, or one whose user is gone."""
        if not _KEY.match(key):
            raise AuthenticationError("malformed API key")
        digest = hash_key(key)
        known = self._known.get(digest)
        now = self._clock()
        if known is not None:
            if now < known.until and (known.expires_at is None or datetime.now(UTC) < known.expires_at):
                return known.principal
            del self._known[digest]
        row = await store.authenticate(self._db, digest)  # DependencyUnavailable (503) when down
        if row is None:
            raise AuthenticationError("the API key is not valid: unknown, revoked or expired")
        principal = _principal(row)
        if self._ttl > 0:
            self._known[digest] = _Known(principal, now + self._ttl, row["expires_at"])
            while len(self._known) > self._max_entries:
                self._known.popitem(last=False)
        return principal

    def forget(self, key_id: UUID) -> None:
        """A key was revoked: stop trusting what this process remembers of it."""
        for digest, known in list(self._known.items()):
            if known.principal.api_key_id == key_id:
                del self._known[digest]


def _principal(row: dict[str, object]) -> Principal:
    user_id = row["user_id"]
    key_id = row["key_id"]
    assert isinstance(user_id, UUID)
    assert isinstance(key_id, UUID)
    email = row["email"] if isinstance(row["email"], str) and row["email"] else None
    claims = {
        "sub": str(user_id),
        "role": "authenticated",
        "aud": "authenticated",
        "api_key_id": str(key_id),
    }
    if email:
        claims["email"] = email
    scopes = row["scopes"]
    assert isinstance(scopes, list)
    return Principal(
        user_id=user_id,
        role="authenticated",
        email=email,
        session_id=None,
        claims=claims,
        scopes=frozenset(str(s) for s in scopes),
        api_key_id=key_id,
    )
