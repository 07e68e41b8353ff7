/** Pure helpers of the Memory page: the forms' rules, labels, scores, sizes. */
import {
  type EmbeddingProvider,
  MAX_DOCUMENT_BYTES,
  type MemoryCollectionRead,
  type MemoryDocumentRead,
} from "@/lib/contracts";

export { MAX_DOCUMENT_BYTES };

export const LOCAL_MODEL = "all-MiniLM-L6-v2";

export const EMBEDDING_OPTIONS: { value: EmbeddingProvider; label: string }[] = [
  { value: "local", label: `Built-in: ${LOCAL_MODEL} (offline)` },
  { value: "openai", label: "OpenAI" },
  { value: "openai_compatible", label: "OpenAI-compatible (Ollama, vLLM, …)" },
];

/** The model name a provider's form starts with. */
export const DEFAULT_MODEL: Record<EmbeddingProvider, string> = {
  local: LOCAL_MODEL,
  openai: "text-embedding-3-small",
  openai_compatible: "",
};

export type CollectionForm = {
  name: string;
  description: string;
  provider: EmbeddingProvider;
  model: string;
  credentialId: string;
};

export type CollectionFormErrors = Partial<Record<keyof CollectionForm, string>>;

export const EMPTY_COLLECTION_FORM: CollectionForm = { name: "", description: "", provider: "local", model: "", credentialId: "" };

/** What the new-collection form refuses before sending (the engine checks again). */
export function validateCollectionForm(form: CollectionForm): CollectionFormErrors {
  const errors: CollectionFormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = "Give the collection a name.";
  else if (name.length > 100) errors.name = "At most 100 characters.";
  if (form.description.trim().length > 1000) errors.description = "At most 1000 characters.";
  if (form.provider !== "local") {
    if (!form.credentialId) errors.credentialId = "Choose one of your saved keys for this provider.";
    if (!form.model.trim()) errors.model = "Name the embedding model, e.g. text-embedding-3-small.";
  }
  return errors;
}

/** The saved keys a provider's embedding model can use (same provider). */
export function keysFor<T extends { provider: string }>(provider: EmbeddingProvider, credentials: readonly T[] | undefined): T[] {
  return provider === "local" ? [] : (credentials ?? []).filter((c) => c.provider === provider);
}

const PROVIDER_NAMES: Record<string, string> = { openai: "OpenAI", openai_compatible: "OpenAI-compatible" };

/** "all-MiniLM-L6-v2 (offline)", "OpenAI · text-embedding-3-small". */
export function modelLabel(collection: Pick<MemoryCollectionRead, "embedding_provider" | "embedding_model">): string {
  if (collection.embedding_provider === "local") return `${collection.embedding_model || LOCAL_MODEL} (offline)`;
  return `${PROVIDER_NAMES[collection.embedding_provider] ?? collection.embedding_provider} · ${collection.embedding_model}`;
}

