"""The one place where errors become HTTP responses, in one body shape: `ErrorBody`.

Every 4xx/5xx the engine answers (except the Supabase Auth stand-in at `/auth/v1`,
which keeps Supabase's own shape for supabase-js) is an `ErrorBody`: the engine's
errors (`orrery.errors` and the packages' trees under it), the workflow document's
(`orrery.spec`), Litestar's client errors (a body or parameter that does not decode,
an unknown route, a method not allowed), a value the database cannot store, and
anything unexpected: a 500 that carries the request id, logged once with its trace.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
import psycopg
from litestar import MediaType, Request, Response
from litestar.exceptions import ClientException, HTTPException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_502_BAD_GATEWAY,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from orrery import errors
from orrery.api.request_id import request_id
from orrery.spec import DocumentTooLarge, InvalidDocument, SpecError
from orrery.workflows import StaleVersion

log = logging.getLogger(__name__)


class ErrorItem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One thing wrong with the request: a field, a parameter, or a workflow-document problem."""

    message: str
    field: str | None = None
    """Where: a body field's path (`name`, `inputs.topic`, `spec.nodes[0].label`), a parameter's
    name, or, for a document problem, the path relative to its node or edge (`config.template`)."""
    code: str | None = None
    """A stable code when there is one (document problems: `invalid_config`, `cycle`, ...)."""
    node_id: str | None = None
    edge_id: str | None = None


