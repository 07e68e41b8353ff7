/**
 * Typed calls to the engine's memory endpoints (engine/src/orrery/api/memory.py):
 * collections of documents, chunked and embedded by the engine, searched by meaning.
 * Everything runs as the signed-in user (RLS).
 */
import type { EngineClient } from "./client";

// TEMPORARY: hand-written from notes/memory-contract.md until contracts/openapi.json has the memory paths.
type Json = Record<string, unknown>;
export type EmbeddingProvider = "local" | "openai" | "openai_compatible";
export type MemoryCollectionRead = {
  id: string;
  name: string;
  description: string;
  embedding_provider: EmbeddingProvider;
  embedding_model: string;
  dimensions: number;
  credential_id: string | null;
  document_count: number;
  chunk_count: number;
  created_at: string;
  updated_at: string;
};
export type MemoryCollectionCreate = {
  name: string;
  description?: string;
  embedding_provider?: EmbeddingProvider;
  embedding_model?: string | null;
  credential_id?: string | null;
};
export type MemoryDocumentRead = {
  id: string;
  collection_id: string;
  title: string;
  source: "text" | "file" | "url" | "run";
  source_url: string | null;
  filename: string | null;
  metadata: Json;
  content_hash: string;
  chunk_count: number;
  char_count: number;
  created_at: string;
};
export type MemoryDocumentCreate = {
  source: "text" | "file" | "url";
  title?: string | null;
  text?: string | null;
  filename?: string | null;
  url?: string | null;
  metadata?: Json;
};
export type MemoryDocumentAdded = { document: MemoryDocumentRead; deduplicated: boolean };
export type MemoryDocumentPage = { items: MemoryDocumentRead[]; total: number };
export type MemoryChunkRead = { id: string; chunk_index: number; content: string; metadata: Json };
export type MemorySearch = { query: string; k?: number; metadata?: Json };
export type MemorySearchHit = {
  chunk_id: string;
  document_id: string;
  document_title: string;
  chunk_index: number;
  content: string;
  score: number;
  metadata: Json;
};
export type MemorySearchResults = { results: MemorySearchHit[] };

/** The most text one document may hold, in UTF-8 bytes (the engine answers 413 above it). */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

const MEMORY = "/api/v1/memory";
/** Fetching a page and embedding up to 2 MB of text (through a provider, maybe) takes longer than a usual call. */
const ADD_TIMEOUT_MS = 120_000;
const id = (value: string) => encodeURIComponent(value);

/** GET /api/v1/memory/collections: the user's collections, by name. */
export function listCollections(engine: EngineClient, signal?: AbortSignal) {
  return engine.request<MemoryCollectionRead[]>(`${MEMORY}/collections`, { signal });
}

/** GET /api/v1/memory/collections/{id} (404 for someone else's). */
export function getCollection(engine: EngineClient, collectionId: string, signal?: AbortSignal) {
  return engine.request<MemoryCollectionRead>(`${MEMORY}/collections/${id(collectionId)}`, { signal });
}

/** POST /api/v1/memory/collections (409: the name is taken; 422: a provider model without its key). */
export function createCollection(engine: EngineClient, body: MemoryCollectionCreate) {
  return engine.request<MemoryCollectionRead>(`${MEMORY}/collections`, { method: "POST", body });
}

/** DELETE /api/v1/memory/collections/{id}: with its documents and chunks. */
export async function deleteCollection(engine: EngineClient, collectionId: string) {
  await engine.request<unknown>(`${MEMORY}/collections/${id(collectionId)}`, { method: "DELETE" });
}

/** GET /api/v1/memory/collections/{id}/documents: newest first, a page at a time. */
export function listDocuments(engine: EngineClient, collectionId: string, page: { limit: number; offset: number }, signal?: AbortSignal) {
  return engine.request<MemoryDocumentPage>(`${MEMORY}/collections/${id(collectionId)}/documents`, { query: page, signal });
}

/**
 * POST /api/v1/memory/collections/{id}/documents: 201 with the new document, or 200
 * with `deduplicated` (the same text is already in the collection; nothing stored).
 */
export function addDocument(engine: EngineClient, collectionId: string, body: MemoryDocumentCreate) {
  return engine.request<MemoryDocumentAdded>(`${MEMORY}/collections/${id(collectionId)}/documents`, { method: "POST", body, timeoutMs: ADD_TIMEOUT_MS });
}

/** GET /api/v1/memory/documents/{id}/chunks: in order. */
export function listChunks(engine: EngineClient, documentId: string, signal?: AbortSignal) {
  return engine.request<MemoryChunkRead[]>(`${MEMORY}/documents/${id(documentId)}/chunks`, { signal });
}

/** DELETE /api/v1/memory/documents/{id}: with its chunks. */
export async function deleteDocument(engine: EngineClient, documentId: string) {
  await engine.request<unknown>(`${MEMORY}/documents/${id(documentId)}`, { method: "DELETE" });
}

/** POST /api/v1/memory/collections/{id}/search: the closest chunks, best first. */
export function searchCollection(engine: EngineClient, collectionId: string, body: MemorySearch, signal?: AbortSignal) {
  return engine.request<MemorySearchResults>(`${MEMORY}/collections/${id(collectionId)}/search`, { method: "POST", body, signal });
}
