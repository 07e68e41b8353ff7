"""Assets: upload, list, read, download (with the bearer token, or a short-lived signed URL
that needs none), delete one or a run's. Thin: parse, call the service, return."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, QueryParameter
from litestar.response import Response, Stream
from litestar.response.base import ASGIResponse
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_201_CREATED,
    HTTP_204_NO_CONTENT,
    HTTP_206_PARTIAL_CONTENT,
    HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
)

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY
from orrery.assets import AssetList, AssetRead, AssetService, SignedUrl
from orrery.assets.ranges import ByteRange, RangeNotSatisfiable
from orrery.auth import Principal

BINARY_BODY = "binary_body"
"""A route `opt`: its body is a file (the request guard does not read it as JSON text)."""
_ASSET = {404: "No such asset (or not yours)."}
_PARTIAL = {
    206: ResponseSpec(
        None,
        description="The part of the file the `Range` header asked for (`Content-Range` says which).",
        media_type="application/octet-stream",
    )
}
Kind = Literal["image", "audio", "video", "text", "other"]
RangeHeader = Annotated[
    str | None,
    HeaderParameter(
        name="Range",
        max_length=200,
        description="One byte range (`bytes=0-1023`, `bytes=1024-`, `bytes=-500`): answered 206 with "
        "that part; several ranges, or one we cannot read, get the whole file (200).",
    ),
]


class FileStream(Stream):
    """A stream whose own media type wins over its route's (Litestar's `Stream` prefers the
    route's, documented here as `application/octet-stream`)."""

    def to_asgi_response(self, *args: Any, **kwargs: Any) -> ASGIResponse:
        kwargs["media_type"] = self.media_type
        return super().to_asgi_response(*args, **kwargs)


def file_response(asset: AssetRead, part: ByteRange, chunks: AsyncIterator[bytes], *, inline: bool) -> Stream:
    """The bytes (all, or the range asked for: 206) with their sniffed type, streamed; never
    sniffed again by the browser; a safe file name."""
    safe = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in asset.name) or "file"
    disposition = "inline" if inline and asset.kind in ("image", "audio", "video") else "attachment"
    headers = {
        "Content-Disposition": f'{disposition}; filename="{safe}"',
        "Content-Length": str(part.length),
        "Accept-Ranges": "bytes",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, max-age=300",
    }
    if part.partial:
        headers["Content-Range"] = part.content_range
    return FileStream(
        chunks,
        media_type=asset.mime,
        status_code=HTTP_206_PARTIAL_CONTENT if part.partial else HTTP_200_OK,
        headers=headers,
    )


def not_satisfiable(exc: RangeNotSatisfiable) -> Response[bytes]:
    detail = f"The range asked for is past the end of the file ({exc.size} bytes)."
    return Response(
        msgspec.json.encode({"status_code": 416, "detail": detail}),
        media_type="application/json",
        status_code=HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
        headers={"Content-Range": f"bytes */{exc.size}", "Accept-Ranges": "bytes"},
    )


