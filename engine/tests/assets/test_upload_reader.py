"""`Upload`, the reader of one upload's stream: the head read for sniffing is not lost, every
byte is handed on once in pieces a store writes (at most 1 MiB), counted and hashed; past the
limit it stops before handing on the byte that passed it."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest

from orrery.assets.upload import PIECE_BYTES, Upload
from orrery.media.errors import MediaTooLarge


async def arriving(data: bytes, size: int) -> AsyncIterator[bytes]:
    yield b""  # ASGI's empty messages are skipped
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def test_every_byte_is_handed_on_once_in_pieces_a_store_writes() -> None:
    # Given 3.5 MiB arriving in 64 KiB chunks
    data = bytes(range(256)) * (14 * 1024)
    upload = Upload(arriving(data, 65_536), limit=len(data))
    # When its head is sniffed, then its bytes are read
    head = await upload.head(512)
    pieces = [piece async for piece in upload.chunks()]
    # Then the head is the file's start and nothing was lost or doubled
    assert head == data[:512]
    assert b"".join(pieces) == data
    # in pieces of 1 MiB (the last one shorter), counted and hashed
    assert [len(p) for p in pieces] == [PIECE_BYTES] * 3 + [len(data) - 3 * PIECE_BYTES]
    assert (upload.size, upload.sha256) == (len(data), hashlib.sha256(data).hexdigest())


async def test_past_the_limit_it_stops_before_handing_on_the_byte_that_passed_it() -> None:
    # Given a limit of 100,000 bytes and a file of 200,000 arriving in 30,000-byte chunks
    upload = Upload(arriving(b"x" * 200_000, 30_000), limit=100_000)
    handed_on: list[bytes] = []

    async def store() -> None:
        async for piece in upload.chunks():
            handed_on.append(piece)

    # When a store reads it
    with pytest.raises(MediaTooLarge, match="over the limit of 100,000 bytes"):
        await store()
    # Then nothing past the limit reached the store
    assert sum(map(len, handed_on)) <= 100_000


def test_a_declared_size_over_the_limit_is_refused_before_reading() -> None:
    with pytest.raises(MediaTooLarge, match="200,000 bytes or more"):
        Upload(arriving(b"", 1), limit=100_000, declared_size=200_000)