class ErrorBody(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The body of every error the engine answers."""

    status_code: int
    detail: str
    """What went wrong, for a person."""
    errors: list[ErrorItem]
    """One item per field or problem; empty when `detail` says it all."""
    request_id: str
    """Also in the `X-Request-Id` header; quote it when reporting a problem."""
    current_version: int | None = None
    """409 on saving a workflow: its current version (reload it, then merge)."""


class UnreadableBody(ClientException):
    """The body cannot be read as JSON at all (not UTF-8, nested too deep): 400 on every route."""


_STATUS: dict[type[errors.OrreryError], int] = {
    errors.BadRequest: HTTP_400_BAD_REQUEST,
    errors.AuthenticationError: HTTP_401_UNAUTHORIZED,
    errors.NotFound: HTTP_404_NOT_FOUND,
    errors.Forbidden: HTTP_403_FORBIDDEN,
    errors.Conflict: HTTP_409_CONFLICT,
    errors.InvalidInput: HTTP_422_UNPROCESSABLE_ENTITY,
    errors.PayloadTooLarge: HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    errors.UpstreamFailed: HTTP_502_BAD_GATEWAY,
    errors.DependencyUnavailable: HTTP_503_SERVICE_UNAVAILABLE,
}

_CLIENT_GONE = "client disconnected prematurely"  # Litestar's detail when the body stops short
INVALID_BODY_STATUS = "invalid_body_status"
"""A route `opt`: the status for a body or parameter that does not decode (Litestar's 400);
the workflow routes answer 422, as for a document that is not valid."""


def _item(raw: object) -> ErrorItem | None:
    """An item from what the services and Litestar put in their errors: `{field, message}`,
    a document `Problem` (`{code, message, node_id?, edge_id?, path?}`) or `{key, message}`."""
    if isinstance(raw, msgspec.Struct):
        raw = msgspec.to_builtins(raw)
    if not isinstance(raw, Mapping) or not isinstance(raw.get("message"), str):
        return None
    text = {k: v for k, v in raw.items() if isinstance(v, str) and v}
    return ErrorItem(
        message=raw["message"],
        field=text.get("field") or text.get("path") or text.get("key"),
        code=text.get("code"),
        node_id=text.get("node_id"),
        edge_id=text.get("edge_id"),
    )


def error_response(
    request: Request[Any, Any, Any],
    status_code: int,
    detail: str,
    items: Sequence[object] = (),
    *,
    headers: Mapping[str, str] | None = None,
    current_version: int | None = None,
) -> Response[ErrorBody]:
    body = ErrorBody(
        status_code=status_code,
        detail=detail,
        errors=[item for item in map(_item, items) if item is not None],
        request_id=request_id(request.scope),
        current_version=current_version,
    )
    extra = dict(headers or {})
    if status_code == HTTP_401_UNAUTHORIZED:
        extra.setdefault("WWW-Authenticate", "Bearer")
    if status_code == HTTP_503_SERVICE_UNAVAILABLE:
        extra.setdefault("Retry-After", "2")
    return Response(body, status_code=status_code, media_type=MediaType.JSON, headers=extra or None)


def orrery_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    assert isinstance(exc, errors.OrreryError)
    for kind, status_code in _STATUS.items():
        if isinstance(exc, kind):
            items = exc.errors if isinstance(exc, errors.InvalidInput) else ()
            current = exc.current_version if isinstance(exc, StaleVersion) else None
            return error_response(request, status_code, str(exc), items, current_version=current)
    return unexpected_error_handler(request, exc)


def spec_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    """The workflow document's own errors (the `spec` package imports nothing of ours)."""
    assert isinstance(exc, SpecError)
    if isinstance(exc, DocumentTooLarge):
        return error_response(request, HTTP_413_REQUEST_ENTITY_TOO_LARGE, str(exc))
    problems = exc.problems if isinstance(exc, InvalidDocument) else ()
    return error_response(request, HTTP_422_UNPROCESSABLE_ENTITY, str(exc), problems)


def http_exception_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    """Litestar's own: a body or parameter that does not decode, 404 and 405 (with `Allow`), 413."""
    assert isinstance(exc, HTTPException)
    status_code = exc.status_code
    if status_code >= HTTP_500_INTERNAL_SERVER_ERROR:
        rid = request_id(request.scope)
        # A client that went away while its body was read (or timed out) is nobody's fault: no
        # line per connection. Anything else Litestar calls a server error is one line.
        level = logging.DEBUG if exc.detail == _CLIENT_GONE else logging.WARNING
        log.log(level, "request %s: %s %s: %s", rid, request.method, request.url.path, exc.detail)
        return error_response(request, status_code, f"Internal error; quote request id {rid} to report it.")
    route_handler = request.scope.get("route_handler")
    if status_code == HTTP_400_BAD_REQUEST and route_handler and not isinstance(exc, UnreadableBody):
        status_code = route_handler.opt.get(INVALID_BODY_STATUS, status_code)
    items = [_public_key(request, i) for i in exc.extra] if isinstance(exc.extra, list) else []
    return error_response(request, status_code, _naming_fields(exc.detail, items), items, headers=exc.headers)


def _public_key(request: Request[Any, Any, Any], item: object) -> object:
    """Litestar names a parameter by its Python name (`last_event_id`): the client knows it by
    the name it sends (`Last-Event-ID`)."""
    if not isinstance(item, Mapping) or not isinstance(key := item.get("key"), str):
        return item
    try:
        declared = request.route_handler.parsed_fn_signature.parameters[key].kwarg_definition
    except (KeyError, AttributeError):
        return item
    name = getattr(declared, "name", None)
    return {**item, "key": name} if isinstance(name, str) and name else item


def _naming_fields(detail: str, items: Sequence[object]) -> str:
    """Litestar's "Validation failed for GET /path" with what failed: "...: `limit`: Expected `int`"."""
    if not detail.startswith("Validation failed"):
        return detail
    named = [
        f"`{item.field}`: {item.message}" if item.field else item.message
        for item in map(_item, items)
        if item
    ]
    return f"{detail}: {'; '.join(named)}" if named else detail


def data_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    """A value the database refused (a psycopg `DataError`, or a constraint): the request's
    fault, so a 4xx naming the column when Postgres says which; logged as one line."""
    assert isinstance(exc, psycopg.DataError | psycopg.IntegrityError)
    reason = exc.diag.message_primary or str(exc).splitlines()[0]
    column = exc.diag.column_name
    status_code = (
        HTTP_409_CONFLICT
        if isinstance(exc, psycopg.errors.UniqueViolation)
        else HTTP_422_UNPROCESSABLE_ENTITY
    )
    log.warning(
        "request %s: the database refused a value (%s): %s",
        request_id(request.scope),
        type(exc).__name__,
        reason,
    )
    items = [{"field": column, "message": reason}] if column else [{"message": reason}]
    return error_response(request, status_code, f"A value cannot be stored: {reason}", items)


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    """Never a trace to the client: one log line (with the trace) and the request id."""
    rid = request_id(request.scope)
    log.error("request %s failed: %s %s", rid, request.method, request.url.path, exc_info=exc)
    return error_response(
        request, HTTP_500_INTERNAL_SERVER_ERROR, f"Internal error; quote request id {rid} to report it."
    )


exception_handlers = {
    errors.OrreryError: orrery_error_handler,
    SpecError: spec_error_handler,
    HTTPException: http_exception_handler,
    psycopg.DataError: data_error_handler,
    psycopg.IntegrityError: data_error_handler,
    Exception: unexpected_error_handler,
}
