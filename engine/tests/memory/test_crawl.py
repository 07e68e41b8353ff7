"""Adding a URL with its site: the pages its sitemap lists, or its same-site links, up to a
page limit, each a document of its own, each fetched through the SSRF guard."""

from __future__ import annotations

import dataclasses

import pytest

from orrery.memory import MemoryService
from orrery.memory.errors import SourceFetchFailed
from orrery.memory.models import MemoryDocumentCreate
from orrery.net import SafeHttpClient
from orrery.settings import MemorySettings
from tests.memory.conftest import Pages, collection
from tests.workflows.helpers import User


def page(title: str, body: str, links: str = "") -> tuple[int, str, bytes]:
    html = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p>{links}</body></html>"
    )
    return 200, "text/html; charset=utf-8", html.encode()


async def test_a_sitemap_is_followed_up_to_the_page_limit(
    memory: MemoryService, ada: User, pages: Pages
) -> None:
    # Given a site whose sitemap lists four pages, one of them on another site
    for n in (1, 2, 3):
        pages.routes[f"/docs/{n}"] = page(f"Chapter {n}", f"Chapter {n} is about glaze number {n}.")
    pages.routes["/docs/index"] = page("Index", "The handbook of the studio.")
    listed = "".join(f"<url><loc>{pages.url(f'/docs/{n}')}</loc></url>" for n in (1, 2, 3))
    pages.routes["/sitemap.xml"] = (
        200,
        "application/xml",
        f"<urlset><url><loc>https://elsewhere.example/x</loc></url>{listed}</urlset>".encode(),
    )
    channel = await collection(memory, ada)

    # When Ada adds the index page with its sitemap, three pages at most
    added = await memory.add_document(
        ada.claims,
        str(channel.id),
        MemoryDocumentCreate(source="url", url=pages.url("/docs/index"), follow="sitemap", max_pages=3),
    )

    # Then the index and the first two pages of the same site are documents, each with its URL
    assert added.document.source_url == pages.url("/docs/index")
    assert sorted(d.source_url or "" for d in added.also_added) == [
        pages.url("/docs/1"),
        pages.url("/docs/2"),
    ]
    assert added.failed_pages == []
    assert (await memory.list_documents(ada.claims, str(channel.id))).total == 3


async def test_links_are_followed_on_the_same_site_and_a_broken_one_is_reported(
    memory: MemoryService, ada: User, pages: Pages
) -> None:
    # Given a page linking to two pages of its site (one broken) and one elsewhere
    links = (
        f'<a href="/b">B</a> <a href="{pages.url("/missing")}">gone</a> '
        '<a href="https://elsewhere.example/">out</a> <a href="mailto:x@y.z">mail</a>'
    )
    pages.routes["/a"] = page("Page A", "Page A introduces the studio.", links)
    pages.routes["/b"] = page("Page B", "Page B lists the glazes.")
    channel = await collection(memory, ada)

    # When Ada adds page A with its links
    added = await memory.add_document(
        ada.claims, str(channel.id), MemoryDocumentCreate(source="url", url=pages.url("/a"), follow="links")
    )

    # Then page B was added, the broken link is reported with its reason, and nothing left the site
    assert [d.source_url for d in added.also_added] == [pages.url("/b")]
    assert [(f.url, "HTTP 404" in f.reason) for f in added.failed_pages] == [(pages.url("/missing"), True)]


async def test_followed_pages_pass_the_ssrf_guard(memory: MemoryService, ada: User, pages: Pages) -> None:
    # Given a page on a loopback address, with links, and the guard as production has it
    pages.routes["/a"] = page("Page A", "Page A.", '<a href="/b">B</a>')
    pages.routes["/b"] = page("Page B", "Page B.")
    channel = await collection(memory, ada)
    async with SafeHttpClient(allow_private_networks=False) as guarded:
        strict = dataclasses.replace(memory, http=guarded, limits=MemorySettings())
        # When Ada adds it with its links
        with pytest.raises(SourceFetchFailed) as refused:
            await strict.add_document(
                ada.claims,
                str(channel.id),
                MemoryDocumentCreate(source="url", url=pages.url("/a"), follow="links"),
            )
    # Then the guard refused it, and no document was stored
    assert "loopback" in str(refused.value), refused.value
    assert (await memory.list_documents(ada.claims, str(channel.id))).total == 0
