"""A user's inbox: list (newest first), unread count, mark read; and where else to send them.

Each action is one transaction as the user (RLS: only their own). Approving or rejecting from a
notification is the runs API's decision endpoint; the approval's notification is marked read
when its step is decided (the web does it with `mark_read`).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from orrery.crypto import CredentialCipher
from orrery.errors import ConfigurationError
from orrery.events.transitions import now
from orrery.notifications.models import (
    MarkRead,
    NotificationPage,
    NotificationRead,
    NotificationSettingsRead,
    NotificationSettingsUpdate,
    Unread,
)
from orrery.store import notifications as store
from orrery.store.database import Database

SETTINGS_ROW = "notification-settings"
"""The associated data's row part for a user's outgoing-webhook secret."""


@dataclass
class NotificationService:
    db: Database
    cipher: CredentialCipher | None
    email_available: bool = False

    async def list(
        self, claims: Mapping[str, Any], *, unread: bool = False, cursor: str | None = None, limit: int = 25
    ) -> NotificationPage:
        async with self.db.as_user(claims) as conn:
            rows = await store.list_page(conn, unread=unread, cursor=cursor, limit=limit)
            count = await store.unread_count(conn)
        page, next_cursor = store.PAGES.page(rows, limit, "created_at")
        items = [msgspec.convert(row, NotificationRead, strict=False) for row in page]
        return NotificationPage(items=items, next_cursor=next_cursor, unread=count)

    async def unread(self, claims: Mapping[str, Any]) -> Unread:
        async with self.db.as_user(claims) as conn:
            return Unread(unread=await store.unread_count(conn))

    async def mark_read(self, claims: Mapping[str, Any], data: MarkRead) -> Unread:
        ids = None if data.ids is None else [str(i) for i in data.ids]
        async with self.db.as_user(claims) as conn:
            await store.mark_read(conn, ids, now())
            return Unread(unread=await store.unread_count(conn))

    async def settings(self, claims: Mapping[str, Any]) -> NotificationSettingsRead:
        async with self.db.as_user(claims) as conn:
            row = await store.fetch_settings(conn)
        return self._settings(row)

    async def save_settings(
        self, claims: Mapping[str, Any], data: NotificationSettingsUpdate
    ) -> NotificationSettingsRead:
        fields = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
        if fields.get("webhook_secret"):
            fields["webhook_secret"] = self._seal(str(claims["sub"]), fields["webhook_secret"])
        async with self.db.as_user(claims) as conn:
            row = await store.save_settings(conn, fields) if fields else await store.fetch_settings(conn)
        return self._settings(row)

    def _settings(self, row: Mapping[str, Any] | None) -> NotificationSettingsRead:
        if row is None:
            return NotificationSettingsRead(email_available=self.email_available)
        return NotificationSettingsRead(
            webhook_url=row["webhook_url"],
            webhook_signed=bool(row["webhook_secret"]),
            email=row["email"],
            email_available=self.email_available,
        )

    def _seal(self, owner_id: str, secret: str) -> str:
        if self.cipher is None:
            raise ConfigurationError("ORRERY_MASTER_KEY is not set: signing secrets cannot be stored")
        sealed = self.cipher.seal(secret, owner_id=owner_id, credential_id=SETTINGS_ROW)
        return base64.b64encode(sealed.nonce + sealed.ciphertext).decode()
