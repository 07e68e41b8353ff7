"""Access tokens for tests: Supabase-shaped claims, signed however a test needs."""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import Any

import jwt

DROP = object()
"""A claim value meaning: leave this claim out."""


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": "https://project.test/auth/v1",
        "sub": str(uuid.uuid4()),
        "aud": "authenticated",
        "exp": now + 3600,
        "iat": now,
        "email": "ada@example.com",
        "role": "authenticated",
        "session_id": str(uuid.uuid4()),
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not DROP}


def hs256(secret: str, **overrides: Any) -> str:
    return jwt.encode(claims(**overrides), secret, algorithm="HS256")


def unsigned(**overrides: Any) -> str:
    """An `alg: none` token, as an attacker would send it."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims(**overrides))}."


def tampered(token: str, **overrides: Any) -> str:
    """The same signature over a payload changed after signing."""
    header, payload, signature = token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    decoded.update(overrides)
    new_payload = base64.urlsafe_b64encode(json.dumps(decoded).encode()).rstrip(b"=").decode()
    return f"{header}.{new_payload}.{signature}"
