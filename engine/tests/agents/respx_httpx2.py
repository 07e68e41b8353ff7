"""respx for `httpx2`: the OpenAI, Anthropic and Mistral SDKs (and so pydantic-ai's
providers) moved from `httpx` to its successor `httpx2`, which respx does not patch yet.

`HTTPX2Mocker` is a respx mocker (`respx.mock(using="httpx2")`) that patches httpx2's
transport and hands each request to respx's router as an `httpx.Request`, so the routes,
side effects and call records are plain respx; the `httpx.Response` a route gives back
is passed to the SDK as an `httpx2.Response`. Test-only: nothing in the engine imports it.
"""

from __future__ import annotations

from typing import Any

import httpx
import httpx2
from respx.mocks import AbstractRequestMocker


class HTTPX2Mocker(AbstractRequestMocker):
    name = "httpx2"
    targets = ["httpx2._transports.default.AsyncHTTPTransport"]
    target_methods = ["handle_async_request"]

    @classmethod
    def to_httpx_request(cls, **kwargs: Any) -> httpx.Request:
        request: httpx2.Request = kwargs["request"]
        return httpx.Request(
            request.method,
            str(request.url),
            headers=list(request.headers.raw),
            content=request.content,
            extensions=request.extensions,
        )

    @classmethod
    async def prepare_async_request(cls, httpx_request: httpx.Request, **kwargs: Any) -> Any:
        return httpx_request, kwargs

    @classmethod
    async def _send_async_request(cls, httpx_request: httpx.Request, **kwargs: Any) -> Any:
        """A route's `side_effect=httpx.ReadTimeout` etc. reaches the SDK as httpx2's own."""
        try:
            return await super()._send_async_request(httpx_request, **kwargs)
        except httpx.TimeoutException as exc:
            raise httpx2.ReadTimeout(str(exc) or "timed out") from exc
        except httpx.TransportError as exc:
            raise httpx2.ConnectError(str(exc) or "connection failed") from exc

    @classmethod
    async def from_async_httpx_response(
        cls, httpx_response: httpx.Response, target: Any, **kwargs: Any
    ) -> httpx2.Response:
        content = await httpx_response.aread()
        return httpx2.Response(
            status_code=httpx_response.status_code,
            headers=list(httpx_response.headers.raw),
            content=content,
            request=kwargs["request"],
        )
