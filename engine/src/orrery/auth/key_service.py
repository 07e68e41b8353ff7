"""What users do with their API keys: create (the key is shown once), list, revoke.

Each action is one transaction as the user (RLS is the access control): another user's key
is not there (404). Only a signed-in session manages keys; an API key cannot (the scope
guard refuses it, `api/security.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from orrery.auth.api_keys import new_key
from orrery.errors import InvalidInput, NotFound
from orrery.store import api_keys as store
from orrery.store.database import Database

Scope = Literal["runs:write", "runs:read", "workflows:write"]


class ApiKeyCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    scopes: Annotated[list[Scope], msgspec.Meta(min_length=1, max_length=3)]
    """`runs:write` start and steer runs, `runs:read` read runs and their events,
    `workflows:write` create, change and delete workflows."""
    expires_at: datetime | None = None
    """When the key stops working; never when omitted."""


class ApiKeyRead(msgspec.Struct, kw_only=True):
    id: UUID
    name: str
    prefix: str
    """The key's visible start (`orr_AbCd1234`), to recognise it."""
    scopes: list[Scope]
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    """When it last authenticated a request (kept to the minute)."""
    revoked_at: datetime | None = None
    created_at: datetime


class ApiKeyCreated(ApiKeyRead, kw_only=True):
    key: str
    """The whole key. Shown this once: only its hash is stored."""


@dataclass
class ApiKeyService:
    db: Database
    on_revoke: Callable[[UUID], None] = lambda key_id: None
    """Told of each revoked key (the process's verifier forgets it at once)."""

    async def list(self, claims: Mapping[str, Any]) -> list[ApiKeyRead]:
        async with self.db.as_user(claims) as conn:
            rows = await store.list_keys(conn)
        return [_read(row) for row in rows]

    async def create(self, claims: Mapping[str, Any], data: ApiKeyCreate) -> ApiKeyCreated:
        name = data.name.strip()
        if not name:
            raise InvalidInput("A key needs a name.", [{"field": "name", "message": "must not be blank"}])
        if data.expires_at is not None:
            expires = data.expires_at if data.expires_at.tzinfo else data.expires_at.replace(tzinfo=UTC)
            if expires <= datetime.now(UTC):
                raise InvalidInput(
                    "The expiry must be in the future.",
                    [{"field": "expires_at", "message": "must be in the future"}],
                )
        made = new_key()
        async with self.db.as_user(claims) as conn:
            row = await store.insert_key(
                conn,
                name=name,
                prefix=made.prefix,
                key_hash=made.key_hash,
                scopes=sorted(set(data.scopes)),
                expires_at=data.expires_at,
            )
        read = _read(row)
        return ApiKeyCreated(**msgspec.structs.asdict(read), key=made.key)

    async def revoke(self, claims: Mapping[str, Any], key_id: str) -> ApiKeyRead:
        async with self.db.as_user(claims) as conn:
            row = await store.revoke_key(conn, key_id)
        if row is None:
            raise NotFound("API key not found")
        self.on_revoke(row["id"])
        return _read(row)


def _read(row: Mapping[str, Any]) -> ApiKeyRead:
    return msgspec.convert(
        {k: v for k, v in row.items() if k in ApiKeyRead.__struct_fields__}, ApiKeyRead, strict=False
    )
