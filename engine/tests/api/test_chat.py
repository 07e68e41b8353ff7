"""Chat sessions over HTTP: start, list, rename, delete; what a bad request is told; and what
another user sees of someone's conversation (nothing: 404 everywhere)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from tests.workflows.helpers import Api, pipeline, sign_up

pytestmark = pytest.mark.usefixtures("no_worker_running")

CHAT = {
    "schema": "orrery.workflow/v1",
    "inputs": {"message": {"type": "string"}, "history": {"type": "array", "default": []}},
    "nodes": [
        {"id": "start", "type": "input", "position": {"x": 0, "y": 0}, "config": {}},
        {"id": "answer", "type": "transform", "position": {"x": 0, "y": 0},
         "config": {"template": "You said {{ inputs.message }}"}},
        {"id": "reply", "type": "output", "position": {"x": 0, "y": 0},
         "config": {"name": "reply", "value": "{{ steps.answer.output }}"}},
    ],
    "edges": [
        {"id": "a", "source": "start", "target": "answer"},
        {"id": "b", "source": "answer", "target": "reply"},
    ],
}  # fmt: skip


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield client


@pytest.fixture
def ada(client: AsyncTestClient[Any], settings: Settings, admin_url: str) -> Api:
    return Api(client, sign_up(admin_url, settings))


@pytest.fixture
def bob(client: AsyncTestClient[Any], settings: Settings, admin_url: str) -> Api:
    return Api(client, sign_up(admin_url, settings))


async def chat_workflow(api: Api) -> str:
    return str((await api.create("Assistant", CHAT))["id"])


async def test_a_chat_workflow_says_so_and_another_does_not(ada: Api) -> None:
    # Given a chat workflow and a pipeline taking a topic
    chat_id = await chat_workflow(ada)
    other = await ada.create("Pipeline", pipeline())

    # When Ada reads them
    # Then only the chat says it is one
    assert (await ada.get(f"/api/v1/workflows/{chat_id}")).json()["is_chat"] is True
    assert other["is_chat"] is False


async def test_sessions_are_started_listed_renamed_and_deleted(ada: Api, admin_url: str) -> None:
    # Given a chat workflow with two sessions, one of them written in
    workflow_id = await chat_workflow(ada)
    first = (await ada.post(f"/api/v1/workflows/{workflow_id}/chat-sessions")).json()
    second = await ada.post(f"/api/v1/workflows/{workflow_id}/chat-sessions", {"title": "Planning"})
    assert second.status_code == 201, second.text
    turn = await ada.post(f"/api/v1/chat-sessions/{first['id']}/messages", {"content": "Hi there"})
    assert turn.status_code == 202, turn.text

    # When she lists them
    listed = await ada.get(f"/api/v1/workflows/{workflow_id}/chat-sessions")

    # Then the one written in last comes first, named after its first message
    assert [(s["id"], s["title"]) for s in listed.json()["items"]] == [
        (first["id"], "Hi there"),
        (second.json()["id"], "Planning"),
    ]

    # When she renames one
    renamed = await ada.patch(f"/api/v1/chat-sessions/{first['id']}", {"title": "  Greetings "})
    # Then it has its new name
    assert (renamed.status_code, renamed.json()["title"]) == (200, "Greetings")
    # and renaming the older one leaves it where it was (the list follows the conversations)
    await ada.patch(f"/api/v1/chat-sessions/{second.json()['id']}", {"title": "Plans"})
    relisted = await ada.get(f"/api/v1/workflows/{workflow_id}/chat-sessions")
    assert [s["title"] for s in relisted.json()["items"]] == ["Greetings", "Plans"]

    # When she deletes it
    deleted = await ada.delete(f"/api/v1/chat-sessions/{first['id']}")

    # Then it and its messages are gone, and the run that answered stays in run history
    assert deleted.status_code == 204
    assert (await ada.get(f"/api/v1/chat-sessions/{first['id']}")).status_code == 404
    assert (await ada.get(f"/api/v1/chat-sessions/{first['id']}/messages")).status_code == 404
    with psycopg.connect(admin_url) as conn:
        left = conn.execute(
            "select count(*) from public.chat_messages where session_id = %s", (first["id"],)
        ).fetchone()
    assert left == (0,)
    run = await ada.get(f"/api/v1/runs/{turn.json()['run_id']}")
    assert run.status_code == 200


async def test_another_user_can_neither_see_nor_write_to_a_session(ada: Api, bob: Api) -> None:
    # Given Ada's chat session with one message
    workflow_id = await chat_workflow(ada)
    session = (await ada.post(f"/api/v1/workflows/{workflow_id}/chat-sessions")).json()
    sent = await ada.post(f"/api/v1/chat-sessions/{session['id']}/messages", {"content": "secret plan"})
    assert sent.status_code == 202
    path = f"/api/v1/chat-sessions/{session['id']}"

    # When Bob tries everything on it
    answers = [
        await bob.get(path),
        await bob.get(f"{path}/messages"),
        await bob.post(f"{path}/messages", {"content": "me too"}),
        await bob.patch(path, {"title": "Mine now"}),
        await bob.delete(path),
        await bob.get(f"/api/v1/workflows/{workflow_id}/chat-sessions"),
        await bob.post(f"/api/v1/workflows/{workflow_id}/chat-sessions"),
    ]

    # Then he is told each time there is no such thing, and Ada's conversation is untouched
    assert [a.status_code for a in answers] == [404] * 7
    assert "chat session" in answers[0].json()["detail"]
    mine = await ada.get(f"{path}/messages")
    assert [(m["role"], m["content"]) for m in mine.json()] == [("user", "secret plan"), ("assistant", None)]
    assert (await ada.get(path)).json()["title"] == "secret plan"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": "   "}, "content"),
        ({"content": ""}, "content"),
        ({"content": "x" * 20_001}, "content"),
        ({"content": "hi\u0000there"}, "content"),
        ({}, "content"),
        ({"content": "hi", "role": "assistant"}, "role"),
    ],
)
async def test_a_bad_message_is_refused_naming_what_is_wrong(
    ada: Api, body: dict[str, Any], field: str
) -> None:
    # Given a session
    workflow_id = await chat_workflow(ada)
    session = (await ada.post(f"/api/v1/workflows/{workflow_id}/chat-sessions")).json()

    # When Ada sends a message that is blank, too long, missing, or says more than a message says
    response = await ada.post(f"/api/v1/chat-sessions/{session['id']}/messages", body)

    # Then it is refused naming the field, and nothing was stored
    assert response.status_code == 422, response.text
    assert field in [e.get("field") for e in response.json()["errors"]] or field in response.json()["detail"]
    assert (await ada.get(f"/api/v1/chat-sessions/{session['id']}/messages")).json() == []


async def test_a_blank_title_is_refused(ada: Api) -> None:
    # Given a session
    workflow_id = await chat_workflow(ada)
    session = (await ada.post(f"/api/v1/workflows/{workflow_id}/chat-sessions")).json()

    # When Ada renames it to nothing
    response = await ada.patch(f"/api/v1/chat-sessions/{session['id']}", {"title": " "})

    # Then it is refused naming the title
    assert response.status_code == 422, response.text
    assert "title" in response.text


async def test_a_workflow_that_is_not_a_chat_cannot_be_chatted_with(ada: Api) -> None:
    # Given a workflow that takes a topic, not a message
    workflow = await ada.create("Pipeline", pipeline())

    # When Ada starts a chat with it
    response = await ada.post(f"/api/v1/workflows/{workflow['id']}/chat-sessions")

    # Then she is told why it is not a chat
    assert response.status_code == 422, response.text
    assert "needs a `message` input" in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "inputs"


async def test_a_chat_whose_workflow_stopped_being_one_refuses_the_next_message(ada: Api) -> None:
    # Given a session with a chat workflow
    created = await ada.create("Assistant", CHAT)
    session = (await ada.post(f"/api/v1/workflows/{created['id']}/chat-sessions")).json()

    # When the workflow is edited to require another input, and Ada writes
    changed = {**CHAT, "inputs": {**CHAT["inputs"], "tone": {"type": "string"}}}  # type: ignore[dict-item]
    saved = await ada.put(
        f"/api/v1/workflows/{created['id']}",
        {"spec": changed, "based_on_version": created["current_version"]},
    )
    assert saved.status_code == 200, saved.text
    response = await ada.post(f"/api/v1/chat-sessions/{session['id']}/messages", {"content": "hello"})

    # Then the message is refused naming the input it lacks, and nothing was stored
    assert response.status_code == 422, response.text
    assert "`tone`" in response.json()["detail"]
    assert (await ada.get(f"/api/v1/chat-sessions/{session['id']}/messages")).json() == []


async def test_an_unknown_workflow_or_session_is_404(ada: Api) -> None:
    # Given ids that name nothing
    nobody = "00000000-0000-4000-8000-000000000000"

    # When Ada uses them
    answers = [
        await ada.post(f"/api/v1/workflows/{nobody}/chat-sessions"),
        await ada.get(f"/api/v1/workflows/{nobody}/chat-sessions"),
        await ada.post(f"/api/v1/chat-sessions/{nobody}/messages", {"content": "hi"}),
    ]

    # Then each is a 404 naming what was not found
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert "workflow" in answers[0].json()["detail"]
    assert "chat session" in answers[2].json()["detail"]
