/**
 * Typed calls to the engine's memory endpoints (engine/src/orrery/api/memory.py):
 * collections of documents, chunked and embedded by the engine, searched by meaning.
 * Everything runs as the signed-in user (RLS).
 */
import type { EngineClient } from "./client";
import type { MemoryCollectionRead, MemoryCollectionCreate, EmbeddingProvider, MemoryDocumentRead, MemoryDocumentCreate, MemoryDocumentAdded, MemoryDocumentPage, MemoryChunkRead, MemorySearch, MemorySearchHit, MemorySearchResults } from "@/lib/contracts";

export type { MemoryCollectionRead, MemoryCollectionCreate, EmbeddingProvider, MemoryDocumentRead, MemoryDocumentCreate, MemoryDocumentAdded, MemoryDocumentPage, MemoryChunkRead, MemorySearch, MemorySearchHit, MemorySearchResults };

export { MAX_DOCUMENT_BYTES } from "@/lib/contracts";

/** Fetching pages (a site's sitemap, maybe) or reading a 200-page PDF takes longer than a usual call; embedding happens later, in a worker. */
const ADD_TIMEOUT_MS = 120_000;
const collection = (id: string) => ({ path: { collection_id: id } });
const doc = (id: string) => ({ path: { document_id: id } });

/** GET /api/v1/memory/collections: the user's collections, by name. */
export function listCollections(engine: EngineClient, signal?: AbortSignal) {
  return engine.GET("/api/v1/memory/collections", { signal });
}

/** GET /api/v1/memory/collections/{id} (404 for someone else's). */
export function getCollection(engine: EngineClient, collectionId: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/memory/collections/{collection_id}", { params: collection(collectionId), signal });
}

/** POST /api/v1/memory/collections (409: the name is taken; 422: a provider model without its key). */
export function createCollection(engine: EngineClient, body: MemoryCollectionCreate) {
  return engine.POST("/api/v1/memory/collections", { body });
}

/** DELETE /api/v1/memory/collections/{id}: with its documents and chunks. */
export async function deleteCollection(engine: EngineClient, collectionId: string) {
  await engine.DELETE("/api/v1/memory/collections/{collection_id}", { params: collection(collectionId) });
}

/** GET /api/v1/memory/collections/{id}/documents: newest first, a page at a time. */
export function listDocuments(engine: EngineClient, collectionId: string, page: { limit: number; offset: number }, signal?: AbortSignal) {
  return engine.GET("/api/v1/memory/collections/{collection_id}/documents", { params: { ...collection(collectionId), query: page }, signal });
}

/**
 * POST /api/v1/memory/collections/{id}/documents: 201 with the new document, or 200
 * with `deduplicated` (the same text is already in the collection; nothing stored).
 */
export function addDocument(engine: EngineClient, collectionId: string, body: MemoryDocumentCreate) {
  return engine.POST("/api/v1/memory/collections/{collection_id}/documents", { params: collection(collectionId), body, timeoutMs: ADD_TIMEOUT_MS });
}

/** GET /api/v1/memory/documents/{id}/chunks: in order. */
export function listChunks(engine: EngineClient, documentId: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/memory/documents/{document_id}/chunks", { params: doc(documentId), signal });
}

/** DELETE /api/v1/memory/documents/{id}: with its chunks. */
export async function deleteDocument(engine: EngineClient, documentId: string) {
  await engine.DELETE("/api/v1/memory/documents/{document_id}", { params: doc(documentId) });
}

/** POST /api/v1/memory/collections/{id}/search: the closest chunks, best first. */
export function searchCollection(engine: EngineClient, collectionId: string, body: MemorySearch, signal?: AbortSignal) {
  return engine.POST("/api/v1/memory/collections/{collection_id}/search", { params: collection(collectionId), body, signal });
}
