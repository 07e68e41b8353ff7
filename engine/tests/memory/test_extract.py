"""Reading documents as a person would: an article page without its boilerplate and with its
table, pages in their declared encoding, PDFs and Word files with their page numbers, and a
scanned PDF refused with "no text found". The PDF and DOCX files are made here (fpdf2,
python-docx); the article is a saved page shaped like a real blog post."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from orrery.memory import MemoryService
from orrery.memory.errors import DocumentTooLarge, UnreadableDocument
from orrery.memory.extract import extract
from orrery.memory.models import MemoryDocumentCreate
from orrery.net import decode_body, extract_page
from tests.memory.conftest import collection
from tests.workflows.helpers import User

ARTICLE = (Path(__file__).parent / "fixtures" / "article.html").read_text()
BOILERPLATE = [
    "cookies",
    "Manage preferences",
    "About us",
    "Search the shop",
    "Popular posts",
    "newsletter",
    "Kiln sale",
    "All rights reserved",
    "Privacy policy",
    "Great post",
]


def pdf(pages: list[str], *, title: str | None = None) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    # A fixed date: the same pages make the same bytes, whatever the second they are made in
    # (the default is now, so two copies made a second apart differed).
    document.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    document.set_font("helvetica", size=11)
    if title:
        document.set_title(title)
    for text in pages:
        document.add_page()
        document.multi_cell(0, 6, text)
    return bytes(document.output())


def scanned_pdf() -> bytes:
    """A PDF whose only page is a picture (as a scanner makes): no text layer."""
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (200, 120), (240, 240, 230)).save(picture, format="PNG")
    document = FPDF()
    document.add_page()
    document.image(io.BytesIO(picture.getvalue()), x=10, y=10, w=180)
    return bytes(document.output())


def docx() -> bytes:
    import docx as python_docx
    from docx.enum.text import WD_BREAK

    document = python_docx.Document()
    document.core_properties.title = "Studio handbook"
    document.add_heading("Studio handbook", level=1)
    document.add_paragraph("Every mug is thrown by hand and fired twice.")
    table = document.add_table(rows=3, cols=2)
    for row, (step, owner) in enumerate([("Step", "Owner"), ("Glaze", "Inês"), ("Fire", "João")]):
        table.cell(row, 0).text = step
        table.cell(row, 1).text = owner
    document.add_paragraph("The kiln runs on Thursdays.").add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("Shipping", level=2)
    document.add_paragraph("Orders leave the studio on Mondays, wrapped in recycled paper.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_article_keeps_its_content_and_table_and_loses_the_boilerplate() -> None:
    # Given a saved blog article with a cookie banner, navigation, sidebar, comments and footer
    # When it is read
    page = extract_page(ARTICLE)

    # Then the article's text is there, with its headings, title and date
    assert page.title == "How we plan a video in five steps"
    assert page.date == "2026-03-14"
    assert "Every video we publish starts weeks before the camera" in page.text
    assert "## Who does what" in page.text
    # and its table is a table: cells apart, one row per line
    assert "| Step | Owner | Typical time |" in page.text
    assert "| Storyboard | Inês | 1 day |" in page.text
    assert "StepOwner" not in page.text
    # and none of the page's furniture came along
    assert [b for b in BOILERPLATE if b.lower() in page.text.lower()] == []


@pytest.mark.parametrize(
    ("header", "meta"),
    [
        ("text/html; charset=windows-1251", ""),
        ("text/html", '<meta charset="windows-1251">'),
        ("text/html", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'),
    ],
    ids=["http-header", "meta-charset", "meta-http-equiv"],
)
def test_a_page_is_read_in_the_encoding_it_declares(header: str, meta: str) -> None:
    # Given a Russian page encoded in windows-1251, declared in the header or in the page
    text = "Гончарная мастерская в Лиссабоне делает кружки вручную."
    body = f"<html><head>{meta}<title>Мастерская</title></head><body><p>{text}</p></body></html>"

    # When it is decoded as the fetch tool and URL documents decode it
    decoded = decode_body(body.encode("windows-1251"), header)

    # Then the words are the author's, not mojibake
    assert text in decoded


def test_a_utf8_page_without_a_declaration_is_utf8() -> None:
    assert decode_body("Café — 東京".encode(), "text/html") == "Café — 東京"


def test_a_pdf_is_read_page_by_page() -> None:
    # Given a three-page PDF
    data = pdf(
        ["Glazes are mixed on Mondays.", "The kiln is loaded on Thursdays.", "Orders ship on Fridays."]
    )

    # When it is read
    read = extract(data, "handbook.pdf", max_pages=200)

    # Then each page's text is there, and where each page starts is known
    assert read.kind == "pdf"
    assert read.metadata == {"pages": 3}
    assert len(read.pages) == 3
    assert read.text[read.pages[1] :].startswith("The kiln is loaded on Thursdays.")
    assert read.text[read.pages[2] :].startswith("Orders ship on Fridays.")


def test_a_scanned_pdf_has_no_text_found() -> None:
    with pytest.raises(UnreadableDocument, match="No text found"):
        extract(scanned_pdf(), "scan.pdf", max_pages=200)


def test_a_pdf_over_the_page_limit_is_refused() -> None:
    with pytest.raises(DocumentTooLarge, match="3 pages; at most 2"):
        extract(pdf(["one", "two", "three"]), "long.pdf", max_pages=2)


def test_a_binary_file_that_is_no_document_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match="not a kind Orrery reads"):
        extract(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "program", max_pages=200)
    # even when its first 10 KB look like text (Postgres could not store what follows)
    with pytest.raises(UnreadableDocument, match="not a kind Orrery reads"):
        extract(b"notes " * 2000 + b"\x00\x01\x02", "notes.txt", max_pages=200)


def test_a_word_document_keeps_headings_tables_and_pages() -> None:
    # When a Word document with a heading, a table and a page break is read
    read = extract(docx(), "handbook.docx", max_pages=200)

    # Then headings are markdown headings, the table a table, and the second page is known
    assert (read.kind, read.title) == ("docx", "Studio handbook")
    assert read.text.startswith("# Studio handbook\n\nEvery mug is thrown by hand")
    assert "| Step | Owner |\n|---|---|\n| Glaze | Inês |" in read.text
    assert len(read.pages) == 2
    assert read.text[read.pages[1] :].startswith("## Shipping")


async def test_a_pdf_added_to_memory_has_page_numbers_on_its_chunks(memory: MemoryService, ada: User) -> None:
    # Given a PDF of three long pages
    pages = [
        " ".join([f"Page {p} explains how the studio glazes and fires its mugs."] * 45) for p in (1, 2, 3)
    ]
    channel = await collection(memory, ada)

    # When Ada adds it as a file
    added = await memory.add_document(
        ada.claims,
        str(channel.id),
        MemoryDocumentCreate(
            source="file",
            filename="handbook.pdf",
            content_base64=base64.b64encode(pdf(pages, title="Studio handbook")).decode(),
            metadata={"team": "studio"},
        ),
    )

    # Then the document is titled by the PDF, and every chunk says which pages it is from
    document = added.document
    assert (document.title, document.filename, document.metadata) == (
        "Studio handbook",
        "handbook.pdf",
        {"pages": 3, "team": "studio"},
    )
    chunks = await memory.list_chunks(ada.claims, str(document.id))
    assert {c.metadata["page"] for c in chunks} == {1, 2, 3}
    for chunk in chunks:
        assert f"Page {chunk.metadata['page_end']} " in chunk.content
        assert chunk.metadata["team"] == "studio"


async def test_a_scanned_pdf_added_to_memory_is_refused_with_nothing_stored(
    memory: MemoryService, ada: User
) -> None:
    channel = await collection(memory, ada)
    with pytest.raises(UnreadableDocument, match="No text found"):
        await memory.add_document(
            ada.claims,
            str(channel.id),
            MemoryDocumentCreate(
                source="file", filename="scan.pdf", content_base64=base64.b64encode(scanned_pdf()).decode()
            ),
        )
    assert (await memory.list_documents(ada.claims, str(channel.id))).total == 0
