"""The agent's `http_fetch` reads a page as a person would: in the encoding the page
declares, only its main content, tables kept (the same reading as a memory URL document)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from orrery.agents.tools import build_tools
from orrery.net import SafeHttpClient
from tests.memory.conftest import Pages
from tests.memory.test_extract import ARTICLE

RUSSIAN = "Гончарная мастерская в Лиссабоне делает кружки вручную и обжигает их ночью."


@pytest.fixture
def pages() -> Iterator[Pages]:
    server = Pages()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
async def fetch() -> AsyncIterator[Any]:
    # The test's pages are on 127.0.0.1, which the guard refuses unless allowed.
    async with SafeHttpClient(allow_private_networks=True) as http:
        (tool,) = build_tools(["http_fetch"], http)
        yield tool.function


async def test_a_page_in_windows_1251_declared_in_its_meta_is_read_in_it(fetch: Any, pages: Pages) -> None:
    # Given a Russian page whose encoding only its <meta> declares
    head = '<head><meta charset="windows-1251"><title>Мастерская</title></head>'
    html = f"<html>{head}<body><p>{RUSSIAN}</p></body></html>"
    pages.routes["/ru"] = (200, "text/html", html.encode("windows-1251"))

    # When an agent fetches it
    text = await fetch(pages.url("/ru"))

    # Then it reads the author's words, not mojibake
    assert RUSSIAN in text


async def test_an_article_comes_back_as_its_content_with_its_table(fetch: Any, pages: Pages) -> None:
    pages.routes["/article"] = (200, "text/html; charset=utf-8", ARTICLE.encode())
    text = await fetch(pages.url("/article"))
    assert "| Step | Owner | Typical time |" in text
    assert "Every video we publish starts weeks before the camera" in text
    assert "cookie" not in text.lower()
    assert "Subscribe" not in text
