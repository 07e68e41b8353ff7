"""A file's text, read by a maintained library for its kind, with where each page starts.

- PDF: pypdf, page by page (at most `max_pages`, 200 by default). A PDF whose pages have
  no text layer (a scan) is refused with "no text found": there is nothing to embed, and
  a person can run OCR first. An encrypted PDF opens only without a password.
- DOCX: python-docx, paragraphs and tables in document order; heading styles become
  markdown headings (so chunks start at them), tables markdown tables; page breaks
  (explicit, or where Word last laid a page out) mark pages.
- HTML: the page's declared encoding and main content (`orrery.net.html`), as for a URL.
- Anything else must be text (UTF-8, or a declared BOM); binary files are refused.

Blocking (pypdf on a 200-page PDF takes seconds): call from a worker thread.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from orrery.memory.errors import DocumentTooLarge, UnreadableDocument
from orrery.net import decode_body, extract_page

_HTML_NAMES: Final = (".html", ".htm", ".xhtml")
_HEADING_STYLE = re.compile(r"^Heading (\d)$")


@dataclass(frozen=True)
class Extracted:
    text: str
    kind: str
    """`pdf`, `docx`, `html` or `text`."""
    title: str | None = None
    pages: list[int] = field(default_factory=list)
    """The character offset at which each page starts (page 1 first); [] without pages."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """What the file says of itself (a page count, an HTML page's date), for the document."""


def kind_of(data: bytes, filename: str | None) -> str:
    name = (filename or "").lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and (name.endswith(".docx") or b"word/" in data[:4096]):
        return "docx"
    if name.endswith(_HTML_NAMES) or data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


Progress = Callable[[int, int], None]
"""Told (pages read, pages in all) as a PDF is read, from the reading thread."""


def extract(
    data: bytes, filename: str | None, *, max_pages: int, progress: Progress | None = None
) -> Extracted:
    """The file's text (see the module's docstring). Raises `UnreadableDocument`
    (damaged, binary, no text) or `DocumentTooLarge` (over `max_pages`)."""
    kind = kind_of(data, filename)
    if kind == "pdf":
        return _clean(_pdf(data, max_pages, progress))
    if kind == "docx":
        return _clean(_docx(data))
    if kind == "html":
        page = extract_page(decode_body(data, "text/html"))
        metadata = {"published": page.date} if page.date else {}
        return _clean(Extracted(page.text, "html", page.title, metadata=metadata))
    check_readable(data, filename)
    return _clean(Extracted(decode_body(data, "text/plain"), "text"))


def check_readable(data: bytes, filename: str | None) -> str:
    """The file's kind, from its first bytes; raises `UnreadableDocument` for a binary file
    that is none of the kinds read here. Cheap: the request checks this before it stores
    the file for its job."""
    kind = kind_of(data, filename)
    if kind == "text" and b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableDocument(
            f"{filename or 'The file'} is not a kind Orrery reads: add a PDF, a Word (.docx), "
            "an HTML, a markdown or a text file."
        )
    return kind


def _clean(read: Extracted) -> Extracted:
    """Without NUL characters, which Postgres text cannot hold (a PDF's text layer may have
    them); same length otherwise, so page offsets stay right."""
    if "\x00" not in read.text and "\x00" not in (read.title or ""):
        return read
    title = read.title.replace("\x00", "") if read.title else read.title
    return Extracted(read.text.replace("\x00", " "), read.kind, title or None, read.pages, read.metadata)


def _pdf(data: bytes, max_pages: int, progress: Progress | None = None) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("The PDF is protected by a password; add an unprotected copy.")
        count = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument(f"The PDF could not be read: {exc}") from None
    if count > max_pages:
        raise DocumentTooLarge(f"The PDF has {count} pages; at most {max_pages} can be added at once.")
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    if progress is not None:
        progress(0, count)
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = (page.extract_text() or "").strip()
        except Exception:  # one damaged page: the others are still read
            text = ""
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 2  # the "\n\n" between pages
        if progress is not None:
            progress(number, count)
    if not any(parts):
        raise UnreadableDocument(
            "No text found in this PDF: its pages are images (a scan?). Run OCR on it first, or add its text."
        )
    title = None
    try:
        title = (reader.metadata.title or None) if reader.metadata else None
    except Exception:  # unreadable metadata is not worth failing for
        title = None
    return Extracted("\n\n".join(parts), "pdf", title, starts, {"pages": count})


def _docx(data: bytes) -> Extracted:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise UnreadableDocument(f"The Word document could not be read: {exc}") from None
    blocks: list[str] = []
    starts = [0]
    offset = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            if item.paragraph_format.page_break_before and blocks:
                starts.append(offset)
            text = item.text.strip()
            style = item.style.name if item.style is not None else ""
            level = _HEADING_STYLE.match(style or "")
            if text and (level or style == "Title"):
                text = f"{'#' * (int(level.group(1)) if level else 1)} {text}"
            breaks = len(item.rendered_page_breaks) + sum(
                1 for run in item.runs for br in run._r.findall(_BR) if br.get(_TYPE) == "page"
            )
        elif isinstance(item, Table):
            text = _table(item)
            breaks = 0
        else:  # pragma: no cover - iter_inner_content yields only these
            continue
        if text:
            blocks.append(text)
            offset += len(text) + 2
        for _ in range(breaks):
            starts.append(offset)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise UnreadableDocument("No text found in this Word document.")
    # Breaks at the very end start no page.
    pages = sorted({s for s in starts if s < len(text)})
    title = document.core_properties.title or None
    return Extracted(text, "docx", title, pages, {"pages": len(pages)})


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BR = f"{_W}br"
_TYPE = f"{_W}type"


def _table(table: Any) -> str:
    rows = []
    for row in table.rows:
        cells = [" ".join(cell.text.split()).replace("|", "\\|") for cell in row.cells]
        rows.append(f"| {' | '.join(cells)} |")
    if len(rows) > 1:
        columns = rows[0].count(" | ") + 1
        rows.insert(1, "|" + "---|" * columns)
    return "\n".join(rows)
