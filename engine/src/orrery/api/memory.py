"""Memory: collections, their documents and chunks, and search. Thin: parse, call the
service, return (the contract: notes/memory-contract.md)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY
from orrery.auth import Principal
from orrery.memory import MemoryService
from orrery.memory.models import (
    MemoryChunkRead,
    MemoryCollectionCreate,
    MemoryCollectionRead,
    MemoryDocumentAdded,
    MemoryDocumentCreate,
    MemoryDocumentList,
    MemoryDocumentRead,
    MemorySearch,
    MemorySearchResults,
)

MAX_DOCUMENT_BODY_BYTES = 30 * 1024 * 1024
"""A document request: a 20 MB file as base64 (28 MB), or 20 MB of text as JSON; the
service checks the limits it is configured with (ORRERY_MEMORY_MAX_FILE_MB)."""

_COLLECTION = {404: "No such memory collection (or not yours)."}
_DOCUMENT = {404: "No such memory document (or not yours)."}


class MemoryController(Controller):
    path = "/api/v1/memory"
    tags = ["memory"]
    security = BEARER_SECURITY

    @get("/collections", summary="Your memory collections, by name", responses=documented(401))
    async def list_collections(
        self, principal: NamedDependency[Principal], memory_service: NamedDependency[MemoryService]
    ) -> list[MemoryCollectionRead]:
        return await memory_service.list_collections(principal.claims)

    @post(
        "/collections",
        status_code=HTTP_201_CREATED,
        summary="Create a memory collection",
        responses=documented(
            400, 401, 409, 413, descriptions={409: "You already have a collection with this name."}
        ),
    )
    async def create_collection(
        self,
        data: JSONBody[MemoryCollectionCreate],
        principal: NamedDependency[Principal],
        memory_service: NamedDependency[MemoryService],
    ) -> MemoryCollectionRead:
        return await memory_service.create_collection(principal.claims, data)

    @get(
        "/collections/{collection_id:uuid}",
        summary="A memory collection",
        responses=documented(400, 401, 404, descriptions=_COLLECTION),
    )
    async def get_collection(
        self,
        collection_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        memory_service: NamedDependency[MemoryService],
    ) -> MemoryCollectionRead:
        return await memory_service.get_collection(principal.claims, str(collection_id))

    @delete(
        "/collections/{collection_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a memory collection with its documents and chunks",
        responses=documented(400, 401, 404, descriptions=_COLLECTION),
    )
    async def delete_collection(
        self,
        collection_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        memory_service: NamedDependency[MemoryService],
    ) -> None:
        await memory_service.delete_collection(principal.claims, str(collection_id))

    @get(
        "/collections/{collection_id:uuid}/documents",
        summary="A collection's documents, newest first",
        responses=documented(400, 401, 404, descriptions=_COLLECTION),
    )
    async def list_documents(
        self,
        collection_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        memory_service: NamedDependency[MemoryService],
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> MemoryDocumentList:
        return await memory_service.list_documents(
            principal.claims, str(collection_id), limit=limit, offset=offset
        )

    @post(
        "/collections/{collection_id:uuid}/documents",
        status_code=HTTP_201_CREATED,
        summary="Add a document (text, a file: PDF, DOCX, HTML, markdown, text; or a URL): chunked, "
        "then embedded in the background",
        description="201 with the new document, `queued`: a worker reads it (a file: `extracting`, "
        "with `pages_read` of `pages_total` for a PDF) and embeds it (`embedding` with "
        "`chunks_embedded`), then `ready`, when search finds it, or `failed` with `error` (a file "
        "with no text, a damaged one, a PDF over the page limit). 200 when the same text (the same "
        "file's bytes) is already in the collection (`deduplicated`: nothing was stored). With "
        "`follow`, a worker adds the site's other pages too, each a document of its own, counting "
        "them on the document's `crawl`.",
        request_max_body_size=MAX_DOCUMENT_BODY_BYTES,
        responses={
            HTTP_200_OK: ResponseSpec(
                MemoryDocumentAdded,
                description="The same text is already in the collection (`deduplicated`).",
            ),
            **documented(
                400,
                401,
                404,
                413,
                502,
                descriptions={
                    **_COLLECTION,
                    400: "Bad input, or a binary file that is not a kind Orrery reads.",
                    413: "The file or text is over 20 MB.",
                    502: "The URL could not be fetched, or the embedding provider failed.",
                },
            ),
        },
    )
    async def add_document(
        self,
        collection_id: FromPath[UUID],
        data: JSONBody[MemoryDocumentCreate],
        principal: NamedDependency[Principal],
        memory_service: NamedDependency[MemoryService],
    ) -> Response[MemoryDocumentAdded]:
        added = await memory_service.add_document(principal.claims, str(collection_id), data)
        return Response(added, status_code=HTTP_200_OK if added.deduplicated else HTTP_201_CREATED)

    @get(
        "/documents/{document_id:uuid}",
        summary="A memory document",
        responses=documented(400, 401, 404, descriptions=_DOCUMENT),
    )
    async def get_document(
        self,
        document_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        memory_service: NamedDependency[MemoryService],
    ) -> MemoryDocumentRead:
        return await memory_service.get_document(principal.claims, str(document_id))

    @get(
        "/documents/{document_id:uuid}/chunks",
        summary="A document's chunks, in order",
        responses=documented(400, 401, 404, descriptions=_DOCUMENT),
    )
    async def list_chunks(
        self,
        document_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        memory_service: NamedDependency[MemoryService],
    ) -> list[MemoryChunkRead]:
        return await memory_service.list_chunks(principal.claims, str(document_id))

    @delete(
        "/documents/{document_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a document",
        responses=documented(400, 401, 404, descriptions=_DOCUMENT),
    )
    async def delete_document(
        self,
        document_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        memory_service: NamedDependency[MemoryService],
    ) -> None:
        await memory_service.delete_document(principal.claims, str(document_id))

    @post(
        "/collections/{collection_id:uuid}/search",
        status_code=HTTP_200_OK,
        summary="The chunks most similar to a query (cosine), best first",
        responses=documented(
            400, 401, 404, 413, 502, descriptions={**_COLLECTION, 502: "The embedding provider failed."}
        ),
    )
    async def search(
        self,
        collection_id: FromPath[UUID],
        data: JSONBody[MemorySearch],
        principal: NamedDependency[Principal],
        memory_service: NamedDependency[MemoryService],
    ) -> MemorySearchResults:
        return await memory_service.search(principal.claims, str(collection_id), data)
