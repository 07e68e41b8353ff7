"""Signed claims: the user a transaction acts for is one the engine vouched for.

RLS policies read the user through `orrery_private.uid()`, which believes
`request.jwt.claims` only when `request.orrery.signature` is their
HMAC-SHA256 under the claims key (supabase/migrations/20261206300200_signed_claims.sql).
Any SQL can set those two settings, but only a holder of the key can sign, so
neither a leaked database login nor an injection can act as another user.

The key is derived from SUPABASE_JWT_SECRET: the API and workers already hold
it, and its holder can mint any user's access token anyway, so deriving adds
no secret and no exposure. `install_key` stores it (as HMAC pads, for the
built-in sha256) where only `orrery_private.uid()` reads it.
"""

from __future__ import annotations

import hashlib
import hmac

import psycopg

from orrery.errors import MigrationError

_CONTEXT = b"orrery request claims v1"
_BLOCK = 64  # SHA-256's block size, for the HMAC pads


def owner_claims(owner_id: str) -> dict[str, str]:
    """The claims a worker acts under for a user's work (a run, a fire, a notification): RLS
    applies to it as to the API."""
    return {"sub": owner_id, "role": "authenticated", "aud": "authenticated"}


def derive_key(jwt_secret: str) -> bytes:
    """The claims key: 32 bytes, derived from the project's JWT secret."""
    return hmac.new(jwt_secret.encode(), _CONTEXT, hashlib.sha256).digest()


def sign(key: bytes, claims_json: str) -> str:
    """The signature the database expects for exactly this claims text (hex)."""
    return hmac.new(key, claims_json.encode(), hashlib.sha256).hexdigest()


def _pads(key: bytes) -> tuple[bytes, bytes]:
    padded = key.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in padded), bytes(b ^ 0x5C for b in padded)


def install_key(admin_url: str, jwt_secret: str) -> None:
    """Store the claims key for `orrery_private.uid()` (idempotent; a new secret replaces it)."""
    inner, outer = _pads(derive_key(jwt_secret))
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                """insert into orrery_private.claims_key (id, inner_pad, outer_pad) values (true, %s, %s)
                   on conflict (id) do update set inner_pad = excluded.inner_pad,
                     outer_pad = excluded.outer_pad, installed_at = now()
                   where (claims_key.inner_pad, claims_key.outer_pad)
                     is distinct from (excluded.inner_pad, excluded.outer_pad)""",
                (inner, outer),
            )
    except psycopg.errors.UndefinedTable as exc:
        raise MigrationError("orrery_private.claims_key does not exist: run the migrations first") from exc
