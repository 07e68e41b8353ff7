"""The tools an agent may call. `http_fetch` goes through the worker's SSRF-guarded
client (`orrery.net.SafeHttpClient`): loopback, private, link-local and metadata
addresses are refused after DNS resolution, redirects are re-checked, and the size and
time of a fetch are capped. A failed fetch is told to the model, which may go on."""

from __future__ import annotations

import html
import re
from datetime import datetime
from html.parser import HTMLParser
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic_ai import ModelRetry, Tool

from orrery.net import NetError, SafeHttpClient

FETCH_TIMEOUT_S: Final = 15.0
FETCH_MAX_BYTES: Final = 2 * 1024 * 1024
FETCH_MAX_CHARS: Final = 20_000
TOOL_NAMES: Final = ("http_fetch", "current_time")


def build_tools(names: list[str], http: SafeHttpClient) -> list[Tool[None]]:
    async def http_fetch(url: str) -> str:
        """Fetch a public web page or API over http(s) and return its text (HTML reduced to
        readable text, at most 20,000 characters).

        Args:
            url: The absolute http:// or https:// URL to fetch.
        """
        try:
            response = await http.request(
                "GET", url, timeout_s=FETCH_TIMEOUT_S, max_response_bytes=FETCH_MAX_BYTES
            )
        except NetError as exc:
            return f"Fetch failed: {exc}"
        text = response.content.decode("utf-8", errors="replace")
        if response.content_type in ("text/html", "application/xhtml+xml"):
            text = html_to_text(text)
        text = text.strip()
        if len(text) > FETCH_MAX_CHARS:
            text = text[:FETCH_MAX_CHARS] + "\n[... cut at 20,000 characters]"
        if response.status >= 400:
            return f"HTTP {response.status} from {response.url}:\n{text[:2000]}"
        return text

    def current_time(timezone: str = "UTC") -> str:
        """The current date and time, in ISO 8601 with the weekday.

        Args:
            timezone: An IANA time zone such as `UTC` or `Europe/Paris`.
        """
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ModelRetry(f"`{timezone}` is not an IANA time zone; try `UTC` or `Europe/Paris`.") from None
        now = datetime.now(zone)
        return f"{now.isoformat(timespec='seconds')} ({now.strftime('%A')}, {timezone})"

    available = {"http_fetch": Tool(http_fetch), "current_time": Tool(current_time)}
    return [available[name] for name in names if name in available]


class _TextOf(HTMLParser):
    _SKIP: Final = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _BLOCK: Final = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "pre"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextOf()
    try:
        parser.feed(markup)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # malformed markup: fall back to stripping tags
        text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
