"""Documents from a URL: fetched through the SSRF-guarded client, in the encoding the page
declares, an HTML page reduced to its main content (`orrery.net.html`: trafilatura).

`discover` finds more pages of the same site from a starting URL, for "follow the
sitemap" or "follow links": the site's `sitemap.xml` (or the URL itself, if it is one; a
sitemap index is followed one level), or the `<a href>` links of the page. Only pages of
the same origin are kept, each fetch passes the same SSRF guard, and at most `limit`.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final
from urllib.parse import urldefrag, urljoin, urlsplit

from orrery.errors import InvalidInput
from orrery.memory.errors import DocumentTooLarge, SourceFetchFailed
from orrery.net import NetError, ResponseTooLarge, SafeHttpClient, UnsupportedUrl, decode_body, extract_page

MAX_RESPONSE_BYTES: Final = 5 * 1024 * 1024
_TEXT_TYPES: Final = frozenset(
    {"application/json", "application/xml", "application/xhtml+xml", "application/markdown"}
)
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>", re.IGNORECASE)
_SKIPPED_LINKS = re.compile(r"\.(png|jpe?g|gif|svg|webp|css|js|zip|mp4|mp3|ico|woff2?)$", re.IGNORECASE)


@dataclass(frozen=True)
class FetchedText:
    url: str
    """The final URL, after redirects."""
    title: str
    text: str
    published: str | None = None
    """The page's publication date (YYYY-MM-DD), when it states one."""


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
    body = decode_body(response.content, response.headers.get("content-type", ""))
    title, published = response.url, None
    if kind in ("text/html", "application/xhtml+xml") or (not kind and "<html" in body[:1000].lower()):
        # lxml and trafilatura on a page of up to 5 MB: off the event loop.
        page = await asyncio.to_thread(extract_page, body, url=response.url)
        body, title, published = page.text, page.title or response.url, page.date
    if len(body.encode("utf-8")) > max_text_bytes:
        raise DocumentTooLarge(f"The text of {url} is over {max_text_bytes // (1024 * 1024)} MB.")
    if not body.strip():
        raise SourceFetchFailed(f"The page at {url} has no text.")
    return FetchedText(url=response.url, title=title, text=body, published=published)


async def discover(http: SafeHttpClient, url: str, *, follow: str, limit: int) -> list[str]:
    """Up to `limit` more pages of `url`'s site (not `url` itself), in the order found:
    from its sitemap (`follow="sitemap"`) or its links (`follow="links"`). A sitemap or
    page that cannot be fetched gives none (the starting page is still added)."""
    origin = _origin(url)
    found: list[str] = []
    seen = {_canonical(url)}

    def keep(candidate: str) -> None:
        candidate = _canonical(candidate)
        if (
            len(found) < limit
            and candidate not in seen
            and _origin(candidate) == origin
            and not _SKIPPED_LINKS.search(urlsplit(candidate).path)
        ):
            seen.add(candidate)
            found.append(candidate)

    if follow == "sitemap":
        sitemap = url if urlsplit(url).path.endswith(".xml") else urljoin(origin + "/", "sitemap.xml")
        locations = _LOC.findall(await _body(http, sitemap))
        nested = [loc for loc in locations if loc.endswith(".xml") and _origin(loc) == origin]
        for more in await asyncio.gather(*(_body(http, loc) for loc in nested[:10])):
            locations += _LOC.findall(more)
        for loc in locations:
            if not loc.endswith(".xml"):
                keep(loc)
    else:
        links = _Links()
        links.feed(await _body(http, url))
        for href in links.hrefs:
            keep(urljoin(url, href))
    return found


async def _body(http: SafeHttpClient, url: str) -> str:
    try:
        response = await http.request("GET", url, timeout_s=20.0, max_response_bytes=MAX_RESPONSE_BYTES)
    except NetError:
        return ""
    if response.status >= 400:
        return ""
    return decode_body(response.content, response.headers.get("content-type", ""))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href and not href.startswith(("mailto:", "javascript:", "tel:", "#")):
                self.hrefs.append(href)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _canonical(url: str) -> str:
    return urldefrag(url)[0]
