"""Asset bytes as files under a directory (the embedded mode: `<data dir>/assets`), one file
per asset at `<root>/<owner uuid>/<asset uuid>`. Writes go to a temporary name in the same
folder, chunk by chunk as a stream arrives, and are renamed into place once it is whole, so
a reader never sees half a file; a stream that fails leaves no temporary file either. File
I/O runs in a thread."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from orrery.assets.errors import BlobMissing, StoreUnavailable
from orrery.assets.storage.base import CHUNK_BYTES, check_key


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if self.root not in path.parents:  # pragma: no cover - check_key already refuses
            raise ValueError(f"not an asset key: {key!r}")
        return path

    async def put(self, key: str, data: bytes, mime: str) -> None:
        await self.put_stream(key, _once(data), mime, len(data))

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], mime: str, size: int | None = None
    ) -> None:
        path = self.path(key)
        partial = path.with_name(f".{path.name}.partial")

        def open_partial() -> BinaryIO:
            path.parent.mkdir(parents=True, exist_ok=True)
            return partial.open("wb")

        try:
            handle = await asyncio.to_thread(open_partial)
        except OSError as exc:
            raise StoreUnavailable(f"the asset store cannot write: {exc.strerror}") from exc
        try:
            try:
                async for chunk in chunks:
                    await _io(handle.write, chunk)
            finally:
                handle.close()
            await _io(os.replace, partial, path)
        except BaseException:
            # Synchronously: a cancelled upload (the client gone) must not leave the part behind.
            partial.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # the owner's folder, if this was its only file
            raise

    async def get(self, key: str) -> bytes:
        path = self.path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            raise BlobMissing("the asset's file is missing from the store") from None
        except OSError as exc:
            raise StoreUnavailable(f"the asset store cannot read: {exc.strerror}") from exc

    async def open_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        path = self.path(key)
        try:
            handle = await asyncio.to_thread(path.open, "rb")
        except FileNotFoundError:
            raise BlobMissing("the asset's file is missing from the store") from None
        except OSError as exc:
            raise StoreUnavailable(f"the asset store cannot read: {exc.strerror}") from exc
        return _read_range(handle, start, end)

    async def delete(self, keys: Sequence[str]) -> None:
        paths = [self.path(key) for key in keys]

        def remove() -> None:
            for path in paths:
                path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    path.parent.rmdir()  # the owner's folder, once empty

        await asyncio.to_thread(remove)

    async def aclose(self) -> None:
        return None


async def _io(call: Callable[..., object], *args: object) -> None:
    """A write of ours in a thread; the store's own failure is `StoreUnavailable` (an error of
    the stream it writes, the client gone, goes on as it is)."""
    try:
        await asyncio.to_thread(call, *args)
    except OSError as exc:
        raise StoreUnavailable(f"the asset store cannot write: {exc.strerror}") from exc


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _read_range(handle: BinaryIO, start: int, end: int) -> AsyncIterator[bytes]:
    try:
        await asyncio.to_thread(handle.seek, start)
        left = end - start + 1
        while left > 0:
            chunk = await asyncio.to_thread(handle.read, min(CHUNK_BYTES, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk
    finally:
        handle.close()
