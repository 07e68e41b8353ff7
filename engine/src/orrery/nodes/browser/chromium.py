"""Driving a headless Chromium for one page over the DevTools protocol (CDP, a WebSocket).

Chromium gets a fresh profile, no GPU, no QUIC, no background traffic, WebRTC only through
the proxy, and every connection through the guarded proxy (`net.proxy`): it resolves nothing
itself. `open_page` starts it, navigates, waits for the load event, reads the title, the
visible text (`innerText`) and the texts of a CSS selector's matches, takes a PNG screenshot,
and kills the browser's whole process group whatever happens.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

MAX_SELECTED = 100


class BrowserFailed(Exception):
    """Chromium could not start, or the page could not be opened (the reason is Chromium's)."""


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    title: str
    text: str
    selected: list[str] | None
    screenshot: bytes


def flags(proxy_port: int, profile: Path, width: int, height: int) -> list[str]:
    return [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--dns-prefetch-disable",
        "--mute-audio",
        # Chromium's own traffic (sign-in, safe browsing, metrics, hints) is not the page's.
        "--disable-client-side-phishing-detection",
        "--disable-domain-reliability",
        "--disable-breakpad",
        "--no-pings",
        "--no-default-browser-check",
        "--metrics-recording-only",
        "--safebrowsing-disable-auto-update",
        "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,"
        "AutofillServerCommunication,CertificateTransparencyComponentUpdater,SafeBrowsing,"
        "InterestFeedContentSuggestions,PrivacySandboxSettings4,SignInProfileCreation",
        "--hide-scrollbars",
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
        f"--proxy-server=http://127.0.0.1:{proxy_port}",
        "--proxy-bypass-list=<-loopback>",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        "--remote-debugging-port=0",
        "about:blank",
    ]


async def open_page(
    chromium: Path, proxy_port: int, url: str, *, selector: str | None, width: int, height: int
) -> Page:
    profile = Path(tempfile.mkdtemp(prefix="orrery-chromium-"))
    try:
        process = await asyncio.create_subprocess_exec(
            str(chromium),
            *flags(proxy_port, profile, width, height),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        shutil.rmtree(profile, ignore_errors=True)
        raise BrowserFailed(f"Chromium could not start ({chromium}): {exc.strerror}") from None
    try:
        port = await _devtools_port(profile, process)
        async with httpx.AsyncClient(trust_env=False, timeout=10) as local:
            targets = (await local.get(f"http://127.0.0.1:{port}/json/list")).json()
        page_target = next(t for t in targets if t.get("type") == "page")
        return await _drive(page_target["webSocketDebuggerUrl"], url, selector)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
        shutil.rmtree(profile, ignore_errors=True)


async def _devtools_port(profile: Path, process: asyncio.subprocess.Process) -> int:
    marker = profile / "DevToolsActivePort"
    for _ in range(300):
        if process.returncode is not None:
            raise BrowserFailed(f"Chromium exited at start (code {process.returncode}).")
        if marker.exists():
            first = marker.read_text().splitlines()[:1]
            if first and first[0].isdigit():
                return int(first[0])
        await asyncio.sleep(0.05)
    raise BrowserFailed("Chromium did not open its DevTools port within 15 s.")


class _Session:
    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        ident = self.next_id
        await self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(await self.socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise BrowserFailed(f"{method}: {message['error'].get('message')}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    async def wait_for(self, method: str) -> dict[str, Any]:
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            message: dict[str, Any] = json.loads(await self.socket.recv())
            if message.get("method") == method:
                return message
            self.events.append(message)


_READ = """JSON.stringify({
  url: location.href,
  title: document.title || "",
  text: document.body ? document.body.innerText : "",
  selected: %s
})"""


async def _drive(ws_url: str, url: str, selector: str | None) -> Page:
    import websockets

    async with websockets.connect(ws_url, max_size=64 * 1024 * 1024, proxy=None) as socket:
        session = _Session(socket)
        await session.call("Page.enable")
        navigated = await session.call("Page.navigate", url=url)
        if navigated.get("errorText"):
            raise BrowserFailed(f"The page could not be opened: {navigated['errorText']}.")
        await session.wait_for("Page.loadEventFired")
        pick = (
            f"Array.from(document.querySelectorAll({json.dumps(selector)})).slice(0, {MAX_SELECTED})"
            ".map(e => e.innerText)"
            if selector
            else "null"
        )
        evaluated = await session.call("Runtime.evaluate", expression=_READ % pick, returnByValue=True)
        if "exceptionDetails" in evaluated:
            raise BrowserFailed(f"Reading the page failed: {evaluated['exceptionDetails'].get('text')}")
        read = json.loads(evaluated["result"]["value"])
        shot = await session.call("Page.captureScreenshot", format="png")
    return Page(
        url=read["url"],
        title=read["title"],
        text=read["text"],
        selected=read["selected"],
        screenshot=base64.b64decode(shot["data"]),
    )
