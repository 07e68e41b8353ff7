"""The tools an agent may call. `http_fetch` goes through the worker's SSRF-guarded
client (`orrery.net.SafeHttpClient`): loopback, private, link-local and metadata
addresses are refused after DNS resolution, redirects are re-checked, and the size and
time of a fetch are capped. A failed fetch is told to the model, which may go on.

`memory_search` searches the run owner's long-term memory, only in the collections the
node lists; the search itself is a plain async function the agent node passes in (this
package knows nothing of nodes or the runner)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic_ai import ModelRetry, Tool

from orrery.net import NetError, SafeHttpClient, decode_body, html_to_text

FETCH_TIMEOUT_S: Final = 15.0
FETCH_MAX_BYTES: Final = 2 * 1024 * 1024
FETCH_MAX_CHARS: Final = 20_000
TOOL_NAMES: Final = ("http_fetch", "current_time", "memory_search", "browse")
MEMORY_CONTENT_CHARS: Final = 4_000
"""A hit's text as the model gets it (chunks are smaller than this)."""

MemorySearch = Callable[[str, str, int], Awaitable[list[dict[str, Any]]]]
"""`search(collection, query, k)`: hits, best first, as dicts with `document_title`, `content`, `score`."""


@dataclass(frozen=True)
class MemoryTool:
    search: MemorySearch
    collections: list[str]
    k: int = 5


def build_tools(names: list[str], http: SafeHttpClient) -> list[Tool[None]]:
    async def http_fetch(url: str) -> str:
        """Fetch a public web page or API over http(s) and return its text (an HTML page's
        main content as markdown, tables kept; at most 20,000 characters).

        Args:
            url: The absolute http:// or https:// URL to fetch.
        """
        try:
            response = await http.request(
                "GET", url, timeout_s=FETCH_TIMEOUT_S, max_response_bytes=FETCH_MAX_BYTES
            )
        except NetError as exc:
            return f"Fetch failed: {exc}"
        # The page's declared encoding (header, then meta), and its main content: the same
        # reading as a memory URL document (orrery.net.html).
        text = decode_body(response.content, response.headers.get("content-type", ""))
        if response.content_type in ("text/html", "application/xhtml+xml"):
            text = await asyncio.to_thread(html_to_text, text)  # lxml work: off the event loop
        text = text.strip()
        if len(text) > FETCH_MAX_CHARS:
            text = text[:FETCH_MAX_CHARS] + "\n[... cut at 20,000 characters]"
        if response.status >= 400:
            return f"HTTP {response.status} from {response.url}:\n{text[:2000]}"
        return text

    def current_time(timezone: str = "UTC") -> str:
        """The current date and time, in ISO 8601 with the weekday.

        Args:
            timezone: An IANA time zone such as `UTC` or `Europe/Paris`.
        """
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ModelRetry(f"`{timezone}` is not an IANA time zone; try `UTC` or `Europe/Paris`.") from None
        now = datetime.now(zone)
        return f"{now.isoformat(timespec='seconds')} ({now.strftime('%A')}, {timezone})"

    available = {"http_fetch": Tool(http_fetch), "current_time": Tool(current_time)}
    return [available[name] for name in names if name in available]


def memory_tool(memory: MemoryTool) -> Tool[None]:
    """`memory_search(query, collection=None)`: the best `k` hits in one of the listed
    collections, or in all of them (merged by score)."""
    names = list(memory.collections)

    async def memory_search(query: str, collection: str | None = None) -> list[dict[str, Any]] | str:
        """Search the user's long-term memory.

        Args:
            query: What to look for: a few words or a question.
            collection: One collection's name; leave it out to search all of them.
        """
        query = query.strip()
        if not query:
            raise ModelRetry("Give a query: what to look for, in a few words.")
        if collection is not None and collection not in names:
            raise ModelRetry(f"`{collection}` is not a collection you may search; choose one of {names}.")
        hits: list[dict[str, Any]] = []
        for name in [collection] if collection else names:
            try:
                found = await memory.search(name, query, memory.k)
            except Exception as exc:  # the model is told, and may go on without it
                return f"Memory search failed in `{name}`: {exc}"
            hits.extend({"collection": name, **hit} for hit in found)
        hits.sort(key=lambda hit: float(hit.get("score", 0.0)), reverse=True)
        if not hits:
            where = f"`{collection}`" if collection else ", ".join(f"`{n}`" for n in names)
            return f"Nothing found in {where}: it is empty, or holds nothing on this yet."
        return [
            {
                "collection": hit["collection"],
                "title": hit.get("document_title", ""),
                "score": round(float(hit.get("score", 0.0)), 3),
                "content": str(hit.get("content", ""))[:MEMORY_CONTENT_CHARS],
            }
            for hit in hits[: memory.k]
        ]

    listing = ", ".join(f"`{n}`" for n in names)
    return Tool(
        memory_search,
        name="memory_search",
        description=(
            "Search the user's long-term memory (their saved documents, notes and past work) by "
            f"meaning. Collections: {listing}. Returns the most relevant passages, best first, "
            "with their document title and a similarity score (1 = same meaning)."
        ),
    )


