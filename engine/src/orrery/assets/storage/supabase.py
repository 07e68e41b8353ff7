"""Asset bytes in Supabase Storage, through its HTTP API (`/storage/v1`), in one private
bucket, with the engine's service key: upload `POST /object/<bucket>/<key>`, download
`GET /object/authenticated/<bucket>/<key>`, delete `DELETE /object/<bucket>` with
`{"prefixes": [keys]}`. An upload streams its body (`Content-Length` when the size is known,
else chunked); one that fails part way is aborted, and its key deleted in case Storage kept a
part. The bucket is private (no public URLs); who may read which asset is
decided by the `assets` table's RLS before the engine fetches anything."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterable, AsyncIterator, Sequence

import httpx

from orrery.assets.errors import BlobMissing, StoreUnavailable
from orrery.assets.storage.base import CHUNK_BYTES, check_key


class SupabaseBlobStore:
    def __init__(self, url: str, service_key: str, bucket: str, *, timeout_s: float = 60.0) -> None:
        self.bucket = bucket
        self._client = httpx.AsyncClient(
            base_url=f"{url.rstrip('/')}/storage/v1",
            headers={"Authorization": f"Bearer {service_key}", "apikey": service_key},
            timeout=timeout_s,
        )

    async def put(self, key: str, data: bytes, mime: str) -> None:
        await self.put_stream(key, _once(data), mime, len(data))

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], mime: str, size: int | None = None
    ) -> None:
        headers = {"Content-Type": mime, "x-upsert": "true", "Cache-Control": "max-age=3600"}
        if size is not None:
            headers["Content-Length"] = str(size)  # httpx then sends it as is, not chunked
        path = f"/object/{self.bucket}/{check_key(key)}"
        try:
            response = await self._send("POST", path, content=chunks, headers=headers)
        except BaseException:
            with contextlib.suppress(Exception):
                await self.delete([key])
            raise
        self._raise(response, "store")

    async def get(self, key: str) -> bytes:
        response = await self._send("GET", f"/object/authenticated/{self.bucket}/{check_key(key)}")
        if response.status_code in (400, 404):
            raise BlobMissing("the asset's file is missing from Supabase Storage")
        self._raise(response, "read")
        return response.content

    async def open_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        request = self._client.build_request(
            "GET",
            f"/object/authenticated/{self.bucket}/{check_key(key)}",
            headers={"Range": f"bytes={start}-{end}"},
        )
        try:
            response = await self._client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"Supabase Storage cannot be reached: {type(exc).__name__}") from exc
        if response.status_code >= 400:
            await response.aread()
            await response.aclose()
            if response.status_code in (400, 404):
                raise BlobMissing("the asset's file is missing from Supabase Storage")
            self._raise(response, "read")
        # A store that ignores Range answers 200 with the whole file: skip to `start` then.
        skip = start if response.status_code == 200 else 0
        return _body(response, skip, end - start + 1)

    async def delete(self, keys: Sequence[str]) -> None:
        if not keys:
            return
        response = await self._send(
            "DELETE", f"/object/{self.bucket}", json={"prefixes": [check_key(k) for k in keys]}
        )
        self._raise(response, "delete")

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _send(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        try:
            return await self._client.request(method, path, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"Supabase Storage cannot be reached: {type(exc).__name__}") from exc

    @staticmethod
    def _raise(response: httpx.Response, what: str) -> None:
        if response.status_code >= 400:
            raise StoreUnavailable(
                f"Supabase Storage could not {what} the file ({response.status_code}): {response.text[:200]}"
            )


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _body(response: httpx.Response, skip: int, length: int) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes(CHUNK_BYTES):
            if skip:
                dropped = min(skip, len(chunk))
                chunk, skip = chunk[dropped:], skip - dropped
            if not chunk:
                continue
            chunk = chunk[:length]
            length -= len(chunk)
            yield chunk
            if length <= 0:
                return
    finally:
        await response.aclose()
