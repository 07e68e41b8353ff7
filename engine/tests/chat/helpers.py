"""Chat workflows and a conversation driven through the API, for the chat tests."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from tests.runner.conftest import Api
from tests.runner.test_scheduling import edge, node, workflow

CHAT_INPUTS = {"message": {"type": "string"}, "history": {"type": "array", "default": []}}
ANSWERED = {"succeeded", "failed", "cancelled"}


def echo_chat() -> dict[str, Any]:
    """A chat whose reply says what it was given: the message and how many turns came before."""
    return workflow(
        [
            node("start", "input"),
            node(
                "answer",
                "transform",
                {"template": "You said {{ inputs.message }} after {{ inputs.history | length }} turns"},
            ),
            node("reply", "output", {"name": "reply", "value": "{{ steps.answer.output }}"}),
        ],
        [edge("start", "answer"), edge("answer", "reply")],
        CHAT_INPUTS,
    )


def failing_chat(url: str) -> dict[str, Any]:
    """A chat whose reply needs a call that fails (the URL answers an error)."""
    return workflow(
        [
            node("start", "input"),
            node("call", "http", {"url": url, "max_attempts": 1}),
            node("reply", "output", {"name": "reply", "value": "{{ steps.call.output.body }}"}),
        ],
        [edge("start", "call"), edge("call", "reply")],
        CHAT_INPUTS,
    )


async def new_session(api: Api, workflow_id: str, **body: Any) -> dict[str, Any]:
    response = await api.post(f"/api/v1/workflows/{workflow_id}/chat-sessions", body or None)
    assert response.status_code == 201, response.text
    session: dict[str, Any] = response.json()
    return session


async def messages(api: Api, session_id: str) -> list[dict[str, Any]]:
    response = await api.client.get(f"/api/v1/chat-sessions/{session_id}/messages", headers=api.headers)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


async def say(api: Api, session_id: str, content: str) -> dict[str, Any]:
    response = await api.post(f"/api/v1/chat-sessions/{session_id}/messages", {"content": content})
    assert response.status_code == 202, response.text
    turn: dict[str, Any] = response.json()
    return turn


async def answered(api: Api, session_id: str, message_id: str, timeout: float = 60) -> dict[str, Any]:
    """The assistant message once its run has ended (read as the chat reads it)."""
    deadline = time.monotonic() + timeout
    while True:
        found = next(m for m in await messages(api, session_id) if m["id"] == message_id)
        if found["status"] in ANSWERED:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"the reply stayed {found['status']}: {found}")
        await asyncio.sleep(0.05)
