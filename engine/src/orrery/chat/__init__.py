"""Chat with a workflow: sessions of messages, each user message answered by a run.

Shaped like `workflows/` and `runs/`: `service`, `models`, `errors`; its SQL is in
`orrery.store.chats`; which workflows are chats is `orrery.spec.chat`; how a reply is read
from its run is `replies`. A chat's runs are ordinary runs (`orrery.runs`)."""

from __future__ import annotations

from orrery.chat.models import (
    ChatMessageCreate,
    ChatMessageRead,
    ChatSessionCreate,
    ChatSessionPage,
    ChatSessionRead,
    ChatSessionUpdate,
    ChatTurn,
)
from orrery.chat.service import ChatService

__all__ = [
    "ChatMessageCreate",
    "ChatMessageRead",
    "ChatService",
    "ChatSessionCreate",
    "ChatSessionPage",
    "ChatSessionRead",
    "ChatSessionUpdate",
    "ChatTurn",
]
