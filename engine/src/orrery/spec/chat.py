"""When a workflow is a chat: what its inputs must be for a conversation to run it.

A workflow is a chat when it declares
- `message`, a `string`: what the user just wrote; and optionally
- `history`, an `array`: the turns before it, oldest first, each `{"role": "user" |
  "assistant", "content": "..."}`;
and every other input it declares is optional or has a default (a chat gives only those two).
The reply is the run's output named `reply`, else its only output (`orrery.chat.replies`).
"""

from __future__ import annotations

from typing import Final

from msgspec import UNSET

from orrery.spec.document import Workflow

MESSAGE_INPUT: Final = "message"
HISTORY_INPUT: Final = "history"
REPLY_OUTPUT: Final = "reply"


def chat_problem(doc: Workflow) -> str | None:
    """Why the workflow cannot be held as a chat (a sentence), or None when it can."""
    message = doc.inputs.get(MESSAGE_INPUT)
    if message is None or message.type != "string":
        return f"it needs a `{MESSAGE_INPUT}` input of type string"
    history = doc.inputs.get(HISTORY_INPUT)
    if history is not None and history.type != "array":
        return f"its `{HISTORY_INPUT}` input must be of type array"
    others = [
        name
        for name, spec in doc.inputs.items()
        if name not in (MESSAGE_INPUT, HISTORY_INPUT) and spec.required and spec.default is UNSET
    ]
    if others:
        names = ", ".join(f"`{n}`" for n in sorted(others))
        return f"a chat gives only `{MESSAGE_INPUT}` and `{HISTORY_INPUT}`, but it requires {names}"
    return None


def is_chat(doc: Workflow) -> bool:
    """Whether a conversation can run the workflow (see the module's docstring)."""
    return chat_problem(doc) is None


def takes_history(doc: Workflow) -> bool:
    """Whether its runs are given the conversation so far (it declares `history`)."""
    return HISTORY_INPUT in doc.inputs
