"""The HTTP node: renders method/URL/headers/body, sends them through the guarded client
(`ctx.http`), and outputs `{status, headers, body, url}`, `body` being parsed JSON when the
response says it is JSON, else text. Every request carries `Idempotency-Key:
<run>:<node>:<attempt>` unless the config sets its own. Error statuses fail the step
(5xx and 429 retryable, other 4xx not) unless `fail_on_error_status` is off.
"""

from __future__ import annotations

import json
from email.message import Message
from typing import Annotated, Any, Final, Literal

import httpx
import msgspec
from msgspec import Meta

from orrery.net import HttpResponse, NetError
from orrery.nodes.base import NodeContext, NodeResult
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import HttpRequestFailed, HttpStatusError
from orrery.nodes.fields import MaxAttempts, RetryDelaySeconds, Template, TimeoutSeconds
from orrery.nodes.templates import render, scope_of
from orrery.spec import ConfigIssue, TemplateField

MiB: Final = 1024 * 1024
FORBIDDEN_HEADERS: Final = frozenset({"host", "content-length", "transfer-encoding", "connection", "upgrade"})

HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]
HeaderName = Annotated[str, Meta(pattern=r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$")]


class HttpConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    method: HttpMethod = "GET"
    url: Annotated[Template, Meta(min_length=1, description="An http(s) URL; may use templates.")]
    headers: Annotated[dict[HeaderName, Template], Meta(description="Header values may use templates.")] = {}
    body: (
        Annotated[Template, Meta(description="Sent as JSON when it renders to JSON, else as text.")] | None
    ) = None
    fail_on_error_status: Annotated[
        bool, Meta(description="Fail the step on a 4xx/5xx answer (5xx and 429 are retried).")
    ] = True
    follow_redirects: Annotated[bool, Meta(description="Follow up to 5 redirects (each one re-checked).")] = (
        True
    )
    timeout_s: TimeoutSeconds = 30.0
    max_response_bytes: Annotated[
        int, Meta(ge=1, le=50 * MiB, description="Larger responses fail the step.")
    ] = 5 * MiB
    max_attempts: MaxAttempts = 3
    retry_initial_delay_s: RetryDelaySeconds = 1.0


class HttpNode(NodeType[HttpConfig]):
    type = "http"
    label = "HTTP request"
    category = "Tools"
    description = "Call a web API or fetch a page. Private and internal addresses are refused."
    icon = "globe"
    config_type = HttpConfig
    default_config = {"method": "GET", "url": "https://example.com"}

    def check(self, config: HttpConfig) -> list[ConfigIssue]:
        issues: list[ConfigIssue] = []
        literal = config.url.strip().split("{{", 1)[0].lower()
        if not config.url.lstrip().startswith("{{") and not literal.startswith(("http://", "https://")):
            issues.append(ConfigIssue("url", "The URL must start with http:// or https://."))
        for name in config.headers:
            if name.lower() in FORBIDDEN_HEADERS:
                issues.append(ConfigIssue(f"headers.{name}", f"The `{name}` header is set by the client."))
        if config.body is not None and config.method in ("GET", "HEAD"):
            issues.append(ConfigIssue("body", f"A {config.method} request has no body."))
        return issues

    def templates(self, config: HttpConfig) -> list[TemplateField]:
        fields = [TemplateField("url", config.url)]
        fields += [TemplateField(f"headers.{name}", value) for name, value in config.headers.items()]
        if config.body is not None:
            fields.append(TemplateField("body", config.body))
        return fields

    async def execute(self, ctx: NodeContext, config: HttpConfig) -> NodeResult:
        scope = scope_of(ctx)
        url = (await render(config.url, scope)).strip()
        headers = {name: await render(value, scope) for name, value in config.headers.items()}
        for name, value in headers.items():
            if "\r" in value or "\n" in value:
                raise HttpRequestFailed(f"The `{name}` header renders to a value with a line break.")
        lower = {name.lower() for name in headers}
        if "idempotency-key" not in lower:
            headers["Idempotency-Key"] = ctx.idempotency_key
        content: bytes | None = None
        if config.body is not None:
            body = await render(config.body, scope)
            content = body.encode()
            if "content-type" not in lower:
                headers["Content-Type"] = (
                    "application/json" if _is_json(body) else "text/plain; charset=utf-8"
                )
        try:
            response = await ctx.http.request(
                config.method,
                url,
                headers=headers,
                content=content,
                timeout_s=config.timeout_s,
                max_response_bytes=config.max_response_bytes,
                follow_redirects=config.follow_redirects,
            )
        except NetError as exc:
            raise HttpRequestFailed(str(exc), retryable=exc.retryable) from None
        await ctx.log(
            f"{config.method} {_without_query(url)} -> {response.status}",
            status=response.status,
            bytes=len(response.content),
        )
        if config.fail_on_error_status and response.status >= 400:
            raise HttpStatusError(
                f"{config.method} {_without_query(url)} answered {response.status}"
                f"{_reason(response.status)}: {_snippet(response)}",
                status=response.status,
                retry_after_s=_retry_after(response),
            )
        return NodeResult(
            output={
                "status": response.status,
                "headers": response.headers,
                "body": _body(response),
                "url": response.url,
            }
        )


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _charset(response: HttpResponse) -> str:
    message = Message()
    message["content-type"] = response.headers.get("content-type", "")
    charset = message.get_param("charset")
    return charset if isinstance(charset, str) else "utf-8"


def _text(response: HttpResponse) -> str:
    try:
        return response.content.decode(_charset(response), errors="replace")
    except LookupError:
        return response.content.decode("utf-8", errors="replace")


def _body(response: HttpResponse) -> Any:
    kind = response.content_type
    if kind == "application/json" or kind.endswith("+json"):
        try:
            return json.loads(response.content)
        except ValueError:
            return _text(response)
    return _text(response)


def _snippet(response: HttpResponse) -> str:
    text = " ".join(_text(response).split())
    return (text[:300] + "...") if len(text) > 300 else (text or "(empty body)")


def _reason(status: int) -> str:
    try:
        return " " + httpx.codes(status).name.replace("_", " ").capitalize()
    except ValueError:
        return ""


def _retry_after(response: HttpResponse) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


def _without_query(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]
