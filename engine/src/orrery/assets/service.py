"""What users (the API) and runs (`access`) do with assets.

Storing (`create_stream`; `create` for bytes a step holds): the bytes are read as a stream
(`upload.Upload`: counted against the size limit, hashed as they pass), their type sniffed
from the first ones (magic numbers; the name and the client's MIME claim are not believed),
images, audio and video inspected within the dimension and duration limits in a temporary
file (decompression bombs refused before decoding), then the bytes go to the store under
`<owner>/<new id>` and the row is inserted as the user (RLS); if the insert fails the bytes
are removed again. The client's name is only a label.

Deleting: rows are deleted as the user (one, a run's, or with a run's workflow by cascade);
a trigger lists each deleted row's key in `asset_deletions` in the same transaction, and
`purge` deletes those files, then those list rows. Files and rows never outlive each other
(a crash between the two leaves the key listed for the next purge).
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import unicodedata
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from orrery.assets.errors import AssetNotFound, RunFilesFull, RunNotFound
from orrery.assets.models import AssetList, AssetRead, SignedUrl
from orrery.assets.ranges import ByteRange, byte_range
from orrery.assets.signing import PATH, UrlSigner
from orrery.assets.storage import BlobStore, LocalBlobStore, SupabaseBlobStore
from orrery.assets.upload import PIECE_BYTES, Upload
from orrery.errors import ConfigurationError, InvalidInput
from orrery.media.errors import MediaRejected
from orrery.media.probe import ACCEPTED, MediaInfo, MediaLimits, inspect_file, kind_of, sniff
from orrery.nodes.base import RunQuota
from orrery.settings import AssetSettings, Settings
from orrery.store import assets as store
from orrery.store.database import Database
from orrery.store.pagination import Row

if TYPE_CHECKING:
    from orrery.assets.access import RunAssets

Claims = Mapping[str, Any]
KINDS: Final = ("image", "audio", "video", "text", "other")
SNIFF_BYTES: Final = 512


def clean_name(name: str) -> str:
    """A label from a client's file name: its last path component, no control characters,
    at most 255 characters; "file" when nothing is left. It never reaches a path."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    return base[:255] or "file"


def to_read(row: Row) -> AssetRead:
    return AssetRead(
        id=row["id"],
        name=row["name"],
        mime=row["mime"],
        kind=kind_of(row["mime"]),
        size=int(row["size"]),
        sha256=row["sha256"],
        width=row["width"],
        height=row["height"],
        duration_s=row["duration_s"],
        run_id=row["run_id"],
        node_id=row["node_id"],
        created_at=row["created_at"],
    )


