"""Assets over HTTP: a file's type comes from its bytes, names never reach a path, bombs
and unknown types are refused, another user sees nothing, signed links expire, and
deleting (one, a run's, a workflow's) leaves no file and no row behind."""

from __future__ import annotations

import time
from pathlib import Path

from tests.assets.conftest import files_under, rows
from tests.assets.media_files import bomb_png, png, wav
from tests.workflows.helpers import Api, sign_up

BASE = "/api/v1/assets"


async def upload(api: Api, data: bytes, name: str = "file", **params: str) -> dict:
    response = await api.client.post(
        f"{BASE}/",
        content=data,
        params={"name": name, **params},
        headers={**api.user.headers, "Content-Type": "text/plain"},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_an_upload_is_typed_by_its_bytes_and_read_back_only_by_its_owner(
    api: Api, admin_url: str, tmp_path: Path
) -> None:
    # Given Ada uploads a PNG, claiming it is text
    image = png(64, 48)
    created = await upload(api, image, "cover.png")

    # Then its type and size come from the bytes
    assert (created["mime"], created["kind"], created["width"], created["height"]) == (
        "image/png",
        "image",
        64,
        48,
    )
    assert created["size"] == len(image)
    # And she reads it back, listed and as bytes
    listed = (await api.get(f"{BASE}/", kind="image")).json()
    assert [a["id"] for a in listed["items"]] == [created["id"]]
    content = await api.get(f"{BASE}/{created['id']}/content")
    assert content.content == image
    assert content.headers["content-type"] == "image/png"
    assert content.headers["x-content-type-options"] == "nosniff"

    # When Bob asks for it
    bob = api.as_user(sign_up(admin_url, load_settings_of(api)))
    # Then it is not there for him
    assert (await bob.get(f"{BASE}/{created['id']}")).status_code == 404
    assert (await bob.get(f"{BASE}/{created['id']}/content")).status_code == 404
    assert (await bob.get(f"{BASE}/")).json()["items"] == []


def load_settings_of(api: Api):  # type: ignore[no-untyped-def]
    return api.client.app.state.services.settings


async def test_a_client_name_never_reaches_a_path(api: Api, tmp_path: Path) -> None:
    # When Ada uploads a file named to climb out of the store
    created = await upload(api, wav(), "../../../../etc/cron.d/evil")

    # Then the name is only a label, and the one file is at <owner>/<asset id> in the store
    assert created["name"] == "evil"
    assert created["mime"] == "audio/wav"
    assert created["duration_s"] > 0
    store = tmp_path / "assets"
    assert [p.relative_to(store).as_posix() for p in files_under(tmp_path)] == [
        f"{api.user.id}/{created['id']}"
    ]


async def test_bombs_unknown_types_and_oversized_files_are_refused(api: Api, tmp_path: Path) -> None:
    # When Ada uploads a small PNG whose header says 8,000 x 8,000 pixels
    bomb = await api.client.post(f"{BASE}/", content=bomb_png(), headers=api.user.headers)
    # Then it is refused before it is decoded, saying why
    assert bomb.status_code == 422, bomb.text
    assert "decompression bomb" in bomb.json()["detail"]

    # And a program (ELF) is not an accepted type whatever it is called
    elf = await api.client.post(
        f"{BASE}/",
        params={"name": "photo.png"},
        content=b"\x7fELF\x02\x01\x01" + bytes(200),
        headers=api.user.headers,
    )
    assert elf.status_code == 422
    assert "not accepted" in elf.json()["detail"]

    # And a file over the size limit (2 MB here) is refused
    big = await api.client.post(f"{BASE}/", content=b"a" * 2_000_001, headers=api.user.headers)
    assert big.status_code == 413, big.text

    # And nothing was stored
    assert files_under(tmp_path) == []


async def test_a_signed_link_works_without_a_token_until_it_expires(api: Api) -> None:
    # Given an asset and a signed link to it
    created = await upload(api, png(), "cover.png")
    signed = await api.post(f"{BASE}/{created['id']}/url")
    assert signed.status_code == 201, signed.text
    url = signed.json()["url"]

    # Then the link serves the bytes with no bearer token
    served = await api.client.get(url)
    assert served.status_code == 200
    assert served.content == png()

    # And a link with a forged signature is not ours (404)
    forged = url[:-4] + ("0000" if not url.endswith("0000") else "1111")
    assert (await api.client.get(forged)).status_code == 404

    # And an expired link is refused (403)
    service = api.client.app.state.services.assets
    token, _ = service.signer.sign(created["id"], api.user.id, now=time.time() - 3600)
    expired = await api.client.get(f"/api/v1/asset-files/{token}")
    assert expired.status_code == 403, expired.text


async def run_of(api: Api) -> str:
    workflow = await api.create()
    started = await api.post(f"/api/v1/workflows/{workflow['id']}/runs", {"inputs": {"topic": "x"}})
    assert started.status_code == 202, started.text
    return str(started.json()["id"])


async def test_deleting_by_hand_by_run_and_with_the_workflow_leaves_no_orphans(
    api: Api, admin_url: str, tmp_path: Path
) -> None:
    # Given a run with two assets, another run with one, and one loose asset
    first_run = await run_of(api)
    await upload(api, png(), "a.png", run_id=first_run)
    await upload(api, wav(), "a.wav", run_id=first_run)
    second_workflow = await api.create("Second")
    started = await api.post(f"/api/v1/workflows/{second_workflow['id']}/runs", {"inputs": {"topic": "y"}})
    await upload(api, png(), "b.png", run_id=started.json()["id"])
    loose = await upload(api, png(), "loose.png")
    assert (len(files_under(tmp_path)), rows(admin_url)) == (4, 4)

    # When Ada deletes the first run's assets
    assert (await api.delete(f"/api/v1/runs/{first_run}/assets")).status_code == 204
    # Then its two files and rows are gone
    assert (len(files_under(tmp_path)), rows(admin_url)) == (2, 2)

    # When she deletes the second workflow (its run goes with it)
    assert (await api.delete(f"/api/v1/workflows/{second_workflow['id']}")).status_code == 204
    assert (len(files_under(tmp_path)), rows(admin_url)) == (1, 1)

    # When she deletes the loose asset by hand
    assert (await api.delete(f"{BASE}/{loose['id']}")).status_code == 204

    # Then no file, no row and no pending deletion is left
    assert (len(files_under(tmp_path)), rows(admin_url), rows(admin_url, "asset_deletions")) == (0, 0, 0)
    assert (await api.delete(f"{BASE}/{loose['id']}")).status_code == 404


async def test_a_player_seeks_in_a_recording_with_byte_ranges(api: Api) -> None:
    # Given Ada's narration
    voice = wav("A narration long enough to seek in, sentence after sentence, for a while.")
    created = await upload(api, voice, "voice.wav")
    path = f"{BASE}/{created['id']}/content"

    # When her audio player asks for the whole file
    whole = await api.client.get(path, headers=api.user.headers)
    # Then it gets it, and learns it may ask for ranges
    assert (whole.status_code, whole.content, whole.headers["accept-ranges"]) == (200, voice, "bytes")

    # When it seeks: a part in the middle, then the end
    middle = await api.client.get(path, headers={**api.user.headers, "Range": "bytes=100-1099"})
    tail = await api.client.get(path, headers={**api.user.headers, "Range": "bytes=-200"})
    # Then each answer is that part, saying where it sits in the file
    assert middle.status_code == 206
    assert middle.content == voice[100:1100]
    assert middle.headers["content-range"] == f"bytes 100-1099/{len(voice)}"
    assert middle.headers["content-length"] == "1000"
    assert (tail.status_code, tail.content) == (206, voice[-200:])

    # When it asks past the end
    past = await api.client.get(path, headers={**api.user.headers, "Range": f"bytes={len(voice)}-"})
    # Then it is told the file's size (416), not sent a trace
    assert past.status_code == 416
    assert past.headers["content-range"] == f"bytes */{len(voice)}"

    # And a signed link (what a <video> or <audio> element uses) seeks the same way
    url = (await api.post(f"{BASE}/{created['id']}/url")).json()["url"]
    signed = await api.client.get(url, headers={"Range": "bytes=0-9"})
    assert (signed.status_code, signed.content) == (206, voice[:10])
