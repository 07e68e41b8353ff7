import { describe, expect, it } from "vitest";

import {
  EMPTY_COLLECTION_FORM,
  EMPTY_DOCUMENT_FORM,
  MAX_DOCUMENT_BYTES,
  byteLength,
  checkFile,
  documentInput,
  crawlLabel,
  isSettled,
  readByEngine,
  statusLabel,
  formatBytes,
  formatScore,
  keysFor,
  modelLabel,
  plural,
  scoreWidth,
  sourceLabel,
  validateCollectionForm,
  validateDocumentForm,
} from "@/features/memory/lib";

const COLLECTION = "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b";

describe("the new-collection form", () => {
  it("needs only a name for the built-in model", () => {
    // Given a form with just a name
    const form = { ...EMPTY_COLLECTION_FORM, name: "  Style guide " };
    // Then nothing is refused
    expect(validateCollectionForm(form)).toEqual({});
    expect(validateCollectionForm(EMPTY_COLLECTION_FORM)).toEqual({ name: "Give the collection a name." });
    expect(validateCollectionForm({ ...form, name: "x".repeat(101) }).name).toBe("At most 100 characters.");
  });

  it("asks for a saved key and a model name when a provider embeds", () => {
    const form = { ...EMPTY_COLLECTION_FORM, name: "Scripts", provider: "openai" as const };
    expect(validateCollectionForm(form)).toEqual({
      credentialId: "Choose one of your saved keys for this provider.",
      model: "Name the embedding model, e.g. text-embedding-3-small.",
    });
    expect(validateCollectionForm({ ...form, credentialId: COLLECTION, model: "text-embedding-3-small" })).toEqual({});
  });

  it("offers only the keys of the chosen provider", () => {
    const keys = [
      { id: "a", provider: "openai" },
      { id: "b", provider: "anthropic" },
      { id: "c", provider: "openai_compatible" },
    ];
    expect(keysFor("openai", keys).map((k) => k.id)).toEqual(["a"]);
    expect(keysFor("openai_compatible", keys).map((k) => k.id)).toEqual(["c"]);
    expect(keysFor("local", keys)).toEqual([]);
    expect(keysFor("openai", undefined)).toEqual([]);
  });
});

describe("labels", () => {
  it("names the embedding model with where it runs", () => {
    expect(modelLabel({ embedding_provider: "local", embedding_model: "all-MiniLM-L6-v2" })).toBe("all-MiniLM-L6-v2 (offline)");
    expect(modelLabel({ embedding_provider: "openai", embedding_model: "text-embedding-3-small" })).toBe("OpenAI · text-embedding-3-small");
    expect(modelLabel({ embedding_provider: "openai_compatible", embedding_model: "nomic-embed-text" })).toBe("OpenAI-compatible · nomic-embed-text");
  });

  it("says where a document came from", () => {
    expect(sourceLabel({ source: "text", filename: null, source_url: null })).toBe("Pasted text");
    expect(sourceLabel({ source: "file", filename: "guide.md", source_url: null })).toBe("File · guide.md");
    expect(sourceLabel({ source: "url", filename: null, source_url: "https://example.com/a/b?c" })).toBe("example.com");
    expect(sourceLabel({ source: "run", filename: null, source_url: null })).toBe("Workflow run");
  });

  it("shows a similarity as a percentage, never below zero or above a hundred", () => {
    expect(formatScore(0.8734)).toBe("87%");
    expect(formatScore(1)).toBe("100%");
    expect(formatScore(-0.12)).toBe("0%");
    expect(formatScore(Number.NaN)).toBe("—");
    expect(scoreWidth(0.5)).toBe(50);
    expect(scoreWidth(1.2)).toBe(100);
  });

  it("counts and sizes in words", () => {
    expect(plural(1, "chunk")).toBe("1 chunk");
    expect(plural(1200, "chunk")).toBe("1,200 chunks");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(14_540)).toBe("14.2 KB");
    expect(formatBytes(MAX_DOCUMENT_BYTES)).toBe("20.0 MB");
    expect(formatBytes(2 * 1024 * 1024)).toBe("2.0 MB");
  });
});

