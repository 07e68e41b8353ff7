"""Adding a URL with its site: the pages its sitemap lists, or its same-site links, up to a
page limit, each a document of its own, each fetched through the SSRF guard."""

from __future__ import annotations

import dataclasses

import psycopg
import pytest

from orrery.memory import MemoryService
from orrery.memory.errors import SourceFetchFailed
from orrery.memory.models import MemoryDocumentCreate
from orrery.net import SafeHttpClient
from orrery.settings import MemorySettings, Settings
from tests.memory.conftest import Jobs, Pages, collection, recover_as_sweeper
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


async def test_with_a_worker_queue_the_site_is_added_by_the_job_with_its_progress(
    memory: MemoryService, ada: User, pages: Pages
) -> None:
    # Given a page linking to three pages of its site (one broken), and the service as the API
    # has it, with a worker queue
    links = "".join(f'<a href="/p{n}">{n}</a> ' for n in (1, 2)) + '<a href="/gone">gone</a>'
    pages.routes["/home"] = page("Home", "The studio's home page.", links)
    for n in (1, 2):
        pages.routes[f"/p{n}"] = page(f"Page {n}", f"Page {n} is about kiln number {n}.")
    jobs = Jobs()
    queued = dataclasses.replace(memory, jobs=jobs)
    channel = await collection(queued, ada)

    # When Ada adds the home page with its links
    added = await queued.add_document(
        ada.claims,
        str(channel.id),
        MemoryDocumentCreate(source="url", url=pages.url("/home"), follow="links"),
    )

    # Then the answer has the home page, its crawl queued for a worker, and no other page yet
    assert added.document.source_url == pages.url("/home")
    assert added.document.crawl is not None
    assert (added.document.crawl.status, added.document.crawl.pages_done) == ("queued", 0)
    assert (added.also_added, added.failed_pages) == ([], [])
    assert jobs.crawls == [(str(added.document.id), ada.id)]
    assert (await queued.list_documents(ada.claims, str(channel.id))).total == 1

    # When the worker's job runs
    await queued.crawl_site(ada.claims, str(added.document.id))

    # Then the two pages are documents of their own (queued for their embedding), the broken one
    # is reported with its reason, and the home page shows the crawl done: 3 of 3 pages
    listed = await queued.list_documents(ada.claims, str(channel.id))
    assert sorted(d.source_url or "" for d in listed.items) == sorted(
        pages.url(p) for p in ("/home", "/p1", "/p2")
    )
    home = await queued.get_document(ada.claims, str(added.document.id))
    assert home.crawl is not None
    assert (home.crawl.status, home.crawl.pages_found, home.crawl.pages_done) == ("done", 3, 3)
    assert [(f.url, "HTTP 404" in f.reason) for f in home.crawl.failed_pages] == [(pages.url("/gone"), True)]
    # and running the job again (a redelivered message) adds nothing twice
    assert await queued.crawl_site(ada.claims, str(added.document.id)) is None
    assert (await queued.list_documents(ada.claims, str(channel.id))).total == 3


async def test_a_crawl_whose_job_was_lost_is_sent_again_by_recovery_and_finishes(
    memory: MemoryService,
    ada: User,
    pages: Pages,
    settings: Settings,
    role_urls: dict[str, str],
    admin_url: str,
) -> None:
    # Given Ada's page added with its links, its crawl left "crawling" ten minutes ago (its worker died)
    pages.routes["/home"] = page("Home", "The studio's home page.", '<a href="/p1">1</a>')
    pages.routes["/p1"] = page("Page 1", "Page 1 is about the big kiln.")
    queued = dataclasses.replace(memory, jobs=Jobs())
    channel = await collection(queued, ada)
    added = await queued.add_document(
        ada.claims,
        str(channel.id),
        MemoryDocumentCreate(source="url", url=pages.url("/home"), follow="links"),
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "update public.memory_crawls set status = 'crawling', "
            "updated_at = now() - interval '10 minutes' where document_id = %s",
            (str(added.document.id),),
        )
    resent = Jobs()
    # When a worker's recovery looks for stalled work
    found = await recover_as_sweeper(settings, role_urls, resent)

    # Then the crawl's job is sent again (the home page itself was only queued a moment ago),
    # and that job adds the site's page and finishes the crawl
    assert found == 1
    assert (resent.crawls, resent.sent) == ([(str(added.document.id), ada.id)], [])
    await queued.crawl_site(ada.claims, str(added.document.id))
    home = await queued.get_document(ada.claims, str(added.document.id))
    assert home.crawl is not None
    assert (home.crawl.status, home.crawl.pages_done) == ("done", 1)
    assert (await queued.list_documents(ada.claims, str(channel.id))).total == 2
