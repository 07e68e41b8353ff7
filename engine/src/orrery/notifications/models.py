"""What the API takes and returns about notifications and where else they go (msgspec)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

NotificationKind = Literal["approval_waiting", "run_failed", "schedule_disabled"]


class NotificationRead(msgspec.Struct, kw_only=True):
    id: UUID
    kind: NotificationKind
    title: str
    run_id: UUID | None = None
    node_id: str | None = None
    """An approval: the step waiting (decide it with `POST /runs/{run_id}/steps/{node_id}/decision`)."""
    scope: str | None = None
    """An approval inside a map or loop: its iteration (the decision's `scope`)."""
    schedule_id: UUID | None = None
    created_at: datetime
    read_at: datetime | None = None
    delivered_at: datetime | None = None
    """When it was sent to your webhook and email (or found nowhere to go)."""
    delivery_error: str | None = None
    """Why its last delivery failed (your webhook's answer, the mail server's refusal)."""
    next_delivery_at: datetime | None = None
    """After a failed delivery, when it is tried again (null: delivered, or no more attempts)."""
    delivery_attempts: int = 0


class NotificationPage(msgspec.Struct, kw_only=True):
    items: list[NotificationRead]
    next_cursor: str | None = None
    unread: int
    """How many of the user's notifications are unread (the bell's count)."""


class MarkRead(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    ids: Annotated[list[UUID], msgspec.Meta(max_length=500)] | None = None
    """These notifications; all unread ones when omitted."""


class Unread(msgspec.Struct, kw_only=True):
    unread: int


class NotificationSettingsRead(msgspec.Struct, kw_only=True):
    webhook_url: str | None = None
    """Notifications are also POSTed here (JSON, signed: `X-Orrery-Signature: sha256=<hex>` over
    `<X-Orrery-Timestamp>.<body>`)."""
    webhook_signed: bool = False
    """A signing secret is set (it is never returned)."""
    email: str | None = None
    """Notifications are also emailed here, when the engine has an SMTP server (`email_available`)."""
    email_available: bool = False


class NotificationSettingsUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    webhook_url: (
        Annotated[str, msgspec.Meta(max_length=2000, pattern=r"^https?://")] | msgspec.UnsetType | None
    ) = msgspec.UNSET
    webhook_secret: Annotated[str, msgspec.Meta(min_length=16, max_length=500)] | msgspec.UnsetType | None = (
        msgspec.UNSET
    )
    email: (
        Annotated[str, msgspec.Meta(max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")] | msgspec.UnsetType | None
    ) = msgspec.UNSET
