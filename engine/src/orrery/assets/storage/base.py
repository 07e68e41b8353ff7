"""`BlobStore`: where asset bytes live, by key. Adapters raise `StoreUnavailable` when the
store cannot be reached and `BlobMissing` for a key with no bytes; deleting a missing key is
not an error (a purge may be repeated). Bytes go in as a stream (`put_stream`): a store never
needs a whole upload in memory, and a stream that fails part way (over the size limit, the
client gone) leaves nothing under its key."""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from typing import Final, Protocol

CHUNK_BYTES: Final = 256 * 1024
"""What a streamed read hands on at a time: a download never holds the whole file."""

_KEY = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)


def check_key(key: str) -> str:
    """The key, if it is `<uuid>/<uuid>` (lowercase); ValueError otherwise. Nothing else may
    reach a path or a URL."""
    if not _KEY.match(key):
        raise ValueError(f"not an asset key: {key!r}")
    return key


class BlobStore(Protocol):
    async def put(self, key: str, data: bytes, mime: str) -> None: ...

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], mime: str, size: int | None = None
    ) -> None:
        """Store what `chunks` yields under `key`, as it comes. `size`, when known, is the
        total the stream will yield. If iterating raises, the error goes on and nothing is
        left under the key (a reader never sees half a file)."""
        ...

    async def get(self, key: str) -> bytes: ...

    async def open_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        """Bytes `start`..`end` (inclusive) of the file, in chunks of at most `CHUNK_BYTES`.
        Awaiting it finds the file (`BlobMissing` then, before any byte is sent); iterating
        reads it."""
        ...

    async def delete(self, keys: Sequence[str]) -> None: ...

    async def aclose(self) -> None: ...
