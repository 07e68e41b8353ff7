"""The stand-in's request and response bodies, shaped like Supabase Auth's (GoTrue's)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class Credentials(msgspec.Struct, kw_only=True):
    """Body of `POST /signup` and `POST /token`; unknown fields (captcha, PKCE) are ignored."""

    email: str | None = None
    password: str | None = None
    data: dict[str, Any] | None = None
    refresh_token: str | None = None


class UserUpdate(msgspec.Struct, kw_only=True):
    """Body of `PUT /user`: a new password and/or metadata to merge."""

    email: str | None = None
    password: str | None = None
    data: dict[str, Any] | None = None


class User(msgspec.Struct, kw_only=True):
    id: str
    aud: str
    role: str
    email: str
    email_confirmed_at: datetime | None
    phone: str
    confirmed_at: datetime | None
    last_sign_in_at: datetime | None
    app_metadata: dict[str, Any]
    user_metadata: dict[str, Any]
    identities: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime
    is_anonymous: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        return cls(
            id=str(row["id"]),
            aud=row["aud"] or "authenticated",
            role=row["role"] or "authenticated",
            email=row["email"],
            email_confirmed_at=row["email_confirmed_at"],
            phone="",
            confirmed_at=row["email_confirmed_at"],
            last_sign_in_at=row["last_sign_in_at"],
            app_metadata=row["raw_app_meta_data"],
            user_metadata=row["raw_user_meta_data"],
            identities=[],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            is_anonymous=bool(row["is_anonymous"]),
        )


class Session(msgspec.Struct, kw_only=True):
    access_token: str
    token_type: str
    expires_in: int
    expires_at: int
    refresh_token: str
    user: User
