"""Who is making a request, as proven by a verified access token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in user. Built only by `TokenVerifier` (an access token it verified) or
    `ApiKeyVerifier` (a live API key)."""

    user_id: UUID
    role: str
    email: str | None
    session_id: str | None
    claims: Mapping[str, Any]
    """The verified claims, exactly as `Database.as_user` expects them."""
    scopes: frozenset[str] | None = None
    """What an API key may do (`runs:write`, ...); None for a signed-in session (everything)."""
    api_key_id: UUID | None = None
    """The API key the request came with, if it came with one."""
