"""What the API takes and returns about chats (msgspec: the OpenAPI schema comes from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

MAX_MESSAGE_CHARS: Final = 20_000
MAX_REPLY_CHARS: Final = 100_000
"""A reply longer than this is cut (the message row's limit)."""
MAX_SESSION_MESSAGES: Final = 400
"""User and assistant messages a session holds; then a new chat starts (its history is bounded)."""

Title = Annotated[
    str, Meta(min_length=1, max_length=200, pattern=r"\S", description="Not blank; at most 200 characters.")
]
Content = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_MESSAGE_CHARS,
        pattern=r"\S",
        description=f"What the user writes: not blank, at most {MAX_MESSAGE_CHARS} characters.",
    ),
]
MessageRole = Literal["user", "assistant"]
MessageStatus = Literal["sent", "pending", "waiting", "succeeded", "failed", "cancelled"]
"""`sent`: a user message. An assistant message's run: `pending` (queued or running), `waiting`
(for an approval), `succeeded` (the reply is its content), `failed` or `cancelled` (see `error`)."""


class ChatSessionRead(msgspec.Struct, kw_only=True):
    id: UUID
    workflow_id: UUID
    title: str
    created_at: datetime
    updated_at: datetime
    """When it was last written to (the list is newest first)."""


class ChatSessionPage(msgspec.Struct, kw_only=True):
    items: list[ChatSessionRead]
    next_cursor: str | None = None
    """Pass as `cursor` for the next page; null on the last page."""


class ChatSessionCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    title: Title | None = None
    """"New chat" when omitted; the first message names it then."""


class ChatSessionUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    title: Title


class ChatMessageError(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Why an assistant message has no reply: its run's error, or why the run gave none."""

    code: str
    message: str
    node_id: str | None = None


class ChatMessageRead(msgspec.Struct, kw_only=True):
    id: UUID
    session_id: UUID
    role: MessageRole
    content: str | None = None
    """The user's text, or the reply (null while the run writes it, or when it gave none)."""
    status: MessageStatus
    run_id: UUID | None = None
    """An assistant message: the run writing its reply (follow its events for the tokens)."""
    error: ChatMessageError | None = None
    created_at: datetime


class ChatMessageCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    content: Content


class ChatTurn(msgspec.Struct, kw_only=True):
    """`POST .../messages`: the user's message stored, the reply to come, and its run."""

    user: ChatMessageRead
    assistant: ChatMessageRead
    run_id: UUID
    events_url: str
    """The run's events (SSE): its `step.delta` tokens are the reply being written."""


def message_from_row(row: dict[str, Any]) -> ChatMessageRead:
    fields = {k: row[k] for k in ChatMessageRead.__struct_fields__ if k in row}
    return msgspec.convert(fields, ChatMessageRead, strict=False)


def session_from_row(row: dict[str, Any]) -> ChatSessionRead:
    fields = {k: row[k] for k in ChatSessionRead.__struct_fields__}
    return msgspec.convert(fields, ChatSessionRead, strict=False)