/** A cosine similarity as a percentage: 0.8734 → "87%" (below zero reads "0%": nothing alike). */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return "—";
  return `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;
}

/** How full a score's bar is drawn, 0–100. */
export const scoreWidth = (score: number) => (Number.isFinite(score) ? Math.round(Math.min(1, Math.max(0, score)) * 100) : 0);

/** The UTF-8 size of a text, as the engine counts it. */
export const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** "512 B", "14.2 KB", "2.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const TOO_LARGE = `A document is at most ${formatBytes(MAX_DOCUMENT_BYTES)}. Split it into smaller documents.`;

const TEXT_FILE = /\.(md|markdown|txt)$/i;
const READ_BY_ENGINE = /\.(pdf|docx|html?)$/i;

/** The file kinds the Upload tab accepts (text is read here; PDF, Word and HTML by the engine). */
export const FILE_ACCEPT = ".md,.markdown,.txt,.pdf,.docx,.html,.htm,text/markdown,text/plain,application/pdf,text/html";

/** True when the engine reads the file itself (sent as it is, base64); false: read here as text. */
export const readByEngine = (name: string) => READ_BY_ENGINE.test(name);

/** Why a picked file cannot be added (null: it can), from its name and size alone. */
export function checkFile(file: { name: string; size: number }): string | null {
  if (!TEXT_FILE.test(file.name) && !READ_BY_ENGINE.test(file.name)) return "Choose a PDF, Word (.docx), HTML, Markdown (.md) or text (.txt) file.";
  if (file.size > MAX_DOCUMENT_BYTES) return `“${file.name}” is ${formatBytes(file.size)}. ${TOO_LARGE}`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  return null;
}

export type DocumentTab = "text" | "file" | "url";

export type DocumentForm = {
  title: string;
  text: string;
  /** The picked file: a text file read as text in the browser, or a PDF/Word/HTML file as base64. */
  file: { name: string; text: string } | { name: string; base64: string; size: number } | null;
  url: string;
  /** With a URL: also add the site's pages from its sitemap, or the page's links. */
  follow: "" | "sitemap" | "links";
};

export const EMPTY_DOCUMENT_FORM: DocumentForm = { title: "", text: "", file: null, url: "", follow: "" };

export type DocumentFormErrors = Partial<Record<"title" | "text" | "file" | "url", string>>;

/** What the add-document form refuses before sending, for the chosen tab. */
export function validateDocumentForm(tab: DocumentTab, form: DocumentForm): DocumentFormErrors {
  const errors: DocumentFormErrors = {};
  if (form.title.trim().length > 500) errors.title = "At most 500 characters.";
  if (tab === "text") {
    if (!form.text.trim()) errors.text = "Paste some text.";
    else if (byteLength(form.text) > MAX_DOCUMENT_BYTES) errors.text = TOO_LARGE;
  } else if (tab === "file") {
    if (!form.file) errors.file = "Choose a file.";
    else if ("base64" in form.file) {
      if (form.file.size > MAX_DOCUMENT_BYTES) errors.file = TOO_LARGE;
    } else if (!form.file.text.trim()) errors.file = `“${form.file.name}” holds no text.`;
    else if (byteLength(form.file.text) > MAX_DOCUMENT_BYTES) errors.file = TOO_LARGE;
  } else if (!form.url.trim()) {
    errors.url = "Enter the page's address.";
  } else if (!isHttpUrl(form.url.trim())) {
    errors.url = "Enter a web address starting with http:// or https://.";
  }
  return errors;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && Boolean(url.hostname);
  } catch {
    return false;
  }
}

/** The addDocument procedure's input for the chosen tab (after validation). */
export function documentInput(collectionId: string, tab: DocumentTab, form: DocumentForm) {
  const title = form.title.trim() || undefined;
  if (tab === "url") return { collectionId, source: "url" as const, title, url: form.url.trim(), ...(form.follow ? { follow: form.follow } : {}) };
  if (tab === "file") {
    const file = form.file;
    if (file && "base64" in file) return { collectionId, source: "file" as const, title, filename: file.name, contentBase64: file.base64 };
    return { collectionId, source: "file" as const, title, filename: file?.name ?? "", text: file?.text ?? "" };
  }
  return { collectionId, source: "text" as const, title, text: form.text };
}

/** True once a document is ready (searchable) or failed, and the site it was added with (if
 * any) is all added: nothing more will happen to it. */
export const isSettled = (document: Pick<MemoryDocumentRead, "status" | "crawl">) =>
  (document.status === "ready" || document.status === "failed") && (!document.crawl || document.crawl.status === "done");

/** A document's state in words: "Queued", "Reading page 3 of 200", "Embedding 12 of 40", "Ready", "Failed". */
export function statusLabel(document: Pick<MemoryDocumentRead, "status" | "chunks_embedded" | "chunk_count" | "pages_read" | "pages_total">): string {
  switch (document.status) {
    case "queued":
      return "Queued";
    case "extracting":
      return document.pages_total ? `Reading page ${(document.pages_read ?? 0).toLocaleString("en")} of ${document.pages_total.toLocaleString("en")}` : "Reading the file";
    case "embedding":
      return `Embedding ${document.chunks_embedded.toLocaleString("en")} of ${document.chunk_count.toLocaleString("en")}`;
    case "failed":
      return "Failed";
    default:
      return "Ready";
  }
}

/** The site added with a URL document, in words: "Site: waiting for a worker", "Site: 3 of 19
 * pages", "Site: 18 more pages, 1 failed"; null for a document added without its site. */
export function crawlLabel(document: Pick<MemoryDocumentRead, "crawl">): string | null {
  const crawl = document.crawl;
  if (!crawl) return null;
  if (crawl.status === "queued") return "Site: waiting for a worker";
  if (crawl.status === "crawling") return `Site: ${crawl.pages_done.toLocaleString("en")} of ${crawl.pages_found.toLocaleString("en")} pages`;
  const failed = crawl.failed_pages.length;
  const added = `Site: ${plural(crawl.pages_found - failed, "more page")}`;
  return failed ? `${added}, ${failed.toLocaleString("en")} failed` : added;
}

/** Where a document came from, in words. */
export function sourceLabel(document: Pick<MemoryDocumentRead, "source" | "filename" | "source_url">): string {
  switch (document.source) {
    case "file":
      return document.filename ? `File · ${document.filename}` : "File";
    case "url":
      return document.source_url ? hostOf(document.source_url) : "Web page";
    case "run":
      return "Workflow run";
    default:
      return "Pasted text";
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const DATE = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const DATE_TIME = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** "Jan 5, 2026" (`withTime`: "Jan 5, 2026, 3:04 PM"); the input as is when it is not a date. */
export function formatDate(iso: string, withTime = false): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  return (withTime ? DATE_TIME : DATE).format(then);
}

/** "1 chunk", "7 chunks". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}
