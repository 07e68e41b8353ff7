"""The one place where the engine's errors become HTTP responses."""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_502_BAD_GATEWAY,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from orrery import errors

log = logging.getLogger(__name__)

_STATUS: dict[type[errors.OrreryError], int] = {
    errors.BadRequest: HTTP_400_BAD_REQUEST,
    errors.AuthenticationError: HTTP_401_UNAUTHORIZED,
    errors.NotFound: HTTP_404_NOT_FOUND,
    errors.Conflict: HTTP_409_CONFLICT,
    errors.InvalidInput: HTTP_422_UNPROCESSABLE_ENTITY,
    errors.PayloadTooLarge: HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    errors.UpstreamFailed: HTTP_502_BAD_GATEWAY,
    errors.DependencyUnavailable: HTTP_503_SERVICE_UNAVAILABLE,
}


def _body(status_code: int, detail: str, extra: dict[str, Any] | None = None) -> Response[Any]:
    content: dict[str, Any] = {"status_code": status_code, "detail": detail, **(extra or {})}
    headers = {"WWW-Authenticate": "Bearer"} if status_code == HTTP_401_UNAUTHORIZED else None
    if status_code == HTTP_503_SERVICE_UNAVAILABLE:
        headers = {"Retry-After": "2"}
    return Response(content, status_code=status_code, media_type=MediaType.JSON, headers=headers)


def orrery_error_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, errors.OrreryError)
    for kind, status_code in _STATUS.items():
        if isinstance(exc, kind):
            extra = {"errors": exc.errors} if isinstance(exc, errors.InvalidInput) else None
            return _body(status_code, str(exc), extra)
    log.exception("unmapped engine error", exc_info=exc)
    return _body(HTTP_500_INTERNAL_SERVER_ERROR, "internal error")


def http_exception_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, HTTPException)
    extra = None
    if isinstance(exc, ValidationException) and exc.extra:
        extra = {"errors": exc.extra}
    return _body(exc.status_code, exc.detail, extra)


def unexpected_error_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Never a trace to the client: log it, answer a plain 500."""
    log.exception("unhandled error", exc_info=exc)
    return _body(HTTP_500_INTERNAL_SERVER_ERROR, "internal error")


exception_handlers = {
    errors.OrreryError: orrery_error_handler,
    HTTPException: http_exception_handler,
    Exception: unexpected_error_handler,
}
