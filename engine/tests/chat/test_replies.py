"""Which workflows are chats, and how a reply is read from the run that writes it."""

from __future__ import annotations

from typing import Any

import pytest

from orrery.chat.replies import read_reply
from orrery.spec import decode_workflow
from orrery.spec.chat import chat_problem

BASE: dict[str, Any] = {"schema": "orrery.workflow/v1", "nodes": [], "edges": []}


@pytest.mark.parametrize(
    ("inputs", "problem"),
    [
        ({"message": {"type": "string"}}, None),
        ({"message": {"type": "string"}, "history": {"type": "array", "required": False}}, None),
        ({"message": {"type": "string"}, "tone": {"type": "string", "default": "warm"}}, None),
        ({"topic": {"type": "string"}}, "it needs a `message` input of type string"),
        ({"message": {"type": "object"}}, "it needs a `message` input of type string"),
        ({"message": {"type": "string"}, "history": {"type": "string"}}, "must be of type array"),
        ({"message": {"type": "string"}, "tone": {"type": "string"}}, "it requires `tone`"),
    ],
)
def test_a_workflow_is_a_chat_when_a_message_and_history_are_all_it_needs(
    inputs: dict[str, Any], problem: str | None
) -> None:
    # Given a workflow with these inputs
    doc = decode_workflow({**BASE, "inputs": inputs})
    # When asked whether it is a chat
    found = chat_problem(doc)
    # Then it is, or the reason says why not
    assert found == problem if problem is None else problem in (found or "")


def test_the_reply_is_the_output_named_reply_else_the_only_output() -> None:
    # Given succeeded runs with various outputs
    # When their replies are read
    # Then `reply` wins, a single output is the reply (JSON when not text), and several are none
    assert read_reply("succeeded", {"reply": "Hi!", "sources": []}, None).content == "Hi!"
    assert read_reply("succeeded", {"answer": "Hello"}, None).content == "Hello"
    assert read_reply("succeeded", {"answer": {"a": 1}}, None).content == '{\n  "a": 1\n}'
    several = read_reply("succeeded", {"a": "x", "b": "y"}, None)
    assert (several.status, several.content) == ("failed", None)
    assert several.error is not None
    assert several.error["code"] == "no_reply"
    assert "`a`, `b`" in several.error["message"]


def test_a_run_in_progress_failed_or_cancelled_reads_as_such() -> None:
    # Given runs in each state
    # When their replies are read
    # Then a running one is pending, an approval waits, and a failure carries the run's error
    assert read_reply("running", None, None).status == "pending"
    assert read_reply("waiting", None, None).status == "waiting"
    failed = read_reply("failed", None, {"code": "budget_exceeded", "message": "Over budget", "node_id": "a"})
    assert (failed.status, failed.error) == (
        "failed",
        {"code": "budget_exceeded", "message": "Over budget", "node_id": "a"},
    )
    assert read_reply("cancelled", None, None).error == {
        "code": "cancelled",
        "message": "The reply's run was cancelled.",
    }
