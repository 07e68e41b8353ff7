"""The request guard: one place, in front of every handler, that refuses what no
handler can take (see `api/payload.py`): a NUL in a path parameter, a query
parameter or any JSON string (422 naming each field); a body that is not UTF-8
or nests JSON deeper than `MAX_JSON_DEPTH` (400 saying so). A route whose body is a file
(`opt={"binary_body": True}`: uploads) is not read as text.

It runs after routing and after the bearer-token check (an anonymous request is
refused before its body is read), reads the body through Litestar's own `Request`
(so the route's `request_max_body_size` still answers 413, and the handler reuses
the bytes), and raises Litestar client exceptions (`UnreadableBody` is one): every route maps them
with its own error shape (`api/errors.py`, or Supabase Auth's at `/auth/v1`).
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.enums import ScopeType
from litestar.exceptions import ValidationException
from litestar.middleware import ASGIMiddleware
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY
from litestar.types import ASGIApp, Receive, Scope, Send

from orrery.api.errors import UnreadableBody
from orrery.api.payload import (
    MAX_JSON_DEPTH,
    NUL_MESSAGE,
    invalid_utf8_at,
    json_too_deep,
    nul_fields_in_json,
    nul_path_parameters,
    nul_query_parameters,
)

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _refuse_nul(fields: list[str], where: str) -> ValidationException:
    names = ", ".join(f"`{f}`" for f in fields)
    return ValidationException(
        detail=f"{names} {NUL_MESSAGE}" if len(fields) == 1 else f"{where} {names} contain NUL characters",
        extra=[{"field": f, "message": NUL_MESSAGE, "code": "nul_character"} for f in fields],
        status_code=HTTP_422_UNPROCESSABLE_ENTITY,
    )


def check_body(body: bytes) -> None:
    """Raise the client error for a body no handler can take; return for any other."""
    if not body:
        return
    bad_byte = invalid_utf8_at(body)
    if bad_byte is not None:
        raise UnreadableBody(f"The request body is not valid UTF-8 (byte {bad_byte}).")
    if json_too_deep(body):
        raise UnreadableBody(f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.")
    fields = nul_fields_in_json(body)
    if fields:
        raise _refuse_nul(fields, "the fields")


class RequestGuard(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        fields = nul_path_parameters(scope.get("path_params") or {})
        if fields:
            raise _refuse_nul(fields, "the path parameters")
        fields = nul_query_parameters(scope.get("query_string", b""))
        if fields:
            raise _refuse_nul(fields, "the query parameters")
        if scope.get("method") in _BODY_METHODS:
            request: Request[Any, Any, Any] = Request(scope, receive)
            handler = scope.get("route_handler")
            binary = handler is not None and handler.opt.get("binary_body", False)
            if not binary and not request.headers.get("content-type", "").lower().startswith(_FORM_TYPES):
                check_body(await request.body())
        await next_app(scope, receive, send)
