"""Both asset stores behind the same port, told the same story: store, read, delete (a
missing key reads as missing, a repeated delete is fine). The Supabase adapter talks to a
local stub of the Storage API; through the service, an upload and its deletion leave the
stub as empty as the table."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.assets.errors import BlobMissing
from orrery.assets.storage import BlobStore, LocalBlobStore, SupabaseBlobStore
from orrery.assets.storage.base import CHUNK_BYTES
from orrery.settings import load_settings
from tests.assets.conftest import rows
from tests.assets.media_files import png
from tests.assets.storage_stub import BUCKET, KEY, StorageStub
from tests.workflows.helpers import Api, sign_up


@pytest.fixture
def stub() -> Iterator[StorageStub]:
    with StorageStub() as server:
        yield server


@pytest.fixture(params=["local", "supabase"])
async def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[BlobStore]:
    if request.param == "local":
        store: BlobStore = LocalBlobStore(tmp_path)
        yield store
    else:
        with StorageStub() as server:
            store = SupabaseBlobStore(server.url, KEY, BUCKET)
            yield store
            await store.aclose()


async def test_a_store_keeps_reads_and_deletes_bytes_by_key(blobs: BlobStore) -> None:
    # Given a key made of two ids
    key = f"{uuid.uuid4()}/{uuid.uuid4()}"
    # When bytes are stored under it
    await blobs.put(key, b"\x89PNG...", "image/png")
    # Then they read back
    assert await blobs.get(key) == b"\x89PNG..."
    # When they are deleted (twice: a purge may repeat)
    await blobs.delete([key])
    await blobs.delete([key])
    # Then they are gone
    with pytest.raises(BlobMissing):
        await blobs.get(key)


async def test_a_store_streams_the_part_of_a_file_asked_for(blobs: BlobStore) -> None:
    # Given a 600 KB file (more than two chunks)
    key = f"{uuid.uuid4()}/{uuid.uuid4()}"
    data = bytes(range(256)) * 2400
    await blobs.put(key, data, "video/mp4")

    # When a player asks for a part in the middle, and for the whole of it
    middle = [c async for c in await blobs.open_range(key, 1000, 400_999)]
    whole = [c async for c in await blobs.open_range(key, 0, len(data) - 1)]

    # Then it gets exactly those bytes, in chunks no larger than the store's
    assert b"".join(middle) == data[1000:401_000]
    assert b"".join(whole) == data
    assert max(len(c) for c in whole) <= CHUNK_BYTES
    # and a missing file is missing before any byte is sent
    with pytest.raises(BlobMissing):
        await blobs.open_range(f"{uuid.uuid4()}/{uuid.uuid4()}", 0, 10)


async def pieces(data: bytes, size: int, fail_after: int | None = None) -> AsyncIterator[bytes]:
    """`data` in pieces of `size` bytes, as an upload arrives; raising after `fail_after` pieces."""
    for number, start in enumerate(range(0, len(data), size)):
        if fail_after is not None and number == fail_after:
            raise ConnectionAbortedError("the client went away")
        yield data[start : start + size]


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_a_store_takes_a_file_as_a_stream(blobs: BlobStore, declared: bool) -> None:
    # Given 3 MB arriving in 64 KB pieces (of a known size, or not)
    key = f"{uuid.uuid4()}/{uuid.uuid4()}"
    data = bytes(range(256)) * 12_000
    # When the store takes the stream
    await blobs.put_stream(key, pieces(data, 65_536), "application/pdf", len(data) if declared else None)
    # Then the whole file reads back
    assert await blobs.get(key) == data


async def test_a_stream_that_breaks_off_leaves_nothing_under_its_key(
    blobs: BlobStore, tmp_path: Path
) -> None:
    # Given an upload whose client goes away after 1 MB of its 3 MB
    key = f"{uuid.uuid4()}/{uuid.uuid4()}"
    data = bytes(range(256)) * 12_000
    # When the store takes the stream
    with pytest.raises(ConnectionAbortedError):
        await blobs.put_stream(key, pieces(data, 65_536, fail_after=16), "application/pdf", len(data))
    # Then the error goes on, and there is nothing under the key: no file, no temporary part
    with pytest.raises(BlobMissing):
        await blobs.get(key)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


async def test_a_store_refuses_a_key_that_is_not_two_ids(blobs: BlobStore) -> None:
    # When a path-like key reaches a store
    for key in ("../../etc/passwd", f"{uuid.uuid4()}/../x", "a/b"):
        # Then it is refused before any file or URL is touched
        with pytest.raises(ValueError, match="not an asset key"):
            await blobs.put(key, b"x", "text/plain")


async def test_the_api_on_supabase_storage_leaves_no_object_behind(
    env: dict[str, str], admin_url: str, stub: StorageStub
) -> None:
    # Given the engine configured for a Supabase project's Storage
    settings = load_settings({**env, "ASSETS_SUPABASE_URL": stub.url, "SUPABASE_SERVICE_ROLE_KEY": KEY})
    async with AsyncTestClient(app=create_app(settings)) as client:
        api = Api(client, sign_up(admin_url, settings))
        # When Ada uploads an image
        created = await client.post("/api/v1/assets/", content=png(), headers=api.user.headers)
        assert created.status_code == 201, created.text
        asset_id = created.json()["id"]
        # Then its bytes are in the bucket under <owner>/<asset>, and read back through the engine
        assert list(stub.objects) == [f"{api.user.id}/{asset_id}"]
        assert (await api.get(f"/api/v1/assets/{asset_id}/content")).content == png()
        # When she deletes it
        assert (await api.delete(f"/api/v1/assets/{asset_id}")).status_code == 204
    # Then neither the object nor a row is left
    assert (stub.objects, rows(admin_url), rows(admin_url, "asset_deletions")) == ({}, 0, 0)
