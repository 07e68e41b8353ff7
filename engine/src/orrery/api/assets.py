"""Assets: upload, list, read, download (with the bearer token, or a short-lived signed URL
that needs none), delete one or a run's. Thin: parse, call the service, return."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Response
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY
from orrery.assets import AssetList, AssetRead, AssetService, SignedUrl
from orrery.auth import Principal

BINARY_BODY = "binary_body"
"""A route `opt`: its body is a file (the request guard does not read it as JSON text)."""
MAX_UPLOAD_BODY = 100 * 1024 * 1024 + 1
_ASSET = {404: "No such asset (or not yours)."}
Kind = Literal["image", "audio", "video", "text", "other"]


def file_response(asset: AssetRead, data: bytes, *, inline: bool) -> Response[bytes]:
    """The bytes with their sniffed type; never sniffed again by the browser; a safe file name."""
    safe = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in asset.name) or "file"
    disposition = "inline" if inline and asset.kind in ("image", "audio", "video") else "attachment"
    return Response(
        data,
        media_type=asset.mime,
        headers={
            "Content-Disposition": f'{disposition}; filename="{safe}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, max-age=300",
        },
    )


class AssetsController(Controller):
    path = "/api/v1/assets"
    tags = ["assets"]
    security = BEARER_SECURITY

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Upload a file (the raw body); its type is decided from its bytes",
        description="The body is the file. `name` is only a label. Images, audio and video are checked "
        "against the dimension and duration limits. Accepted: images (PNG, JPEG, GIF, WebP), audio "
        "(WAV, MP3, Ogg, FLAC, M4A), video (MP4, WebM), PDF, JSON and text.",
        request_max_body_size=MAX_UPLOAD_BODY,
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
        data = await request.body()
        return await asset_service.create(
            principal.claims, name=name, data=data, run_id=str(run_id) if run_id else None
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
        summary="An asset's bytes",
        media_type="application/octet-stream",
        responses=documented(400, 401, 404, descriptions=_ASSET),
    )
    async def content(
        self,
        asset_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        asset_service: NamedDependency[AssetService],
        download: Annotated[bool, QueryParameter()] = False,
    ) -> Response[bytes]:
        asset, data = await asset_service.content(principal.claims, str(asset_id))
        return file_response(asset, data, inline=not download)

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
    responses=documented(400, 403, 404, descriptions={404: "Not a link we made (or the asset is gone)."}),
)
async def signed_file(token: FromPath[str], asset_service: NamedDependency[AssetService]) -> Response[bytes]:
    asset, data = await asset_service.open_signed(token)
    return file_response(asset, data, inline=True)
