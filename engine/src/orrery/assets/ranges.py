"""Byte ranges of an asset (RFC 9110 §14): what a `Range: bytes=...` header asks of a file
of a given size. A video or audio element seeks with them, and a large download resumes.

One range only: a header naming several (rare, and a multipart answer no player needs) or
one we cannot read is ignored, and the whole file is sent, as the RFC allows. A range that
starts past the end is unsatisfiable (416)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ONE_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ByteRange:
    start: int
    end: int
    """Inclusive, as in `Content-Range`."""
    size: int
    """The whole file's."""
    partial: bool
    """A 206 answer (a satisfiable range was asked for), else 200 with the whole file."""

    @property
    def length(self) -> int:
        return self.end - self.start + 1 if self.size else 0

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.end}/{self.size}"


class RangeNotSatisfiable(ValueError):
    """The range starts past the end of the file (answered 416 with `bytes */size`)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"the file has {size} bytes")
        self.size = size


def byte_range(header: str | None, size: int) -> ByteRange:
    """The part of a `size`-byte file a `Range` header asks for (the whole file without one)."""
    whole = ByteRange(0, max(size - 1, 0), size, partial=False)
    match = _ONE_RANGE.match(header or "")
    if match is None:
        return whole
    first, last = match.groups()
    if not first and not last:
        return whole
    if not first:  # the last N bytes
        suffix = int(last)
        if suffix == 0:
            raise RangeNotSatisfiable(size)
        return ByteRange(max(size - suffix, 0), size - 1, size, partial=True) if size else whole
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return whole  # not a valid range: ignored
    if start >= size:
        raise RangeNotSatisfiable(size)
    return ByteRange(start, end, size, partial=True)
