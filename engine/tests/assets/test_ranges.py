"""What a `Range` header asks of a file: a player seeking in a video, a download resuming."""

from __future__ import annotations

import pytest

from orrery.assets.ranges import ByteRange, RangeNotSatisfiable, byte_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, ByteRange(0, 999, 1000, partial=False)),
        ("bytes=0-99", ByteRange(0, 99, 1000, partial=True)),
        ("bytes=500-", ByteRange(500, 999, 1000, partial=True)),
        ("bytes=-100", ByteRange(900, 999, 1000, partial=True)),
        ("bytes=-5000", ByteRange(0, 999, 1000, partial=True)),
        ("bytes=900-5000", ByteRange(900, 999, 1000, partial=True)),
        ("BYTES = 10 - 19", ByteRange(10, 19, 1000, partial=True)),
        # several ranges, or what we cannot read, get the whole file
        ("bytes=0-1,5-9", ByteRange(0, 999, 1000, partial=False)),
        ("items=0-9", ByteRange(0, 999, 1000, partial=False)),
        ("bytes=20-10", ByteRange(0, 999, 1000, partial=False)),
        ("bytes=-", ByteRange(0, 999, 1000, partial=False)),
    ],
)
def test_a_range_header_names_the_part_of_the_file_to_send(header: str | None, expected: ByteRange) -> None:
    assert byte_range(header, 1000) == expected


def test_the_part_says_its_length_and_content_range() -> None:
    part = byte_range("bytes=100-199", 1000)
    assert (part.length, part.content_range) == (100, "bytes 100-199/1000")


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_past_the_end_cannot_be_satisfied(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable) as refused:
        byte_range(header, 1000)
    assert refused.value.size == 1000
