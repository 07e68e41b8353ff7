"""Uploads are read as they arrive, never whole: a 200 MiB file costs the engine a few MiB; a
file over the limit is refused as soon as it is over, before the rest is read; a client that
goes away part way, or a refused file, leaves neither file nor row; the type comes from the
bytes, whatever the client says.

The in-process test client hands an app the whole body in one message, so the part-way cases
drive the app through ASGI directly with a body in pieces (`post_in_pieces`)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.media import demo
from orrery.media.render import Scene, VideoSpec, slideshow
from orrery.settings import load_settings
from tests.assets.conftest import files_under, rows
from tests.assets.media_files import png, wav
from tests.support.engine_server import serving
from tests.support.memory import PeakRss
from tests.workflows.helpers import Api, sign_up

BASE = "/api/v1/assets/"
MiB = 1024 * 1024


@dataclass
class Answer:
    status: int = 0
    body: bytes = b""
    pieces_read: int = 0
    pieces: list[bytes] = field(default_factory=list)


async def post_in_pieces(
    api: Api,
    pieces: list[bytes],
    *,
    headers: dict[str, str] | None = None,
    gone_after: int | None = None,
) -> Answer:
    """POST an upload to the app as a server would hand it on: one ASGI message per piece,
    then (with `gone_after`) the client's disconnect after that many pieces."""
    answer = Answer()
    sent_headers = {**api.user.headers, "content-type": "application/octet-stream", **(headers or {})}
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": BASE,
        "raw_path": BASE.encode(),
        "root_path": "",
        "query_string": b"name=upload.bin",
        "headers": [(k.lower().encode(), v.encode()) for k, v in sent_headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }

    async def receive() -> dict[str, Any]:
        if gone_after is not None and answer.pieces_read >= gone_after:
            return {"type": "http.disconnect"}
        if answer.pieces_read >= len(pieces):
            return {"type": "http.disconnect"}
        piece = pieces[answer.pieces_read]
        answer.pieces_read += 1
        return {"type": "http.request", "body": piece, "more_body": answer.pieces_read < len(pieces)}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    # On the loop the app's lifespan opened its pools on (the client's portal), as the client's own
    # requests are: awaited on the test's loop, a wait for a pooled connection under load met the
    # pool's lock bound to the other loop ("bound to a different event loop": a 503).
    api.client.blocking_portal.call(api.client.app, scope, receive, send)  # type: ignore[arg-type]
    return answer


async def test_a_file_over_the_limit_is_refused_before_the_rest_of_it_is_read(
    api: Api, admin_url: str, tmp_path: Path
) -> None:
    # Given the limit is 2 MB (the fixture), and Ada's client sends 10 MB in 64 KiB pieces
    # without saying how long it is
    pieces = [b"a" * 65_536] * 160

    # When it is uploaded
    answer = await post_in_pieces(api, pieces)

    # Then it is refused (413) saying why, once the 2 MB were passed: most of it was never read
    assert answer.status == 413, answer.body
    assert b"over the limit of 2,000,000 bytes" in answer.body
    assert answer.pieces_read < 40
    # And nothing is left: no file (not even a part of one), no row
    assert (files_under(tmp_path), rows(admin_url)) == ([], 0)


async def test_a_declared_size_over_the_limit_is_refused_before_any_byte_is_read(
    api: Api, admin_url: str, tmp_path: Path
) -> None:
    # When Ada's client announces 10 MB
    answer = await post_in_pieces(api, [b"a" * 65_536] * 160, headers={"content-length": str(160 * 65_536)})
    # Then it is refused at once, nothing read and nothing stored
    assert (answer.status, answer.pieces_read) == (413, 0)
    assert (files_under(tmp_path), rows(admin_url)) == ([], 0)


async def test_a_client_that_goes_away_part_way_leaves_nothing(
    api: Api, admin_url: str, tmp_path: Path
) -> None:
    # Given a 1.5 MB text file (streamed to the store as it arrives) and a 1.5 MB image
    # (spooled for inspection first), each cut off after 1 MB
    text = [b"line of a long transcript\n" * 2520] * 24
    image = [png(64, 48)] + [bytes(65_536)] * 23
    for pieces in (text, image):
        # When the client disconnects after 16 of its 24 pieces
        answer = await post_in_pieces(api, pieces, gone_after=16)
        # Then the engine stopped at that point, and nothing is left of the upload
        assert answer.pieces_read == 16
        assert answer.status != 201
        assert (files_under(tmp_path), rows(admin_url)) == ([], 0)


