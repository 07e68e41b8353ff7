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

from typing import Annotated

import msgspec
from msgspec import Meta

from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.browser.browse import browser_for
from orrery.nodes.definition import NodeType
from orrery.nodes.fields import Template, TimeoutSeconds
from orrery.nodes.templates import render, scope_of
from orrery.settings import BrowserSettings
from orrery.spec import ConfigIssue, TemplateField


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

    def check(self, config: BrowserConfig) -> list[ConfigIssue]:
        literal = config.url.strip().split("{{", 1)[0].lower()
        if not config.url.lstrip().startswith("{{") and not literal.startswith(("http://", "https://")):
            return [ConfigIssue("url", "The URL must start with http:// or https://.")]
        return []

    def templates(self, config: BrowserConfig) -> list[TemplateField]:
        return [TemplateField("url", config.url)]

    async def execute(self, ctx: NodeContext, config: BrowserConfig) -> NodeResult:
        url = (await render(config.url, scope_of(ctx))).strip()
        page = await browser_for(self.settings).open(
            ctx, url, selector=config.selector, width=config.width, height=config.height
        )
        return NodeResult(
            output={
                "url": page.url,
                "title": page.title,
                "text": page.text,
                "selected": page.selected,
                "screenshot": page.screenshot,
                "refused": page.refused,
            }
        )