FILE_MAX_CHARS: Final = 200_000
"""A file an agent writes or reads, in characters."""
FILES_PER_RUN: Final = 50
"""Files the agents of one run may write in all."""
FILE_BYTES_PER_RUN: Final = 5 * 1024 * 1024
"""What a run's files may weigh in all (every file of the run counts, whoever made it) for an
agent to write one more."""
FILE_TOOL_NAMES: Final = ("write_file", "read_file", "list_files")
BROWSE_MAX_CHARS: Final = 20_000
"""A page's text as the model gets it from `browse`."""


@dataclass(frozen=True)
class FilesTool:
    """A run's workspace as plain async functions the agent node passes in (files are the
    run's assets): `write(name, text)` -> its reference, `read(name)` -> its text or None,
    `listing()` -> `[{name, mime, size}]` of the run's files."""

    write: Callable[[str, str], Awaitable[dict[str, Any]]]
    read: Callable[[str], Awaitable[str | None]]
    listing: Callable[[], Awaitable[list[dict[str, Any]]]]


def files_tools(files: FilesTool) -> list[Tool[None]]:
    """`write_file`, `read_file`, `list_files` over the run's workspace."""

    async def write_file(name: str, content: str) -> str:
        """Save a text file in this run's workspace (notes, drafts, data), to read later or
        to hand to the user; a file of the same name is replaced in listings by the newest.

        Args:
            name: A file name such as `notes.md` or `scenes.json`.
            content: The file's text.
        """
        if not name.strip():
            raise ModelRetry("Give the file a name, e.g. `notes.md`.")
        if len(content) > FILE_MAX_CHARS:
            raise ModelRetry(f"The file is {len(content):,} characters: at most {FILE_MAX_CHARS:,}.")
        listed = await files.listing()
        if len(listed) >= FILES_PER_RUN:
            return f"Not saved: this run already has {FILES_PER_RUN} files, the most it may have."
        held = sum(int(f.get("size") or 0) for f in listed)
        if held + len(content.encode()) > FILE_BYTES_PER_RUN:
            return (
                f"Not saved: this run's files hold {held:,} bytes, and this one would take them over "
                f"{FILE_BYTES_PER_RUN:,}. Shorten it, or keep it in your answer."
            )
        try:
            saved = await files.write(name.strip(), content if content.strip() else content + "\n")
        except Exception as exc:  # the model is told, and may go on without it
            return f"Not saved: {exc}"
        return f"Saved `{saved['name']}` ({saved['size']:,} bytes)."

    async def read_file(name: str) -> str:
        """Read a text file from this run's workspace.

        Args:
            name: The file's name, as `list_files` shows it.
        """
        text = await files.read(name.strip())
        if text is None:
            return f"There is no text file named `{name}` in this run's workspace."
        return text[:FILE_MAX_CHARS]

    async def list_files() -> list[dict[str, Any]] | str:
        """The files in this run's workspace: name, type and size, newest first."""
        found = await files.listing()
        return found or "The workspace is empty."

    return [Tool(write_file), Tool(read_file), Tool(list_files)]


Browse = Callable[[str, str | None], Awaitable[dict[str, Any]]]
"""`open(url, selector)`: the page, loaded in the worker's guarded headless browser, as
`{url, title, text, selected, screenshot}`; raises with a reason the model may read."""


def browse_tool(browse: Browse) -> Tool[None]:
    """`browse(url, selector=None)`: a page as a browser shows it (scripts run), its readable
    text and the selector's matches; its screenshot is kept with the run's files."""

    async def browse_page(url: str, selector: str | None = None) -> str:
        """Open a web page in a headless browser (its scripts run, unlike `http_fetch`) and
        return its title and readable text, or the text of the elements a CSS selector picks.
        A screenshot is saved with the run's files.

        Args:
            url: The absolute http:// or https:// URL to open.
            selector: A CSS selector, e.g. `article h2`; leave it out for the whole page.
        """
        try:
            page = await browse(url.strip(), (selector or "").strip() or None)
        except Exception as exc:  # told to the model, which may try another page
            return f"Could not open {url}: {exc}"
        text = "\n".join(page["selected"]) if page.get("selected") is not None else str(page.get("text", ""))
        if len(text) > BROWSE_MAX_CHARS:
            text = text[:BROWSE_MAX_CHARS] + f"\n[... cut at {BROWSE_MAX_CHARS:,} characters]"
        shot = page.get("screenshot") or {}
        heading = f"# {page.get('title') or page.get('url')}"
        return f"{heading}\n({page.get('url')}; screenshot: {shot.get('name')})\n\n{text}"

    return Tool(browse_page, name="browse")
