"""`Upload`: one file's bytes read once, as a stream, never whole in memory.

It hands out the first bytes for sniffing (`head`), then every byte once (`chunks`), in
pieces of at most `PIECE_BYTES`, counting and hashing (sha256) as they pass. It refuses a
file over the size limit as soon as it is known to be over: at once when the declared size
(`Content-Length`) says so, else on the first byte past the limit, before that byte is handed
on, so a store never receives it. Empty chunks (ASGI's last message) are skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator
from typing import Final

from orrery.media.errors import MediaTooLarge

PIECE_BYTES: Final = 1024 * 1024
"""What a store writes at a time: a request's small chunks (uvicorn hands on up to 64 KiB)
are joined up to this, so a 100 MiB upload is ~100 writes, not ~1,600."""


def too_large(size: int, limit: int) -> MediaTooLarge:
    return MediaTooLarge(f"The file is {size:,} bytes or more: over the limit of {limit:,} bytes.")


class Upload:
    def __init__(self, source: AsyncIterable[bytes], limit: int, *, declared_size: int | None = None) -> None:
        if declared_size is not None and declared_size > limit:
            raise too_large(declared_size, limit)
        self.limit = limit
        self.declared_size = declared_size
        self.size = 0
        self._source = source.__aiter__()
        self._sha = hashlib.sha256()
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self._ended = False
        self._read = False

    @property
    def sha256(self) -> str:
        """The hex digest of every byte read so far (of the whole file once `chunks` is done)."""
        return self._sha.hexdigest()

    async def _next(self) -> bytes | None:
        """The next non-empty chunk of the source, counted and hashed; None at its end."""
        if self._ended:
            return None
        async for chunk in self._source:
            if not chunk:
                continue
            self.size += len(chunk)
            if self.size > self.limit:
                raise too_large(self.size, self.limit)
            self._sha.update(chunk)
            return bytes(chunk)
        self._ended = True
        return None

    async def head(self, n: int) -> bytes:
        """The first `n` bytes (fewer if the file is shorter): read ahead and kept for `chunks`."""
        while self._pending_bytes < n:
            chunk = await self._next()
            if chunk is None:
                break
            self._pending.append(chunk)
            self._pending_bytes += len(chunk)
        return b"".join(self._pending)[:n]

    async def chunks(self) -> AsyncIterator[bytes]:
        """Every byte of the file, once, in pieces of at most `PIECE_BYTES`."""
        if self._read:
            raise RuntimeError("an upload is read once")
        self._read = True
        piece, size = self._pending, self._pending_bytes
        self._pending, self._pending_bytes = [], 0
        while True:
            if size >= PIECE_BYTES or (self._ended and piece):
                joined = b"".join(piece)
                piece, size = [], 0
                for start in range(0, len(joined), PIECE_BYTES):
                    part = joined[start : start + PIECE_BYTES]
                    if len(part) < PIECE_BYTES and not self._ended:
                        piece, size = [part], len(part)  # the rest waits for more bytes
                        break
                    yield part
            if self._ended:
                return
            chunk = await self._next()
            if chunk is not None:
                piece.append(chunk)
                size += len(chunk)
