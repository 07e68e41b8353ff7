"""Chat with a workflow: sessions and their messages. Thin: parse, call `ChatService`, return.
Errors are mapped in `api/errors.py` (another user's session answers 404)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import (
    HTTP_201_CREATED,
    HTTP_202_ACCEPTED,
    HTTP_204_NO_CONTENT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from orrery.api.errors import INVALID_BODY_STATUS
from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY, scoped
from orrery.auth import Principal
from orrery.chat import (
    ChatMessageCreate,
    ChatMessageRead,
    ChatService,
    ChatSessionCreate,
    ChatSessionPage,
    ChatSessionRead,
    ChatSessionUpdate,
    ChatTurn,
)

_SESSION_NOT_FOUND = {404: "No such chat session (or not yours)."}
_WORKFLOW_NOT_FOUND = {404: "No such workflow (or not yours)."}
_NOT_A_CHAT = "The workflow's inputs are not a chat's: a `message` (string), optionally `history` (array)."


class ChatController(Controller):
    path = "/api/v1"
    tags = ["chat"]
    security = BEARER_SECURITY
    opt = {INVALID_BODY_STATUS: HTTP_422_UNPROCESSABLE_ENTITY}

    @post(
        "/workflows/{workflow_id:uuid}/chat-sessions",
        status_code=HTTP_201_CREATED,
        summary="Start a chat session with a workflow",
        responses=documented(400, 401, 404, 413, descriptions={**_WORKFLOW_NOT_FOUND, 422: _NOT_A_CHAT}),
        opt=scoped("runs:write"),
    )
    async def create_session(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        chat_service: NamedDependency[ChatService],
        data: JSONBody[ChatSessionCreate | None] = None,
    ) -> ChatSessionRead:
        return await chat_service.create_session(
            principal.claims, str(workflow_id), data or ChatSessionCreate()
        )

    @get(
        "/workflows/{workflow_id:uuid}/chat-sessions",
        summary="A workflow's chat sessions, most recently active first",
        responses=documented(400, 401, 404, descriptions=_WORKFLOW_NOT_FOUND),
        opt=scoped("runs:read"),
    )
    async def list_sessions(
        self,
        workflow_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        chat_service: NamedDependency[ChatService],
        cursor: FromQuery[str | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
    ) -> ChatSessionPage:
        return await chat_service.list_sessions(
            principal.claims, str(workflow_id), cursor=cursor, limit=limit
        )

    @get(
        "/chat-sessions/{session_id:uuid}",
        summary="A chat session",
        responses=documented(400, 401, 404, descriptions=_SESSION_NOT_FOUND),
        opt=scoped("runs:read"),
    )
    async def get_session(
        self,
        session_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        chat_service: NamedDependency[ChatService],
    ) -> ChatSessionRead:
        return await chat_service.get_session(principal.claims, str(session_id))

    @patch(
        "/chat-sessions/{session_id:uuid}",
        summary="Rename a chat session",
        responses=documented(400, 401, 404, 413, descriptions=_SESSION_NOT_FOUND),
        opt=scoped("runs:write"),
    )
    async def rename_session(
        self,
        session_id: FromPath[UUID],
        data: JSONBody[ChatSessionUpdate],
        principal: NamedDependency[Principal],
        chat_service: NamedDependency[ChatService],
    ) -> ChatSessionRead:
        return await chat_service.rename_session(principal.claims, str(session_id), data.title)

    @delete(
        "/chat-sessions/{session_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a chat session and its messages (their runs stay in run history)",
        responses=documented(400, 401, 404, descriptions=_SESSION_NOT_FOUND),
        opt=scoped("runs:write"),
    )
    async def delete_session(
        self,
        session_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        chat_service: NamedDependency[ChatService],
    ) -> None:
        await chat_service.delete_session(principal.claims, str(session_id))

    @get(
        "/chat-sessions/{session_id:uuid}/messages",
        summary="A chat session's messages, oldest first, each reply as its run says it is now",
        responses=documented(400, 401, 404, descriptions=_SESSION_NOT_FOUND),
        opt=scoped("runs:read"),
    )
    async def list_messages(
        self,
        session_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        chat_service: NamedDependency[ChatService],
    ) -> list[ChatMessageRead]:
        return await chat_service.messages(principal.claims, str(session_id))

    @post(
        "/chat-sessions/{session_id:uuid}/messages",
        status_code=HTTP_202_ACCEPTED,
        summary="Send a message: it starts a run with the conversation so far, which writes the reply",
        description=(
            "The run is given `{message, history}` (`history`: the earlier turns, oldest first, "
            "`{role, content}` each, when the workflow declares it). Follow `events_url` for the "
            "reply's tokens (`step.delta`); read the messages again for the reply once the run ends."
        ),
        responses=documented(
            400,
            401,
            404,
            409,
            413,
            descriptions={
                **_SESSION_NOT_FOUND,
                409: "The previous message's reply is still being written or waits for an approval.",
                422: "The message is blank or too long, the workflow is not (or no longer) a chat, its "
                "current version cannot run, or the session is full (see `errors`).",
            },
        ),
        opt=scoped("runs:write"),
    )
    async def send(
        self,
        session_id: FromPath[UUID],
        data: JSONBody[ChatMessageCreate],
        principal: NamedDependency[Principal],
        chat_service: NamedDependency[ChatService],
    ) -> ChatTurn:
        return await chat_service.send(principal.claims, str(session_id), data.content)
