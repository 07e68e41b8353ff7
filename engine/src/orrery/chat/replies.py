"""An assistant message's reply, read from the run that writes it.

Who writes the reply: nobody at the run's end. It is derived here, on read, from the run's
row (status, outputs, error), and the message row records the latest reading. Why not the
worker at the run's end: the runner stays general (it knows no chats, the layering keeps
chats above runs), workers get no access to conversations at all (chat_messages is closed
to their login role), and a run's story may go on after it ended: a failed reply retried
from its failed step (`POST /runs/{id}/retry`) becomes the reply with no extra code path.
A run that is gone (its row deleted) leaves the last reading in place.

The reply is the run's output named `reply`; else its only output (text as is, anything
else as JSON). A run that succeeds with neither gives a `failed` message saying so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from orrery.chat.models import MAX_REPLY_CHARS
from orrery.spec.chat import REPLY_OUTPUT

_PENDING = {"queued": "pending", "running": "pending", "waiting": "waiting"}


@dataclass(frozen=True, slots=True)
class Reading:
    """An assistant message as its run says it is now."""

    status: str
    content: str | None = None
    error: dict[str, Any] | None = None


def read_reply(status: str, outputs: Mapping[str, Any] | None, error: Mapping[str, Any] | None) -> Reading:
    """The message for a run in `status` with these outputs and error."""
    if status in _PENDING:
        return Reading(_PENDING[status])
    if status == "cancelled":
        return Reading("cancelled", error={"code": "cancelled", "message": "The reply's run was cancelled."})
    if status == "failed":
        found = dict(error or {})
        detail = {"code": str(found.get("code") or "failed"), "message": str(found.get("message") or "")}
        if not detail["message"]:
            detail["message"] = "The reply's run failed."
        if found.get("node_id"):
            detail["node_id"] = str(found["node_id"])
        return Reading("failed", error=detail)
    content = reply_of(outputs or {})
    if content is None:
        names = ", ".join(f"`{n}`" for n in sorted(outputs or {})) or "none"
        return Reading(
            "failed",
            error={
                "code": "no_reply",
                "message": f"The run ended without a `{REPLY_OUTPUT}` output (its outputs: {names}).",
            },
        )
    return Reading("succeeded", content=content)


def reply_of(outputs: Mapping[str, Any]) -> str | None:
    """The output named `reply`, else the only output; as text, capped to a message's length."""
    if REPLY_OUTPUT in outputs:
        value = outputs[REPLY_OUTPUT]
    elif len(outputs) == 1:
        (value,) = outputs.values()
    else:
        return None
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=2)
    return text[:MAX_REPLY_CHARS]


def reading_of(row: Mapping[str, Any]) -> Reading | None:
    """The reading of a message row joined with its run (`store.chats.list_messages`); None for
    a user message or a message whose run is gone (its stored reading stands)."""
    if row["role"] != "assistant" or row.get("run_status") is None:
        return None
    return read_reply(row["run_status"], row.get("run_outputs"), row.get("run_error"))
