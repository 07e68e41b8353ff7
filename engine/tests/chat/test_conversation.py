"""A conversation with a workflow, as a user holds it: each message starts an ordinary run with
the conversation so far, and the reply is read from that run when it ends (a real worker)."""

from __future__ import annotations

import pytest

from orrery.workflows.templates import find_template
from tests.chat.helpers import answered, echo_chat, failing_chat, messages, new_session, say
from tests.runner.conftest import Api, WorkerProcess
from tests.support.local_server import LocalServer

pytestmark = pytest.mark.slow


async def test_a_three_turn_conversation_gives_each_run_the_turns_before_it(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a chat workflow and a new session with it
    workflow_id = api.create_workflow(echo_chat(), name="Echo")
    session = await new_session(api, workflow_id)

    # When the user says three things, each after the reply to the one before
    replies = []
    for text in ["hello", "how are you", "bye"]:
        turn = await say(api, session["id"], text)
        assert (turn["user"]["content"], turn["assistant"]["status"]) == (text, "pending")
        replies.append(await answered(api, session["id"], turn["assistant"]["id"]))

    # Then each reply came from a run that was given the turns before it
    assert [r["content"] for r in replies] == [
        "You said hello after 0 turns",
        "You said how are you after 2 turns",
        "You said bye after 4 turns",
    ]
    last = await api.run(replies[-1]["run_id"])
    assert last["inputs"] == {
        "message": "bye",
        "history": [
            {"role": "user", "content": "hello"},
            {"role": "assistant", "content": "You said hello after 0 turns"},
            {"role": "user", "content": "how are you"},
            {"role": "assistant", "content": "You said how are you after 2 turns"},
        ],
    }
    # and the session reads back as six messages, in order, named by its first message
    conversation = await messages(api, session["id"])
    assert [(m["role"], m["status"]) for m in conversation] == [
        ("user", "sent"),
        ("assistant", "succeeded"),
    ] * 3
    read = await api.client.get(f"/api/v1/chat-sessions/{session['id']}", headers=api.headers)
    assert read.json()["title"] == "hello"
    # and the runs are ordinary runs, in the workflow's run history
    history = await api.client.get("/api/v1/runs", params={"workflow_id": workflow_id}, headers=api.headers)
    assert {r["id"] for r in history.json()["items"]} == {r["run_id"] for r in replies}


async def test_the_chat_assistant_template_remembers_the_conversation_offline(
    api: Api, worker: WorkerProcess
) -> None:
    # Given the "Chat assistant" template as the user's workflow (the demo model, no key)
    template = find_template("chat-assistant")
    assert template is not None
    workflow_id = api.create_workflow(template.spec, name=template.name)
    session = await new_session(api, workflow_id)

    # When the user holds a three-message conversation
    replies = []
    for text in ["Tell me about tide pools", "Which animals live there?", "Thanks!"]:
        turn = await say(api, session["id"], text)
        replies.append(await answered(api, session["id"], turn["assistant"]["id"]))

    # Then every reply was written, and the assistant was shown the earlier turns as its conversation
    assert [r["status"] for r in replies] == ["succeeded"] * 3
    assert "earlier message" not in (replies[0]["content"] or "")
    assert "(I was shown 2 earlier messages" in replies[1]["content"]
    assert "(I was shown 4 earlier messages" in replies[2]["content"]


async def test_a_failed_run_gives_an_assistant_message_marked_failed_and_the_next_turn_goes_on(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a chat whose reply needs a call that fails
    workflow_id = api.create_workflow(failing_chat(web.url("/status?code=404")), name="Flaky")
    session = await new_session(api, workflow_id)

    # When the user writes
    turn = await say(api, session["id"], "are you there?")
    reply = await answered(api, session["id"], turn["assistant"]["id"])

    # Then the reply is marked failed with the run's error, and no content
    assert reply["status"] == "failed"
    assert reply["content"] is None
    assert reply["error"]["code"] == "http_status"
    assert reply["error"]["node_id"] == "call"
    assert reply["run_id"] == turn["run_id"]
    # and the next message may be sent; its run is given the user's turn, not the failed reply
    again = await say(api, session["id"], "hello?")
    run = await api.run(again["run_id"])
    assert run["inputs"]["history"] == [{"role": "user", "content": "are you there?"}]


async def test_a_reply_that_is_not_written_yet_holds_the_next_message(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a chat whose reply waits for an approval
    spec = echo_chat()
    spec["nodes"].insert(1, {"id": "check", "type": "approval", "position": {"x": 0, "y": 0}, "config": {}})
    spec["edges"] = [
        {"id": "a", "source": "start", "target": "check"},
        {"id": "b", "source": "check", "target": "answer", "source_handle": "approved"},
        {"id": "c", "source": "answer", "target": "reply"},
    ]
    workflow_id = api.create_workflow(spec, name="Checked")
    session = await new_session(api, workflow_id)
    turn = await say(api, session["id"], "hello")
    await api.wait(turn["run_id"], {"waiting"})  # the run parks after its step does

    # When the user writes again before deciding
    early = await api.post(f"/api/v1/chat-sessions/{session['id']}/messages", {"content": "anyone?"})

    # Then it is refused until the reply is written, which shows as waiting
    assert early.status_code == 409, early.text
    assert "still being written" in early.json()["detail"]
    assert [m["status"] for m in await messages(api, session["id"])] == ["sent", "waiting"]
    # and once approved, the reply lands and the next message goes through
    decided = await api.post(f"/api/v1/runs/{turn['run_id']}/steps/check/decision", {"approved": True})
    assert decided.status_code == 200, decided.text
    reply = await answered(api, session["id"], turn["assistant"]["id"])
    assert reply["content"] == "You said hello after 0 turns"
    await say(api, session["id"], "anyone?")
