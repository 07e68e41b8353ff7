"""pydantic-ai's exceptions as `AgentError`s a user understands.

Messages name the provider and the saved credential's label, never the key, and
never quote a 401's body (providers echo part of the key there). Other provider
messages are quoted short, with the key scrubbed out in case it was echoed.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from pydantic_ai import exceptions as pe

from orrery.agents import errors
from orrery.agents.catalog import label_of
from orrery.net import BlockedAddress

MAX_QUOTE: Final = 300


def _blocked_address_in(exc: BaseException) -> BlockedAddress | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, BlockedAddress):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def agent_error(
    exc: BaseException, *, provider: str, model: str, credential_label: str | None, secret: str | None
) -> errors.AgentError | None:
    """The `AgentError` for a pydantic-ai failure; None for something that is not one."""
    who = label_of(provider)
    blocked = _blocked_address_in(exc)
    if blocked is not None:  # the guarded SDK client refused a connection (DNS changed since the check)
        return errors.BaseUrlRefused(f"{who}: {blocked}")
    key = f" “{credential_label}”" if credential_label else ""
    status = getattr(exc, "status_code", None)
    retry_after = getattr(exc, "retry_after", None)
    quoted = _quote(getattr(exc, "body", None), secret)
    if isinstance(exc, pe.ModelAuthenticationError) or status in (401, 403):
        return errors.ProviderAuthFailed(
            f"{who} refused the API key{key} (HTTP {status or 401}): the key is wrong, revoked, or not "
            f"allowed to use `{model}`. Check it, or replace it in Settings → Model credentials."
        )
    if isinstance(exc, pe.ModelQuotaExceededError) or status == 402:
        return errors.QuotaExceeded(
            f"{who} says the account behind the key{key} has no quota or credit left{quoted}."
        )
    if isinstance(exc, pe.ModelRateLimitError) or status == 429:
        wait = f"; it asked to wait {retry_after:g} s" if isinstance(retry_after, int | float) else ""
        return errors.RateLimited(
            f"{who} rate-limited the key{key} (HTTP 429){wait}.",
            retry_after_s=float(retry_after) if isinstance(retry_after, int | float) else None,
        )
    if isinstance(exc, pe.ModelTimeoutError | pe.ModelRequestTimeout | pe.RunTimedOut):
        return errors.ProviderTimeout(f"{who} did not answer in time (`{model}`).")
    if isinstance(exc, pe.ModelNotFoundError) or status == 404:
        return errors.RequestRejected(
            f"{who} has no model `{model}` for this key{key} (or the base URL is wrong){quoted}."
        )
    if isinstance(exc, pe.ModelContextWindowExceededError):
        return errors.RequestRejected(f"The prompt is too long for `{model}`'s context window{quoted}.")
    if isinstance(exc, pe.ModelUnavailableError | pe.ModelServerError | pe.ModelConnectionError):
        what = f"HTTP {status}" if status else "connection failed"
        return errors.ProviderUnavailable(f"{who} is unavailable right now ({what}){quoted}.")
    if isinstance(exc, pe.ModelRequestRejectedError | pe.ModelHTTPError):
        return errors.RequestRejected(f"{who} rejected the request (HTTP {status or 400}){quoted}.")
    if isinstance(exc, pe.ModelAPIError):
        return errors.ProviderUnavailable(f"{who} failed: {_scrub(str(exc), secret)[:MAX_QUOTE]}")
    if isinstance(exc, pe.ContentFilterError):
        return errors.ContentFiltered(f"{who}'s content filter stopped the answer of `{model}`.")
    if isinstance(exc, pe.UsageLimitExceeded):
        return errors.UsageLimitReached(
            f"The agent stopped at its limit: {str(exc).split('. Consider', 1)[0]} "
            "(a tool-call loop that does not end?)."
        )
    if isinstance(exc, pe.UnexpectedModelBehavior):
        message = _scrub(exc.message, secret)
        if "retries" in message and "output" in message:
            return errors.InvalidOutput(
                f"`{model}` did not produce output matching the output schema ({message})."
            )
        return errors.UnexpectedAnswer(
            f"`{model}` answered in a way the agent cannot use: {message[:MAX_QUOTE]}"
        )
    return None


def _quote(body: Any, secret: str | None) -> str:
    """`: "<the provider's message>"`, short and scrubbed; empty if there is none."""
    message = body
    if isinstance(body, str):
        try:
            message = json.loads(body)
        except ValueError:
            message = body
    if isinstance(message, dict):
        inner = message.get("error", message)
        message = inner.get("message") if isinstance(inner, dict) else inner
    if not isinstance(message, str) or not message.strip():
        return ""
    text = " ".join(_scrub(message, secret).split())
    return f': "{text[:MAX_QUOTE]}{"..." if len(text) > MAX_QUOTE else ""}"'


def _scrub(text: str, secret: str | None) -> str:
    if secret and len(secret) >= 4:
        text = text.replace(secret, "[key]")
        # Providers echo keys masked (`sk-ab****wxyz`): drop anything key-shaped.
    return re.sub(r"\b(sk|pk|gsk|key|AIza)[-_A-Za-z0-9*]{8,}", "[key]", text)