describe("adding a document", () => {
  it("accepts PDF, Word, HTML, Markdown and text files up to 20 MB, checked before reading them", () => {
    expect(checkFile({ name: "notes.md", size: 10 })).toBeNull();
    expect(checkFile({ name: "NOTES.TXT", size: 10 })).toBeNull();
    expect(checkFile({ name: "deck.pdf", size: 10 })).toBeNull();
    expect(checkFile({ name: "handbook.docx", size: 10 })).toBeNull();
    expect(checkFile({ name: "slides.pptx", size: 10 })).toBe("Choose a PDF, Word (.docx), HTML, Markdown (.md) or text (.txt) file.");
    expect(checkFile({ name: "big.pdf", size: MAX_DOCUMENT_BYTES + 1 })).toMatch(/^“big.pdf” is 20.0 MB\. A document is at most 20.0 MB/);
    expect(checkFile({ name: "empty.txt", size: 0 })).toBe("“empty.txt” is empty.");
    // and text files are read here; the others go to the engine as they are
    expect([readByEngine("deck.pdf"), readByEngine("a.DOCX"), readByEngine("page.html"), readByEngine("notes.md")]).toEqual([true, true, true, false]);
  });

  it("counts text in UTF-8 bytes, as the engine does", () => {
    expect(byteLength("abc")).toBe(3);
    expect(byteLength("é")).toBe(2);
    const huge = "é".repeat(MAX_DOCUMENT_BYTES / 2 + 1); // fewer characters than the limit, more bytes
    expect(validateDocumentForm("text", { ...EMPTY_DOCUMENT_FORM, text: huge }).text).toMatch(/at most 20.0 MB/);
  });

  it("checks only the chosen tab's field", () => {
    expect(validateDocumentForm("text", EMPTY_DOCUMENT_FORM)).toEqual({ text: "Paste some text." });
    expect(validateDocumentForm("text", { ...EMPTY_DOCUMENT_FORM, text: "   \n" })).toEqual({ text: "Paste some text." });
    expect(validateDocumentForm("file", EMPTY_DOCUMENT_FORM)).toEqual({ file: "Choose a file." });
    expect(validateDocumentForm("file", { ...EMPTY_DOCUMENT_FORM, file: { name: "a.md", text: " " } })).toEqual({ file: "“a.md” holds no text." });
    expect(validateDocumentForm("url", EMPTY_DOCUMENT_FORM)).toEqual({ url: "Enter the page's address." });
    expect(validateDocumentForm("url", { ...EMPTY_DOCUMENT_FORM, url: "ftp://example.com/x" })).toEqual({
      url: "Enter a web address starting with http:// or https://.",
    });
    expect(validateDocumentForm("url", { ...EMPTY_DOCUMENT_FORM, url: "https://example.com/guide", text: "" })).toEqual({});
  });

  it("sends the chosen tab's content, with a title only when one was typed", () => {
    const form = { title: "  ", text: "Our channel opens cold.", file: { name: "guide.md", text: "# Guide" }, url: " https://example.com ", follow: "" as const };
    expect(documentInput(COLLECTION, "text", form)).toEqual({ collectionId: COLLECTION, source: "text", title: undefined, text: "Our channel opens cold." });
    expect(documentInput(COLLECTION, "file", { ...form, title: "Guide" })).toEqual({
      collectionId: COLLECTION,
      source: "file",
      title: "Guide",
      filename: "guide.md",
      text: "# Guide",
    });
    expect(documentInput(COLLECTION, "url", form)).toEqual({ collectionId: COLLECTION, source: "url", title: undefined, url: "https://example.com" });
    expect(documentInput(COLLECTION, "url", { ...form, follow: "sitemap" })).toMatchObject({ url: "https://example.com", follow: "sitemap" });
    const pdf = { name: "deck.pdf", base64: "JVBERi0=", size: 5 };
    expect(documentInput(COLLECTION, "file", { ...form, file: pdf })).toEqual({
      collectionId: COLLECTION,
      source: "file",
      title: undefined,
      filename: "deck.pdf",
      contentBase64: "JVBERi0=",
    });
  });

  it("tells a document's state, and when it is settled", () => {
    const doc = { chunk_count: 40, chunks_embedded: 12 };
    expect(statusLabel({ ...doc, status: "queued" })).toBe("Queued");
    expect(statusLabel({ ...doc, status: "extracting", pages_read: 3, pages_total: 200 })).toBe("Reading page 3 of 200");
    expect(statusLabel({ ...doc, status: "extracting" })).toBe("Reading the file");
    expect(statusLabel({ ...doc, status: "embedding" })).toBe("Embedding 12 of 40");
    expect(statusLabel({ ...doc, status: "ready" })).toBe("Ready");
    expect(statusLabel({ ...doc, status: "failed" })).toBe("Failed");
    expect([isSettled({ status: "queued" }), isSettled({ status: "embedding" }), isSettled({ status: "ready" }), isSettled({ status: "failed" })]).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it("keeps a document unsettled while its site is added, and tells the site's progress", () => {
    const crawl = { follow: "links" as const, pages_found: 19, pages_done: 3, failed_pages: [] };
    expect(isSettled({ status: "extracting" })).toBe(false);
    expect(isSettled({ status: "ready", crawl: { ...crawl, status: "crawling" } })).toBe(false);
    expect(isSettled({ status: "ready", crawl: { ...crawl, status: "done" } })).toBe(true);
    expect(crawlLabel({ crawl: null })).toBeNull();
    expect(crawlLabel({ crawl: { ...crawl, status: "queued" } })).toBe("Site: waiting for a worker");
    expect(crawlLabel({ crawl: { ...crawl, status: "crawling" } })).toBe("Site: 3 of 19 pages");
    const failed = [{ url: "https://example.com/gone", reason: "HTTP 404" }];
    expect(crawlLabel({ crawl: { ...crawl, status: "done", pages_done: 19, failed_pages: failed } })).toBe("Site: 18 more pages, 1 failed");
  });
});
