import type { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { fakeEngine, sent } from "../fake-engine";

const COLLECTION = "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b";
const DOCUMENT = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
const KEY = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const NOW = "2026-01-01T00:00:00Z";
const COLLECTION_READ = {
  id: COLLECTION,
  name: "Style guide",
  description: "",
  embedding_provider: "local",
  embedding_model: "all-MiniLM-L6-v2",
  dimensions: 384,
  credential_id: null,
  document_count: 0,
  chunk_count: 0,
  created_at: NOW,
  updated_at: NOW,
};
const DOCUMENT_READ = {
  id: DOCUMENT,
  collection_id: COLLECTION,
  title: "Openings",
  source: "text",
  source_url: null,
  filename: null,
  metadata: {},
  content_hash: "ab",
  chunk_count: 1,
  char_count: 60,
  created_at: NOW,
};

describe("memory router", () => {
  it("creates a collection with the built-in model, or a provider's model with a saved key", async () => {
    // Given an engine that creates what it is sent
    const engine = fakeEngine(() => Response.json(COLLECTION_READ, { status: 201 }));

    // When the page creates one with the built-in model (a stray model name is dropped) and one with OpenAI
    await engine.caller().memory.createCollection({ name: " Style guide ", model: "ignored" });
    await engine.caller().memory.createCollection({ name: "Scripts", description: "Past scripts", provider: "openai", model: "text-embedding-3-small", credentialId: KEY });

    // Then the engine got its own field names
    expect(sent(engine.calls)).toEqual([
      ["POST", "/api/v1/memory/collections", { name: "Style guide", description: "", embedding_provider: "local", embedding_model: null, credential_id: null }],
      [
        "POST",
        "/api/v1/memory/collections",
        { name: "Scripts", description: "Past scripts", embedding_provider: "openai", embedding_model: "text-embedding-3-small", credential_id: KEY },
      ],
    ]);
  });

  it("refuses a provider model without its key, before calling the engine", async () => {
    const engine = fakeEngine(() => Response.json(COLLECTION_READ));
    await expect(engine.caller().memory.createCollection({ name: "x", provider: "openai", model: "m" })).rejects.toThrow(/saved keys/);
    await expect(engine.caller().memory.createCollection({ name: "  " })).rejects.toThrow(/name/);
    expect(engine.calls).toEqual([]);
  });

  it("adds pasted text, a file (as text, or a PDF as it is) and a URL (with its site) in the engine's shape", async () => {
    const engine = fakeEngine(() => Response.json({ document: DOCUMENT_READ, deduplicated: false }, { status: 201 }));
    const memory = engine.caller().memory;
    await memory.addDocument({ collectionId: COLLECTION, source: "text", text: "Our channel always opens with a cold open question." });
    await memory.addDocument({ collectionId: COLLECTION, source: "file", filename: "guide.md", title: "Guide", text: "# Guide" });
    await memory.addDocument({ collectionId: COLLECTION, source: "url", url: "https://example.com/guide" });
    await memory.addDocument({ collectionId: COLLECTION, source: "file", filename: "deck.pdf", contentBase64: "JVBERi0xLjQK" });
    await memory.addDocument({ collectionId: COLLECTION, source: "url", url: "https://example.com/", follow: "sitemap" });
    const path = `/api/v1/memory/collections/${COLLECTION}/documents`;
    expect(sent(engine.calls)).toEqual([
      ["POST", path, { source: "text", title: null, text: "Our channel always opens with a cold open question." }],
      ["POST", path, { source: "file", title: "Guide", text: "# Guide", filename: "guide.md" }],
      ["POST", path, { source: "url", title: null, url: "https://example.com/guide" }],
      ["POST", path, { source: "file", title: null, content_base64: "JVBERi0xLjQK", filename: "deck.pdf" }],
      ["POST", path, { source: "url", title: null, url: "https://example.com/", follow: "sitemap" }],
    ]);
  });

  it("answers the same text twice as deduplicated, not as an error", async () => {
    // Given an engine that already holds the text (200, deduplicated)
    const engine = fakeEngine(() => Response.json({ document: DOCUMENT_READ, deduplicated: true }, { status: 200 }));
    // Then the page learns it was deduplicated
    await expect(engine.caller().memory.addDocument({ collectionId: COLLECTION, source: "text", text: "again" })).resolves.toEqual({
      document: DOCUMENT_READ,
      deduplicated: true,
    });
  });

  it("refuses empty text and non-web URLs before calling the engine", async () => {
    const engine = fakeEngine(() => Response.json({}));
    await expect(engine.caller().memory.addDocument({ collectionId: COLLECTION, source: "text", text: "  " })).rejects.toThrow(/Paste some text/);
    await expect(engine.caller().memory.addDocument({ collectionId: COLLECTION, source: "url", url: "file:///etc/passwd" })).rejects.toThrow(/http/);
    expect(engine.calls).toEqual([]);
  });

  it("passes the engine's 4xx messages on (too large, fetch failed, name taken)", async () => {
    const engine = fakeEngine((call) =>
      call.url.pathname.endsWith("/documents")
        ? Response.json({ status_code: 413, detail: "The text is over 512 KB." }, { status: 413 })
        : Response.json({ status_code: 409, detail: "You already have a collection named “Style guide”." }, { status: 409 }),
    );
    const tooLarge = (await engine.caller().memory.addDocument({ collectionId: COLLECTION, source: "text", text: "x" }).catch((e: unknown) => e)) as TRPCError;
    expect([tooLarge.code, tooLarge.message]).toEqual(["PAYLOAD_TOO_LARGE", "The text is over 512 KB."]);
    const taken = (await engine.caller().memory.createCollection({ name: "Style guide" }).catch((e: unknown) => e)) as TRPCError;
    expect([taken.code, taken.message]).toEqual(["CONFLICT", "You already have a collection named “Style guide”."]);
  });

  it("pages documents by offset and says when there are more", async () => {
    // Given 3 documents, 2 per page
    const engine = fakeEngine((call) => {
      const offset = Number(call.url.searchParams.get("offset"));
      const items = [DOCUMENT_READ, DOCUMENT_READ, DOCUMENT_READ].slice(offset, offset + 2);
      return Response.json({ items, total: 3 });
    });
    const first = await engine.caller().memory.documents({ collectionId: COLLECTION, limit: 2 });
    const second = await engine.caller().memory.documents({ collectionId: COLLECTION, limit: 2, cursor: first.nextCursor });
    expect([first.items.length, first.nextCursor, second.items.length, second.nextCursor]).toEqual([2, 2, 1, null]);
    expect(engine.calls.map((c) => c.url.search)).toEqual(["?limit=2&offset=0", "?limit=2&offset=2"]);
  });

  it("searches, lists chunks and deletes; signed out is refused", async () => {
    const hit = { chunk_id: DOCUMENT, document_id: DOCUMENT, document_title: "Openings", chunk_index: 0, content: "cold open", score: 0.71, metadata: {} };
    const engine = fakeEngine((call) => {
      if (call.method === "DELETE") return new Response(null, { status: 204 });
      if (call.url.pathname.endsWith("/search")) return Response.json({ results: [hit] });
      return Response.json([{ id: DOCUMENT, chunk_index: 0, content: "cold open", metadata: {} }]);
    });
    const memory = engine.caller().memory;
    await expect(memory.search({ collectionId: COLLECTION, query: " how do our videos start? " })).resolves.toEqual({ results: [hit] });
    await memory.chunks({ documentId: DOCUMENT });
    await expect(memory.deleteDocument({ id: DOCUMENT })).resolves.toEqual({ id: DOCUMENT });
    await expect(memory.deleteCollection({ id: COLLECTION })).resolves.toEqual({ id: COLLECTION });
    expect(sent(engine.calls)).toEqual([
      ["POST", `/api/v1/memory/collections/${COLLECTION}/search`, { query: "how do our videos start?", k: 5 }],
      ["GET", `/api/v1/memory/documents/${DOCUMENT}/chunks`, undefined],
      ["DELETE", `/api/v1/memory/documents/${DOCUMENT}`, undefined],
      ["DELETE", `/api/v1/memory/collections/${COLLECTION}`, undefined],
    ]);
    const error = (await engine.caller(null).memory.collections().catch((e: unknown) => e)) as TRPCError;
    expect(error.code).toBe("UNAUTHORIZED");
  });
});
