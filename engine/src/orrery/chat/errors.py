"""The chat package's errors (HTTP mapping: `orrery.api.errors`, by base class)."""

from __future__ import annotations

from orrery.errors import Conflict, InvalidInput, NotFound


class SessionNotFound(NotFound):
    """The chat session does not exist or belongs to someone else (404)."""


class ChatWorkflowNotFound(NotFound):
    """The workflow does not exist or belongs to someone else (404)."""


class NotAChat(InvalidInput):
    """The workflow's inputs are not a chat's (`orrery.spec.chat`), so no message can run it (422)."""


class ConversationFull(InvalidInput):
    """The session holds as many messages as a session may: start a new chat (422)."""


class ReplyPending(Conflict):
    """The previous message's reply is still being written (or waits for an approval) (409)."""
