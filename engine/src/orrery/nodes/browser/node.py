"""`browser`: open a URL in headless Chromium, wait for it to load, and return its readable
text (and the texts a CSS selector picks), with a screenshot stored as an asset of the run.
Output: `{"url", "title", "text", "selected", "screenshot": ref, "refused": [host:port...]}`.

Every request the page makes, redirects and subresources included, passes the same SSRF
guard as the http node (`ctx.http.guard`, the operator's allowlist) through a local guarded
proxy (`net.proxy`): what it refuses is listed in `refused`, and a page whose own address is
refused fails the step. Time (`timeout_s`) and size (`ORRERY_BROWSER_MAX_PAGE_BYTES`, the
page and its resources together) are limited; browsers at once per worker are bounded.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Final
from urllib.parse import urlsplit

import msgspec
from msgspec import Meta

from orrery.net.errors import NetError
from orrery.net.proxy import GuardedProxy
from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.browser.chromium import BrowserFailed, open_page
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import HttpRequestFailed, NodeError
from orrery.nodes.fields import Template, TimeoutSeconds
from orrery.nodes.templates import render, scope_of
from orrery.settings import BrowserSettings
from orrery.spec import ConfigIssue, TemplateField

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


class BrowserConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    url: Annotated[Template, Meta(min_length=1, description="An http(s) URL; may use templates.")]
    selector: (
        Annotated[
            str,
            Meta(min_length=1, max_length=500, description="A CSS selector whose matches' text to return."),
        ]
        | None
    ) = None
    width: Annotated[int, Meta(ge=320, le=1920)] = 1280
    height: Annotated[int, Meta(ge=240, le=1080)] = 800
    timeout_s: TimeoutSeconds = 30.0


class BrowserNode(NodeType[BrowserConfig]):
    type = "browser"
    label = "Browser"
    category = "Tools"
    description = (
        "Open a page in a headless browser: its text, and a screenshot. Private addresses are refused."
    )
    icon = "globe"
    config_type = BrowserConfig
    default_config = {"url": "https://example.com"}
    default_policy = StepPolicy(timeout_s=30.0, max_attempts=1)

    def __init__(self, settings: BrowserSettings | None = None) -> None:
        self.settings = settings or BrowserSettings()
        self._slots: asyncio.Semaphore | None = None

    def check(self, config: BrowserConfig) -> list[ConfigIssue]:
        literal = config.url.strip().split("{{", 1)[0].lower()
        if not config.url.lstrip().startswith("{{") and not literal.startswith(("http://", "https://")):
            return [ConfigIssue("url", "The URL must start with http:// or https://.")]
        return []

    def templates(self, config: BrowserConfig) -> list[TemplateField]:
        return [TemplateField("url", config.url)]

    async def execute(self, ctx: NodeContext, config: BrowserConfig) -> NodeResult:
        url = (await render(config.url, scope_of(ctx))).strip()
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
                    self.settings.chromium,
                    proxy_port,
                    url,
                    selector=config.selector,
                    width=config.width,
                    height=config.height,
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
        return NodeResult(
            output={
                "url": page.url,
                "title": page.title,
                "text": page.text[:MAX_TEXT],
                "selected": page.selected,
                "screenshot": screenshot,
                "refused": refused,
            }
        )
