"""`browser`: open a page in headless Chromium behind the SSRF guard; its text and a screenshot."""

from __future__ import annotations

from orrery.nodes.browser.node import BrowserConfig, BrowserNode

__all__ = ["BrowserConfig", "BrowserNode"]