@dataclass
class AssetService:
    db: Database
    store: BlobStore
    settings: AssetSettings
    signer: UrlSigner

    @classmethod
    def from_settings(cls, db: Database, settings: Settings) -> AssetService:
        """Supabase Storage when it is configured, else files under `<data dir>/assets`."""
        config = settings.assets
        store: BlobStore
        if config.supabase_url and config.service_key:
            store = SupabaseBlobStore(config.supabase_url, config.service_key, config.bucket)
        else:
            store = LocalBlobStore(settings.data_dir / "assets")
        # Derived (signing.py) from the secret claims are signed with: every API and worker
        # process has it, with or without a Supabase JWT secret (JWKS projects).
        secret = settings.database.claims_secret or settings.auth.jwt_secret
        if not secret:
            raise ConfigurationError("signed asset URLs need ORRERY_CLAIMS_SECRET (or SUPABASE_JWT_SECRET)")
        return cls(db, store, config, UrlSigner(secret, config.signed_url_ttl_s))

    @property
    def limits(self) -> MediaLimits:
        return MediaLimits(
            max_image_pixels=self.settings.max_image_pixels,
            max_video_pixels=self.settings.max_video_pixels,
            max_duration_s=self.settings.max_duration_s,
        )

    async def aclose(self) -> None:
        await self.store.aclose()

    # -- storing ---------------------------------------------------------------------------

    async def create(
        self,
        claims: Claims,
        *,
        name: str,
        data: bytes,
        run_id: str | None = None,
        node_id: str | None = None,
        scope: str | None = None,
        quota: RunQuota | None = None,
    ) -> AssetRead:
        """Store bytes a step made (`create_stream` with one chunk); with a `quota`, refused
        (`RunFilesFull`) when the run's files would go over it."""
        return await self.create_stream(
            claims,
            name=name,
            chunks=_once(data),
            declared_size=len(data),
            run_id=run_id,
            node_id=node_id,
            scope=scope,
            quota=quota,
        )

    async def create_stream(
        self,
        claims: Claims,
        *,
        name: str,
        chunks: AsyncIterable[bytes],
        declared_size: int | None = None,
        run_id: str | None = None,
        node_id: str | None = None,
        scope: str | None = None,
        quota: RunQuota | None = None,
    ) -> AssetRead:
        """Store a file as its bytes arrive (an upload), never holding it whole. Its type is
        sniffed from the first bytes; text, PDF and JSON stream straight to the store; images,
        audio and video go to a temporary file first, are inspected within the limits there
        and only then streamed to the store, so a refused file never reaches it. Over the size
        limit (declared or counted), a refused type, a client gone part way: nothing is left,
        neither file nor row."""
        upload = Upload(chunks, self.settings.max_upload_bytes, declared_size=declared_size)
        if run_id is not None:
            async with self.db.as_user(claims) as conn:
                if not await store.run_exists(conn, run_id):
                    raise RunNotFound(f"run {run_id} not found")
        head = await upload.head(SNIFF_BYTES)
        if not head:
            raise MediaRejected("The file is empty.", [{"field": "body", "message": "empty"}])
        mime = sniff(head)
        if mime is None:
            raise MediaRejected(
                f"This type of file is not accepted (decided from its content). Accepted: {ACCEPTED}.",
                [{"field": "body", "message": "unsupported file type"}],
            )
        owner_id = str(claims["sub"])
        asset_id = str(uuid.uuid4())
        key = f"{owner_id}/{asset_id}"
        if kind_of(mime) in ("image", "audio", "video"):
            info = await self._store_inspected(key, upload, mime)
        else:
            info = MediaInfo(mime=mime)
            await self._store(key, upload.chunks(), mime, declared_size)
        try:
            async with self.db.as_user(claims) as conn:
                if quota is not None and run_id is not None:
                    _within(quota, *await store.lock_run_files(conn, run_id), upload.size)
                row = await store.insert_asset(
                    conn,
                    {
                        "id": asset_id,
                        "owner_id": owner_id,
                        "run_id": run_id,
                        "node_id": node_id,
                        "scope": scope or None,
                        "name": clean_name(name),
                        "mime": info.mime,
                        "size": upload.size,
                        "sha256": upload.sha256,
                        "width": info.width,
                        "height": info.height,
                        "duration_s": info.duration_s,
                        "storage_key": key,
                    },
                )
        except BaseException:
            await self.store.delete([key])
            raise
        return to_read(row)

    async def _store(self, key: str, chunks: AsyncIterable[bytes], mime: str, size: int | None) -> None:
        try:
            await self.store.put_stream(key, chunks, mime, size)
        except BaseException:
            # The adapters leave nothing of a failed stream; this is for a store that kept a
            # part anyway (a Storage that committed what it had when the request broke).
            with contextlib.suppress(Exception):
                await self.store.delete([key])
            raise

    async def _store_inspected(self, key: str, upload: Upload, mime: str) -> MediaInfo:
        """Spool the media to a temporary file, inspect it there, then stream it to the store."""
        with tempfile.NamedTemporaryFile(prefix="orrery-upload-") as spool:
            async for piece in upload.chunks():
                await asyncio.to_thread(spool.write, piece)
            await asyncio.to_thread(spool.flush)
            info = await asyncio.to_thread(inspect_file, Path(spool.name), mime, self.limits)
            await asyncio.to_thread(spool.seek, 0)
            await self._store(key, _read_file(spool), info.mime, upload.size)
        return info

    # -- reading ---------------------------------------------------------------------------

    async def get(self, claims: Claims, asset_id: str) -> AssetRead:
        return to_read(await self._row(claims, asset_id))

    async def _row(self, claims: Claims, asset_id: str) -> Row:
        async with self.db.as_user(claims) as conn:
            row = await store.fetch_asset(conn, asset_id)
        if row is None:
            raise AssetNotFound(f"asset {asset_id} not found")
        return row

    async def content(self, claims: Claims, asset_id: str) -> tuple[AssetRead, bytes]:
        row = await self._row(claims, asset_id)
        return to_read(row), await self.store.get(row["storage_key"])

    async def download(
        self, claims: Claims, asset_id: str, range_header: str | None = None
    ) -> tuple[AssetRead, ByteRange, AsyncIterator[bytes]]:
        """The asset, the part of it a `Range` header asks for (all of it without one) and
        that part's bytes, streamed. `RangeNotSatisfiable` for a range past its end."""
        row = await self._row(claims, asset_id)
        asset = to_read(row)
        part = byte_range(range_header, asset.size)
        if not asset.size:
            return asset, part, _empty()
        return asset, part, await self.store.open_range(row["storage_key"], part.start, part.end)

    async def list(
        self,
        claims: Claims,
        *,
        run_id: str | None = None,
        kind: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> AssetList:
        if kind is not None and kind not in KINDS:
            raise InvalidInput(
                f"kind must be one of {', '.join(KINDS)}", [{"field": "kind", "message": "unknown kind"}]
            )
        async with self.db.as_user(claims) as conn:
            rows, next_cursor = await store.list_assets(
                conn, run_id=run_id, kind=kind, cursor=cursor, limit=limit
            )
        return AssetList(items=[to_read(r) for r in rows], next_cursor=next_cursor)

    # -- signed URLs -----------------------------------------------------------------------

    async def signed_url(self, claims: Claims, asset_id: str) -> SignedUrl:
        row = await self._row(claims, asset_id)
        token, expires = self.signer.sign(str(row["id"]), str(row["owner_id"]))
        return SignedUrl(url=f"{PATH}{token}", expires_at=datetime.fromtimestamp(expires, UTC))

    async def download_signed(
        self, token: str, range_header: str | None = None
    ) -> tuple[AssetRead, ByteRange, AsyncIterator[bytes]]:
        """The asset a signed token names (`download`), read as its owner (the signature is
        the authority)."""
        signed = self.signer.verify(token)
        claims = {"sub": signed.owner_id, "role": "authenticated", "aud": "authenticated"}
        return await self.download(claims, signed.asset_id, range_header)

    # -- deleting --------------------------------------------------------------------------

    async def delete(self, claims: Claims, asset_id: str) -> None:
        async with self.db.as_user(claims) as conn:
            if not await store.delete_asset(conn, asset_id):
                raise AssetNotFound(f"asset {asset_id} not found")
        await self.purge(claims)

    async def delete_run(self, claims: Claims, run_id: str) -> int:
        """Every asset of the run; how many there were."""
        async with self.db.as_user(claims) as conn:
            if not await store.run_exists(conn, run_id):
                raise RunNotFound(f"run {run_id} not found")
            count = await store.delete_run_assets(conn, run_id)
        await self.purge(claims)
        return count

    async def purge(self, claims: Claims) -> int:
        """Delete the files of the user's deleted assets (listed by the trigger); how many."""
        purged = 0
        while True:
            async with self.db.as_user(claims) as conn:
                keys = await store.pending_deletions(conn)
            if not keys:
                return purged
            await self.store.delete(keys)
            async with self.db.as_user(claims) as conn:
                await store.clear_deletions(conn, keys)
            purged += len(keys)

    def access(self, claims: Claims, run_id: str, node_id: str, scope: str) -> RunAssets:
        """The run's files as its steps see them (`nodes.base.AssetAccess`)."""
        from orrery.assets.access import RunAssets

        return RunAssets(self, dict(claims), run_id, node_id, scope)


def _within(quota: RunQuota, files: int, held: int, size: int) -> None:
    """Refuses a file that would take the run's files over `quota`."""
    if files + 1 > quota.max_files:
        raise RunFilesFull(f"this run already has {files} files, the most it may have is {quota.max_files}")
    if held + size > quota.max_bytes:
        raise RunFilesFull(
            f"this run's files hold {held:,} bytes, and this one ({size:,}) would take them "
            f"over {quota.max_bytes:,}"
        )


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _read_file(handle: IO[bytes]) -> AsyncIterator[bytes]:
    while piece := await asyncio.to_thread(handle.read, PIECE_BYTES):
        yield piece


async def _empty() -> AsyncIterator[bytes]:
    return
    yield b""  # pragma: no cover - makes this an (empty) async generator
