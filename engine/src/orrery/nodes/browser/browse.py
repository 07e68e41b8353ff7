"""Opening a page in headless Chromium for a run: the browser node's work, and the agents'
`browse` tool's. Every request the page makes goes through a local proxy that applies the
run's SSRF guard (`net.proxy.GuardedProxy`), the page and its resources are size-limited,
and browsers at once per process are bounded (one `Browser` per process and settings)."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from orrery.net.errors import NetError
from orrery.net.proxy import GuardedProxy
from orrery.nodes.base import NodeContext
from orrery.nodes.browser.chromium import BrowserFailed, open_page
from orrery.nodes.errors import HttpRequestFailed, NodeError
from orrery.settings import BrowserSettings

MAX_TEXT: Final = 200_000
CHROMIUM_SERVICES: Final = frozenset(
    {
        "accounts.google.com",
        "clients2.google.com",
        "clients2.googleusercontent.com",
        "update.googleapis.com",
        "clientservices.googleapis.com",
        "safebrowsing.googleapis.com",
        "optimizationguide-pa.googleapis.com",
        "content-autofill.googleapis.com",
    }
)
"""Chromium's own services (updates, sign-in, safe browsing) that it calls whatever the page:
refused by the proxy and left out of `refused` (they are not the page's requests)."""


class BrowserError(NodeError):
    """The page could not be opened or read in the browser."""

    code = "browser_failed"


@dataclass(frozen=True)
class BrowsedPage:
    url: str
    title: str
    text: str
    selected: list[str] | None
    screenshot: dict[str, Any]
    """The screenshot, stored as an asset of the run (its reference)."""
    refused: list[str]
    """The addresses the page asked for that the guard refused (`host:port`)."""


class Browser:
    def __init__(self, settings: BrowserSettings) -> None:
        self.settings = settings
        self._slots: asyncio.Semaphore | None = None

    async def open(
        self, ctx: NodeContext, url: str, *, selector: str | None = None, width: int = 1280, height: int = 800
    ) -> BrowsedPage:
        """The page at `url` once loaded: its readable text (and `selector`'s matches), with a
        screenshot saved as an asset of the run. `HttpRequestFailed` for a URL the guard
        refuses, `BrowserError` for a page that cannot be opened or is too large."""
        target = urlsplit(url)
        if target.scheme not in ("http", "https") or not target.hostname:
            raise HttpRequestFailed(f"{url[:100]!r} is not an http(s) URL.")
        guard = ctx.http.guard
        port = target.port or (443 if target.scheme == "https" else 80)
        try:
            await guard.addresses(target.hostname, port)
        except NetError as exc:
            raise HttpRequestFailed(str(exc), retryable=exc.retryable) from None
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.settings.concurrency)
        async with self._slots:
            proxy = GuardedProxy(guard, max_bytes=self.settings.max_page_bytes, silent_deny=CHROMIUM_SERVICES)
            proxy_port = await proxy.start()
            try:
                page = await open_page(
                    self.settings.chromium, proxy_port, url, selector=selector, width=width, height=height
                )
            except BrowserFailed as exc:
                raise BrowserError(str(exc)) from None
            finally:
                await proxy.close()
        if proxy.too_large:
            raise BrowserError(
                f"The page and its resources are over {self.settings.max_page_bytes:,} bytes; it was stopped."
            )
        refused = sorted(set(proxy.refused))
        if refused:
            await ctx.log(
                f"Refused {len(refused)} address(es) the page asked for", refused=refused, level="warning"
            )
        screenshot = await ctx.assets.save(f"{target.hostname}.png", page.screenshot)
        await ctx.log(f"Opened {page.url.split('?', 1)[0]} ({len(page.text):,} characters)")
        return BrowsedPage(page.url, page.title, page.text[:MAX_TEXT], page.selected, screenshot, refused)


@functools.cache
def browser_for(settings: BrowserSettings) -> Browser:
    """This process's browser for these settings (shared by the node and the agents' tool, so
    their pages together stay within `settings.concurrency`)."""
    return Browser(settings)