async def test_a_png_that_claims_to_be_a_video_is_stored_as_a_png(api: Api) -> None:
    # When Ada uploads a PNG saying it is an MP4 (in pieces)
    image = png(64, 48)
    answer = await post_in_pieces(
        api,
        [image[:100], image[100:]],
        headers={"content-type": "video/mp4", "content-length": str(len(image))},
    )
    # Then it is stored as what its bytes are
    assert answer.status == 201, answer.body
    created = (await api.get(f"{BASE}")).json()["items"][0]
    assert (created["mime"], created["kind"], created["width"], created["size"]) == (
        "image/png",
        "image",
        64,
        len(image),
    )
    assert created["sha256"] == hashlib.sha256(image).hexdigest()


async def test_videos_too_large_a_frame_and_audio_too_long_are_refused_and_not_stored(
    env: dict[str, str], admin_url: str, tmp_path: Path
) -> None:
    # Given frames of at most 160x90 and media of at most 0.5 s
    settings = load_settings(
        {
            **env,
            "ORRERY_DATA_DIR": str(tmp_path / "data"),
            "ASSETS_MAX_VIDEO_PIXELS": str(160 * 90),
            "ASSETS_MAX_DURATION_S": "0.5",
        }
    )
    (tmp_path / "card.png").write_bytes(demo.title_card("A card", 320, 180))
    clip = slideshow(
        [Scene(tmp_path / "card.png", duration_s=0.4)],
        tmp_path / "clip.mp4",
        VideoSpec(width=320, height=180, fps=12),
        threading.Event(),
        lambda _: None,
    )
    assert clip.duration_s < 0.5
    async with AsyncTestClient(app=create_app(settings)) as client:
        api = Api(client, sign_up(admin_url, settings))
        # When Ada uploads a 320x180 video, and a narration of a few seconds
        video = await post_in_pieces(api, [(tmp_path / "clip.mp4").read_bytes()])
        voice = await post_in_pieces(api, [wav("A narration of a few seconds, far too long here.")])
    # Then each is refused (422) saying which limit, and nothing is stored
    assert video.status == 422, video.body
    assert b"320x180: over the limit of 14,400 pixels a frame" in video.body
    assert voice.status == 422, voice.body
    assert b"s: over the limit of 0.5 s." in voice.body
    assert (files_under(tmp_path / "data"), rows(admin_url)) == ([], 0)


def generated(total: int, piece: bytes) -> Iterator[bytes]:
    """`total` bytes of text made as they are sent (the test holds one piece, not the file)."""
    for _ in range(total // len(piece)):
        yield piece


def test_a_200_mib_upload_costs_the_engine_a_few_mib(
    env: dict[str, str], admin_url: str, tmp_path: Path
) -> None:
    # Given the engine served for real with the limit raised to 250 MiB
    settings = load_settings(
        {**env, "ORRERY_DATA_DIR": str(tmp_path), "ASSETS_MAX_UPLOAD_BYTES": str(250 * MiB)}
    )
    ada = sign_up(admin_url, settings)
    piece = b"A line of a very long transcript, said again and again.\n" * 18_725  # ~1 MiB
    total = 200 * len(piece)
    expected = hashlib.sha256()
    for chunk in generated(total, piece):
        expected.update(chunk)
    with serving(settings) as url, httpx.Client(base_url=url, timeout=120) as client:
        # When Ada uploads a 200 MiB file
        with PeakRss() as rss:
            response = client.post(
                BASE,
                params={"name": "transcript.txt"},
                content=generated(total, piece),
                headers={**ada.headers, "Content-Length": str(total)},
            )
        # Then it is stored whole, with the hash of every byte
        assert response.status_code == 201, response.text
        created = response.json()
        assert (created["mime"], created["size"], created["sha256"]) == (
            "text/plain",
            total,
            expected.hexdigest(),
        )
        assert [p.stat().st_size for p in files_under(tmp_path / "assets")] == [total]
    # And the process (the engine and this client in it) grew by a fraction of the file's size
    assert rss.grew_mb < 40, f"grew {rss.grew_mb:.0f} MiB for a {total / MiB:.0f} MiB upload"
