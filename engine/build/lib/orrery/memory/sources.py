"""Documents from a URL: fetched through the SSRF-guarded client, HTML reduced to text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Final

from orrery.errors import InvalidInput
from orrery.memory.errors import DocumentTooLarge, SourceFetchFailed
from orrery.net import NetError, ResponseTooLarge, SafeHttpClient, UnsupportedUrl, html_to_text

MAX_RESPONSE_BYTES: Final = 5 * 1024 * 1024
_TEXT_TYPES: Final = frozenset(
    {"application/json", "application/xml", "application/xhtml+xml", "application/markdown"}
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class FetchedText:
    url: str
    """The final URL, after redirects."""
    title: str
    text: str


async def fetch_url(http: SafeHttpClient, url: str, *, max_text_bytes: int) -> FetchedText:
    """The page's text. Raises `InvalidInput` (not an http(s) URL), `SourceFetchFailed`
    (refused address, network error, error status, not text), `DocumentTooLarge`."""
    try:
        response = await http.request(
            "GET",
            url,
            headers={"accept": "text/html, text/markdown, text/plain;q=0.9, */*;q=0.1"},
            timeout_s=20.0,
            max_response_bytes=MAX_RESPONSE_BYTES,
        )
    except UnsupportedUrl as exc:
        raise InvalidInput(str(exc), [{"field": "url", "message": str(exc)}]) from None
    except ResponseTooLarge as exc:
        raise DocumentTooLarge(f"The page at {url} is too large: {exc}") from None
    except NetError as exc:
        raise SourceFetchFailed(f"Could not fetch {url}: {exc}") from None
    if response.status >= 400:
        raise SourceFetchFailed(f"Could not fetch {url}: the server answered HTTP {response.status}.")
    kind = response.content_type
    if not (kind.startswith("text/") or kind in _TEXT_TYPES or kind.endswith("+json") or not kind):
        raise SourceFetchFailed(f"The page at {url} is not text (content type {kind}).")
    charset = "utf-8"
    match = re.search(r"charset=([\w-]+)", response.headers.get("content-type", ""), re.IGNORECASE)
    if match:
        charset = match.group(1)
    try:
        body = response.content.decode(charset, errors="replace")
    except LookupError:
        body = response.content.decode("utf-8", errors="replace")
    title = response.url
    if kind in ("text/html", "application/xhtml+xml") or (not kind and "<html" in body[:1000].lower()):
        found = _TITLE.search(body)
        if found and found.group(1).strip():
            title = " ".join(html.unescape(found.group(1)).split())[:500]
        body = html_to_text(body)
    if len(body.encode("utf-8")) > max_text_bytes:
        raise DocumentTooLarge(f"The text of {url} is over {max_text_bytes // (1024 * 1024)} MB.")
    if not body.strip():
        raise SourceFetchFailed(f"The page at {url} has no text.")
    return FetchedText(url=response.url, title=title, text=body)
