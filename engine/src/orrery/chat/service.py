"""What users do with chats: start, list, rename and delete sessions; read and send messages.

Sending a message is one transaction as the user (RLS is the access control): the session is
locked (one turn at a time), the user message is stored, an ordinary run of the workflow's
current version is recorded with `{message, history}` (durable, in run history, under the
workflow's budgets; `RunService.record`) and the pending assistant message names it. Once the
transaction committed, the run goes live and to a worker (`RunService.announce`). If the run
cannot start (the version has problems, the inputs do not fit), nothing is stored.

Replies are derived from their runs when messages are read (`orrery.chat.replies` says why).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from orrery.chat.errors import (
    ChatWorkflowNotFound,
    ConversationFull,
    NotAChat,
    ReplyPending,
    SessionNotFound,
)
from orrery.chat.models import (
    MAX_SESSION_MESSAGES,
    ChatMessageRead,
    ChatSessionCreate,
    ChatSessionPage,
    ChatSessionRead,
    ChatTurn,
    message_from_row,
    session_from_row,
)
from orrery.chat.replies import reading_of
from orrery.runs import RunService
from orrery.spec import SpecError, Workflow, decode_workflow
from orrery.spec.chat import HISTORY_INPUT, MESSAGE_INPUT, chat_problem, takes_history
from orrery.store import chats, workflows
from orrery.store.database import Connection, Database

DEFAULT_TITLE = "New chat"
TITLE_CHARS = 60
UNANSWERED = frozenset({"pending", "waiting"})


@dataclass
class ChatService:
    db: Database
    runs: RunService

    # -- sessions -------------------------------------------------------------------------
    async def create_session(
        self, claims: Mapping[str, Any], workflow_id: str, data: ChatSessionCreate
    ) -> ChatSessionRead:
        async with self.db.as_user(claims) as conn:
            await self._chat_workflow(conn, workflow_id)
            row = await chats.insert_session(conn, workflow_id, data.title)
        return session_from_row(row)

    async def list_sessions(
        self, claims: Mapping[str, Any], workflow_id: str, *, cursor: str | None = None, limit: int = 50
    ) -> ChatSessionPage:
        """The workflow's sessions, most recently active first."""
        async with self.db.as_user(claims) as conn:
            if not await workflows.exists(conn, workflow_id):
                raise ChatWorkflowNotFound(f"workflow {workflow_id} not found")
            rows = await chats.list_sessions(conn, workflow_id, cursor, limit)
        page, next_cursor = chats.SESSION_PAGES.page(rows, limit, "updated_at")
        return ChatSessionPage(items=[session_from_row(r) for r in page], next_cursor=next_cursor)

    async def get_session(self, claims: Mapping[str, Any], session_id: str) -> ChatSessionRead:
        async with self.db.as_user(claims) as conn:
            row = await chats.fetch_session(conn, session_id)
        if row is None:
            raise SessionNotFound(f"chat session {session_id} not found")
        return session_from_row(row)

    async def rename_session(self, claims: Mapping[str, Any], session_id: str, title: str) -> ChatSessionRead:
        async with self.db.as_user(claims) as conn:
            row = await chats.rename_session(conn, session_id, title.strip())
        if row is None:
            raise SessionNotFound(f"chat session {session_id} not found")
        return session_from_row(row)

    async def delete_session(self, claims: Mapping[str, Any], session_id: str) -> None:
        """The session and its messages; the runs that wrote its replies stay in run history."""
        async with self.db.as_user(claims) as conn:
            if not await chats.delete_session(conn, session_id):
                raise SessionNotFound(f"chat session {session_id} not found")

    # -- messages -------------------------------------------------------------------------
    async def messages(self, claims: Mapping[str, Any], session_id: str) -> list[ChatMessageRead]:
        """Every message, oldest first; each reply as its run says it is now."""
        async with self.db.as_user(claims) as conn:
            if await chats.fetch_session(conn, session_id) is None:
                raise SessionNotFound(f"chat session {session_id} not found")
            return await self._read_messages(conn, session_id)

    async def send(self, claims: Mapping[str, Any], session_id: str, content: str) -> ChatTurn:
        """Store the user's message and start the run that replies to it (see the module)."""
        async with self.db.as_user(claims) as conn:
            session = await chats.fetch_session(conn, session_id, for_update=True)
            if session is None:
                raise SessionNotFound(f"chat session {session_id} not found")
            earlier = await self._read_messages(conn, session_id)
            if any(m.role == "assistant" and m.status in UNANSWERED for m in earlier):
                raise ReplyPending(
                    "the previous message's reply is still being written (or waits for an approval); "
                    "wait for it, or cancel its run"
                )
            if len(earlier) + 2 > MAX_SESSION_MESSAGES:
                raise ConversationFull(
                    f"this chat holds {len(earlier)} messages, as many as a chat may; start a new chat"
                )
            workflow_id = str(session["workflow_id"])
            doc = await self._chat_workflow(conn, workflow_id)
            inputs: dict[str, Any] = {MESSAGE_INPUT: content}
            if takes_history(doc):
                inputs[HISTORY_INPUT] = history_of(earlier)
            user = await chats.insert_message(conn, session_id, role="user", status="sent", content=content)
            started = await self.runs.record(conn, workflow_id, inputs, interactive=True)
            run_id = str(started.run.id)
            assistant = await chats.insert_message(
                conn, session_id, role="assistant", status="pending", run_id=run_id
            )
            named = not earlier and session["title"] == DEFAULT_TITLE
            await chats.touch_session(conn, session_id, title=title_from(content) if named else None)
        await self.runs.announce(started)
        return ChatTurn(
            user=message_from_row(user),
            assistant=message_from_row(assistant),
            run_id=started.run.id,
            events_url=f"/api/v1/runs/{run_id}/events",
        )

    # -- helpers --------------------------------------------------------------------------
    async def _read_messages(self, conn: Connection, session_id: str) -> list[ChatMessageRead]:
        """The messages with each reply read from its run, recording readings that changed."""
        read: list[ChatMessageRead] = []
        for row in await chats.list_messages(conn, session_id):
            reading = reading_of(row)
            if reading is not None and (reading.status, reading.content, reading.error) != (
                row["status"],
                row["content"],
                row["error"],
            ):
                await chats.settle_message(
                    conn, str(row["id"]), content=reading.content, status=reading.status, error=reading.error
                )
                row = {**row, "status": reading.status, "content": reading.content, "error": reading.error}
            read.append(message_from_row(row))
        return read

    async def _chat_workflow(self, conn: Connection, workflow_id: str) -> Workflow:
        """The workflow's current version, which a chat runs; 404 if not the user's, 422 if not a chat."""
        row = await workflows.fetch_workflow(conn, workflow_id)
        if row is None:
            raise ChatWorkflowNotFound(f"workflow {workflow_id} not found")
        try:
            doc = decode_workflow(row["spec"])
        except SpecError as exc:
            raise NotAChat(f"this workflow cannot be read as a chat: {exc}") from exc
        problem = chat_problem(doc)
        if problem is not None:
            raise NotAChat(
                f"this workflow is not a chat: {problem}",
                [{"field": "inputs", "message": problem}],
            )
        return doc


def history_of(messages: Sequence[ChatMessageRead]) -> list[dict[str, str]]:
    """The turns a run is given: every user message and every reply that was written, oldest first."""
    return [
        {"role": m.role, "content": m.content}
        for m in messages
        if m.content is not None and (m.role == "user" or m.status == "succeeded")
    ]


def title_from(content: str) -> str:
    """A session's title from its first message: its first line, cut to a few words."""
    line = " ".join(content.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"