class AssetsController(Controller):
    path = "/api/v1/assets"
    tags = ["assets"]
    security = BEARER_SECURITY

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Upload a file (the raw body); its type is decided from its bytes",
        description="The body is the file, read as it arrives (never whole in memory): over the size "
        "limit (`ASSETS_MAX_UPLOAD_BYTES`, by `Content-Length` or by the bytes counted) it is answered "
        "413 with nothing stored. `name` is only a label; the `Content-Type` is not believed. Images, "
        "audio and video are checked against the dimension and duration limits. Accepted: images "
        "(PNG, JPEG, GIF, WebP), audio (WAV, MP3, Ogg, FLAC, M4A), video (MP4, WebM), PDF, JSON and text.",
        # The service counts the bytes against the operator's limit as they arrive.
        request_max_body_size=None,
        opt={BINARY_BODY: True},
        responses=documented(400, 401, 404, 413, descriptions={404: "No such run (or not yours)."}),
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        asset_service: NamedDependency[AssetService],
        name: Annotated[str, QueryParameter(min_length=1, max_length=1000)] = "file",
        run_id: Annotated[UUID | None, QueryParameter()] = None,
    ) -> AssetRead:
        return await asset_service.create_stream(
            principal.claims,
            name=name,
            chunks=request.stream(),
            declared_size=request.content_length,
            run_id=str(run_id) if run_id else None,
        )

    @get("/", summary="Your assets, newest first; filter by run and kind", responses=documented(400, 401))
    async def list_assets(
        self,
        principal: NamedDependency[Principal],
        asset_service: NamedDependency[AssetService],
        run_id: Annotated[UUID | None, QueryParameter()] = None,
        kind: Annotated[Kind | None, QueryParameter()] = None,
        cursor: Annotated[str | None, QueryParameter(max_length=500)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    ) -> AssetList:
        return await asset_service.list(
            principal.claims, run_id=str(run_id) if run_id else None, kind=kind, cursor=cursor, limit=limit
        )

    @get(
        "/{asset_id:uuid}",
        summary="An asset's metadata",
        responses=documented(400, 401, 404, descriptions=_ASSET),
    )
    async def get_asset(
        self,
        asset_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        asset_service: NamedDependency[AssetService],
    ) -> AssetRead:
        return await asset_service.get(principal.claims, str(asset_id))

    @get(
        "/{asset_id:uuid}/content",
        summary="An asset's bytes (all, or the one `Range` asked for)",
        media_type="application/octet-stream",
        responses={**_PARTIAL, **documented(400, 401, 404, 416, descriptions=_ASSET)},
    )
    async def content(
        self,
        asset_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        asset_service: NamedDependency[AssetService],
        download: Annotated[bool, QueryParameter()] = False,
        range_header: RangeHeader = None,
    ) -> Stream | Response[bytes]:
        try:
            asset, part, chunks = await asset_service.download(principal.claims, str(asset_id), range_header)
        except RangeNotSatisfiable as exc:
            return not_satisfiable(exc)
        return file_response(asset, part, chunks, inline=not download)

    @post(
        "/{asset_id:uuid}/url",
        status_code=HTTP_201_CREATED,
        summary="A short-lived signed URL for the asset's bytes (for <img>, <audio>, <video>)",
        responses=documented(400, 401, 404, descriptions=_ASSET),
    )
    async def signed_url(
        self,
        asset_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        asset_service: NamedDependency[AssetService],
    ) -> SignedUrl:
        return await asset_service.signed_url(principal.claims, str(asset_id))

    @delete(
        "/{asset_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete an asset (its file too)",
        responses=documented(400, 401, 404, descriptions=_ASSET),
    )
    async def delete_asset(
        self,
        asset_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        asset_service: NamedDependency[AssetService],
    ) -> None:
        await asset_service.delete(principal.claims, str(asset_id))


class RunAssetsController(Controller):
    path = "/api/v1/runs/{run_id:uuid}/assets"
    tags = ["assets"]
    security = BEARER_SECURITY

    @delete(
        "/",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete every asset of a run (their files too)",
        responses=documented(400, 401, 404, descriptions={404: "No such run (or not yours)."}),
    )
    async def delete_run_assets(
        self,
        run_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        asset_service: NamedDependency[AssetService],
    ) -> None:
        await asset_service.delete_run(principal.claims, str(run_id))


@get(
    "/api/v1/asset-files/{token:str}",
    tags=["assets"],
    summary="An asset's bytes through a signed URL (no bearer token)",
    media_type="application/octet-stream",
    security=[],
    responses={
        **_PARTIAL,
        **documented(400, 403, 404, 416, descriptions={404: "Not a link we made (or the asset is gone)."}),
    },
)
async def signed_file(
    token: FromPath[str],
    asset_service: NamedDependency[AssetService],
    range_header: RangeHeader = None,
) -> Stream | Response[bytes]:
    try:
        asset, part, chunks = await asset_service.download_signed(token, range_header)
    except RangeNotSatisfiable as exc:
        return not_satisfiable(exc)
    return file_response(asset, part, chunks, inline=True)
