"""What the stand-in hands out: access tokens of Supabase's claim shape, and refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any
from uuid import UUID

import jwt

from orrery.auth.verifier import HMAC_ALGORITHM


def access_token(
    *,
    secret: str,
    issuer: str,
    user: dict[str, Any],
    session_id: UUID,
    now: int,
    ttl: int,
    signed_in_at: int,
) -> str:
    """An HS256 access token with the claims Supabase Auth puts in its own."""
    claims = {
        "iss": issuer,
        "sub": str(user["id"]),
        "aud": "authenticated",
        "exp": now + ttl,
        "iat": now,
        "email": user["email"],
        "phone": "",
        "app_metadata": user["raw_app_meta_data"],
        "user_metadata": user["raw_user_meta_data"],
        "role": "authenticated",
        "aal": "aal1",
        "amr": [{"method": "password", "timestamp": signed_in_at}],
        "session_id": str(session_id),
        "is_anonymous": False,
    }
    return jwt.encode(claims, secret, algorithm=HMAC_ALGORITHM, headers={"typ": "JWT"})


def new_refresh_token() -> tuple[str, str]:
    """A fresh opaque refresh token and the digest stored in its place."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
