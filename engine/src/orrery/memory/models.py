"""The memory API's schemas (the contract in notes/memory-contract.md)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

EmbeddingProvider = Literal["local", "openai", "openai_compatible"]
DocumentSource = Literal["text", "file", "url", "run"]
DocumentStatus = Literal["queued", "extracting", "embedding", "ready", "failed"]

MetadataKey = Annotated[str, Meta(min_length=1, max_length=64)]
MetadataValue = Annotated[str, Meta(max_length=1000)] | int | float | bool | None
Metadata = Annotated[
    dict[MetadataKey, MetadataValue],
    Meta(
        description="A flat JSON object (string keys, scalar values); searches filter by containment.",
        # the limits of keys and string values, which the generated schema leaves out
        extra_json_schema={
            "extra": {
                "propertyNames": {"minLength": 1, "maxLength": 64},
                "additionalProperties": {
                    "anyOf": [
                        {"type": "string", "maxLength": 1000},
                        {"type": "integer"},
                        {"type": "number"},
                        {"type": "boolean"},
                        {"type": "null"},
                    ]
                },
            }
        },
    ),
]

CollectionName = Annotated[
    str, Meta(min_length=1, max_length=100, description="Unique per user; workflow nodes use it.")
]


class MemoryCollectionRead(msgspec.Struct, kw_only=True):
    id: UUID
    name: str
    description: str
    embedding_provider: EmbeddingProvider
    embedding_model: str
    dimensions: int
    credential_id: UUID | None
    document_count: int
    chunk_count: int
    created_at: datetime
    updated_at: datetime


class MemoryCollectionCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: CollectionName
    description: Annotated[str, Meta(max_length=1000)] = ""
    embedding_provider: Annotated[
        EmbeddingProvider,
        Meta(description="`local`: the built-in all-MiniLM-L6-v2 (offline, 384 dimensions)."),
    ] = "local"
    embedding_model: (
        Annotated[
            str,
            Meta(
                min_length=1,
                max_length=200,
                description="The provider's embedding model, e.g. text-embedding-3-small.",
            ),
        ]
        | None
    ) = None
    credential_id: (
        Annotated[UUID, Meta(description="One of your saved keys, for a provider's model.")] | None
    ) = None


class MemoryPageFailure(msgspec.Struct, kw_only=True):
    url: str
    reason: str


class MemoryCrawlRead(msgspec.Struct, kw_only=True):
    """A URL document's site, being added by a worker (`follow`)."""

    follow: Literal["sitemap", "links"]
    status: Annotated[
        Literal["queued", "crawling", "done"],
        Meta(description="`queued` -> `crawling` (`pages_done` of `pages_found`) -> `done`."),
    ]
    pages_found: Annotated[int, Meta(description="The site's other pages found, up to the page limit.")]
    pages_done: Annotated[int, Meta(description="Of `pages_found`: added (each a document) or failed.")]
    failed_pages: Annotated[
        list[MemoryPageFailure], Meta(description="Pages that could not be added, and why.")
    ]


class MemoryDocumentRead(msgspec.Struct, kw_only=True):
    id: UUID
    collection_id: UUID
    title: str
    source: DocumentSource
    source_url: str | None
    filename: str | None
    metadata: dict[str, MetadataValue]
    content_hash: Annotated[
        str,
        Meta(
            description="sha256 (hex) of the normalized text; of a file's bytes for a file added "
            "through the API (the same file is stored once)."
        ),
    ]
    chunk_count: int
    char_count: int
    status: Annotated[
        DocumentStatus,
        Meta(
            description="`queued` -> `extracting` (a file: its text is read, `pages_read` of "
            "`pages_total` for a PDF) -> `embedding` -> `ready` (searchable) | `failed` (`error` says "
            "why). Documents are read and embedded in the background: poll the document for its "
            "progress."
        ),
    ]
    chunks_embedded: Annotated[int, Meta(description="Progress: chunks embedded so far, of `chunk_count`.")]
    error: Annotated[str | None, Meta(description="Why the document failed; null otherwise.")]
    pages_read: Annotated[
        int, Meta(description="Progress while `extracting` a file: pages read so far, of `pages_total`.")
    ] = 0
    pages_total: Annotated[
        int | None, Meta(description="A PDF's page count once its job has opened it; null otherwise.")
    ] = None
    crawl: Annotated[
        MemoryCrawlRead | None,
        Meta(description="A URL added with `follow`: its site's other pages, added by a worker."),
    ] = None
    created_at: datetime
    updated_at: datetime


class MemoryDocumentCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    source: Literal["text", "file", "url"]
    title: Annotated[str, Meta(max_length=500)] | None = None
    text: (
        Annotated[str, Meta(description="For `text` and `file`: the text (UTF-8), at most 20 MB.")] | None
    ) = None
    content_base64: (
        Annotated[
            str,
            Meta(
                description="For `file`, instead of `text`: the file itself, base64-encoded: a PDF "
                "(page numbers kept in each chunk's metadata), a Word .docx, an HTML page, markdown "
                "or text; at most 20 MB (ORRERY_MEMORY_MAX_FILE_MB), a PDF at most 200 pages."
            ),
        ]
        | None
    ) = None
    filename: Annotated[str, Meta(max_length=255)] | None = None
    url: Annotated[str, Meta(max_length=2048, description="For `url`: fetched by the engine.")] | None = None
    follow: (
        Annotated[
            Literal["sitemap", "links"],
            Meta(
                description="For `url`: also add the site's other pages, from its sitemap or the "
                "page's links (same site only), each a document of its own."
            ),
        ]
        | None
    ) = None
    max_pages: (
        Annotated[
            int,
            Meta(
                ge=1,
                le=1000,
                description="With `follow`: at most this many pages in all (capped by "
                "ORRERY_MEMORY_MAX_CRAWL_PAGES, 20 by default).",
            ),
        ]
        | None
    ) = None
    metadata: Metadata = {}


class MemoryDocumentAdded(msgspec.Struct, kw_only=True):
    document: MemoryDocumentRead
    deduplicated: Annotated[
        bool, Meta(description="True: the same text was already in the collection; nothing was stored.")
    ]
    also_added: Annotated[
        list[MemoryDocumentRead],
        Meta(
            description="With `follow` and no worker queue: the site's other pages that were added "
            "(through the API a worker adds them: see the document's `crawl`)."
        ),
    ] = []
    failed_pages: Annotated[
        list[MemoryPageFailure],
        Meta(description="With `follow` and no worker queue: pages that could not be added, and why."),
    ] = []


class MemoryDocumentList(msgspec.Struct, kw_only=True):
    items: list[MemoryDocumentRead]
    total: int


class MemoryChunkRead(msgspec.Struct, kw_only=True):
    id: UUID
    chunk_index: int
    content: str
    metadata: dict[str, MetadataValue]


class MemorySearch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    query: Annotated[str, Meta(min_length=1, max_length=4000)]
    k: Annotated[int, Meta(ge=1, le=50)] = 5
    metadata: Metadata = {}


class MemorySearchHit(msgspec.Struct, kw_only=True):
    chunk_id: UUID
    document_id: UUID
    document_title: str
    chunk_index: int
    content: str
    score: Annotated[float, Meta(description="Cosine similarity, 1.0 = the same direction.")]
    metadata: dict[str, MetadataValue]


class MemorySearchResults(msgspec.Struct, kw_only=True):
    results: list[MemorySearchHit]


def collection_from_row(row: Mapping[str, Any]) -> MemoryCollectionRead:
    """A collection as the API shows it, from its store row."""
    return MemoryCollectionRead(
        id=row["id"],
        name=row["name"],
        description=row["description"],
        embedding_provider=row["embedding_provider"],
        embedding_model=row["embedding_model"],
        dimensions=int(row["dimensions"]),
        credential_id=row["credential_id"],
        document_count=int(row["document_count"]),
        chunk_count=int(row["chunk_count"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def document_from_row(row: Mapping[str, Any]) -> MemoryDocumentRead:
    """A document as the API shows it, from its store row."""
    return MemoryDocumentRead(
        id=row["id"],
        collection_id=row["collection_id"],
        title=row["title"],
        source=row["source"],
        source_url=row["source_url"],
        filename=row["filename"],
        metadata=row["metadata"],
        content_hash=row["content_hash"],
        chunk_count=int(row["chunk_count"]),
        char_count=int(row["char_count"]),
        status=row["status"],
        chunks_embedded=int(row["chunks_embedded"]),
        error=row["error"],
        pages_read=int(row.get("pages_read") or 0),
        pages_total=row.get("pages_total"),
        crawl=msgspec.convert(row["crawl"], MemoryCrawlRead) if row.get("crawl") else None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
