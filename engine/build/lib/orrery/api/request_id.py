"""Every request gets an id: in the `X-Request-Id` header of its response, in the
body of an error, and in the one log line an unexpected failure writes, so a user's
report and the server's log meet. Always generated here (a client's own header is
not trusted into the log); a reverse proxy's id can be logged beside it."""

from __future__ import annotations

import secrets

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

HEADER = "X-Request-Id"
_KEY = "orrery.request_id"


def request_id(scope: Scope) -> str:
    """This request's id (made on first use, then kept in the scope)."""
    state = scope.setdefault("state", {})  # type: ignore[typeddict-item]
    found = state.get(_KEY)
    if found is None:
        found = state[_KEY] = secrets.token_hex(8)
    return str(found)


async def add_request_id_header(message: Message, scope: Scope) -> None:
    """`before_send` hook: the id on every response."""
    if message["type"] == "http.response.start":
        MutableScopeHeaders.from_message(message)[HEADER] = request_id(scope)
