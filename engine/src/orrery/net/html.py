"""Web pages as readable text: what an agent's `http_fetch` and a memory URL document keep.

Two steps, both shared by every caller:
- `decode_body`: bytes to text in the encoding the page declares: the HTTP header's
  `charset` first, then a byte-order mark, then `<meta charset>` / `<meta http-equiv>` in
  the first 4 KB (what browsers do); UTF-8 when nothing is declared, or the declared name
  is unknown. A windows-1251 or Shift_JIS page reads as its author wrote it.
- `extract_page`: trafilatura (maintained, measured best of its kind) keeps the main
  content only (no cookie banner, navigation, sidebar, comments or footer) as markdown,
  with headings (`#`) and tables as markdown tables (cells apart, not glued together), and
  reads the title and publication date. A page trafilatura finds no article in (a bare
  list, a tiny page) falls back to all of its visible text, so nothing readable is lost.
"""

from __future__ import annotations

import codecs
import html
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final

log = logging.getLogger(__name__)

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE
)  # <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Page:
    text: str
    """The main content as markdown (headings, lists, tables)."""
    title: str | None
    date: str | None
    """The publication date (YYYY-MM-DD) when the page states one."""


def declared_charset(content_type_header: str, body: bytes) -> str | None:
    """The encoding the response declares (a known codec name), or None."""
    candidates = []
    found = _HEADER_CHARSET.search(content_type_header or "")
    if found:
        candidates.append(found.group(1))
    for bom, name in _BOMS:
        if body.startswith(bom):
            candidates.append(name)
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", errors="ignore"))
    for name in candidates:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def decode_body(body: bytes, content_type_header: str = "") -> str:
    """The body as text, in the encoding it declares (UTF-8 if none)."""
    charset = declared_charset(content_type_header, body) or "utf-8"
    if charset == "utf-8" and body.startswith(codecs.BOM_UTF8):
        charset = "utf-8-sig"
    return body.decode(charset, errors="replace")


def extract_page(markup: str, *, url: str | None = None) -> Page:
    """The page's main content, title and date (see the module's docstring)."""
    import trafilatura

    text: str | None = None
    title = date = None
    try:
        text = trafilatura.extract(
            markup,
            url=url,
            output_format="markdown",
            include_tables=True,
            include_comments=False,
            include_links=False,
            include_images=False,
            with_metadata=False,
            deduplicate=False,
        )
        metadata = trafilatura.extract_metadata(markup, default_url=url)
        if metadata is not None:
            title, date = metadata.title, metadata.date
    except Exception:  # a page trafilatura cannot parse is read as plain visible text
        log.debug("trafilatura could not read %s", url or "a page", exc_info=True)
    if not text or not text.strip():
        text = visible_text(markup)
    if not title:
        found = _TITLE.search(markup)
        title = " ".join(html.unescape(found.group(1)).split()) if found else None
    return Page(text=text.strip(), title=(title or None) and title[:500], date=date)


def html_to_text(markup: str) -> str:
    """The page's main content as markdown text (`extract_page`)."""
    return extract_page(markup).text


class _TextOf(HTMLParser):
    _SKIP: Final = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _BLOCK: Final = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "pre"}
    )
    _CELL: Final = frozenset({"td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in self._CELL:
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(markup: str) -> str:
    """Every visible text of the page, a line per block (the fallback of `extract_page`)."""
    parser = _TextOf()
    try:
        parser.feed(markup)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # malformed markup: fall back to stripping tags
        text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    lines = (" ".join(line.split()).strip(" |") for line in text.splitlines())
    return "\n".join(line for line in lines if line)
