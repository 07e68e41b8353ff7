/** memory.*: the user's collections of documents that agents search by meaning (the Memory page). */
import { z } from "zod";

import {
  addDocument,
  createCollection,
  deleteCollection,
  deleteDocument,
  getCollection,
  listChunks,
  listCollections,
  listDocuments,
  MAX_DOCUMENT_BYTES,
  searchCollection,
} from "@/server/engine/memory";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

export const embeddingProvider = z.enum(["local", "openai", "openai_compatible"]);

export const collectionInput = z
  .object({
    name: z.string().trim().min(1, "Give the collection a name.").max(100, "At most 100 characters."),
    description: z.string().trim().max(1000, "At most 1000 characters.").default(""),
    provider: embeddingProvider.default("local"),
    model: z.string().trim().max(200).optional(),
    credentialId: z.uuid().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.provider === "local") return;
    if (!value.credentialId) ctx.addIssue({ code: "custom", path: ["credentialId"], message: "Choose one of your saved keys for this provider." });
    if (!value.model) ctx.addIssue({ code: "custom", path: ["model"], message: "Name the embedding model, e.g. text-embedding-3-small." });
  });

const title = z.string().trim().max(500).optional();
const collectionId = z.uuid();

export const documentInput = z.discriminatedUnion("source", [
  z.object({ collectionId, source: z.literal("text"), title, text: z.string().max(MAX_DOCUMENT_BYTES).refine((t) => t.trim() !== "", "Paste some text.") }),
  z.object({
    collectionId,
    source: z.literal("file"),
    title,
    filename: z.string().trim().min(1).max(255),
    text: z.string().max(MAX_DOCUMENT_BYTES).refine((t) => t.trim() !== "", "The file is empty.").optional(),
    /** A PDF, Word or HTML file as it is, base64-encoded (the engine reads it). */
    contentBase64: z
      .string()
      .min(1, "The file is empty.")
      .max(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4, "The file is too large.")
      .optional(),
  }),
  z.object({
    collectionId,
    source: z.literal("url"),
    title,
    url: z.url({ protocol: /^https?$/, error: "Enter a web address starting with http:// or https://." }).max(2048),
    /** Also add the site's other pages: from its sitemap, or the page's links. */
    follow: z.enum(["sitemap", "links"]).optional(),
  }),
]);

export const memoryRouter = createTRPCRouter({
  collections: protectedProcedure.query(({ ctx, signal }) => listCollections(ctx.engine, signal)),

  collection: protectedProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input, signal }) => getCollection(ctx.engine, input.id, signal)),

  createCollection: protectedProcedure.input(collectionInput).mutation(({ ctx, input }) =>
    createCollection(ctx.engine, {
      name: input.name,
      description: input.description,
      embedding_provider: input.provider,
      embedding_model: input.provider === "local" ? null : (input.model ?? null),
      credential_id: input.provider === "local" ? null : (input.credentialId ?? null),
    }),
  ),

  deleteCollection: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    await deleteCollection(ctx.engine, input.id);
    return { id: input.id };
  }),

  /** A page of documents, newest first; `cursor` is the offset (for infinite queries). */
  documents: protectedProcedure
    .input(z.object({ collectionId, limit: z.number().int().min(1).max(100).default(50), cursor: z.number().int().min(0).nullish() }))
    .query(async ({ ctx, input, signal }) => {
      const offset = input.cursor ?? 0;
      const page = await listDocuments(ctx.engine, input.collectionId, { limit: input.limit, offset }, signal);
      const next = offset + page.items.length;
      return { ...page, nextCursor: page.items.length > 0 && next < page.total ? next : null };
    }),

  /** Adds a document, `queued` for a worker to embed (its status then moves on); `deduplicated`
   * when the same text was already there (nothing stored). */
  addDocument: protectedProcedure.input(documentInput).mutation(({ ctx, input }) => {
    const { collectionId: id, ...doc } = input;
    const common = { source: doc.source, title: doc.title || null };
    if (doc.source === "url") return addDocument(ctx.engine, id, { ...common, url: doc.url, ...(doc.follow ? { follow: doc.follow } : {}) });
    if (doc.source === "file") {
      if (doc.contentBase64 !== undefined) return addDocument(ctx.engine, id, { ...common, content_base64: doc.contentBase64, filename: doc.filename });
      return addDocument(ctx.engine, id, { ...common, text: doc.text ?? "", filename: doc.filename });
    }
    return addDocument(ctx.engine, id, { ...common, text: doc.text });
  }),

  chunks: protectedProcedure.input(z.object({ documentId: z.uuid() })).query(({ ctx, input, signal }) => listChunks(ctx.engine, input.documentId, signal)),

  deleteDocument: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    await deleteDocument(ctx.engine, input.id);
    return { id: input.id };
  }),

  /** A mutation (a POST to the engine; the query may be long): the closest chunks, best first. */
  search: protectedProcedure
    .input(z.object({ collectionId, query: z.string().trim().min(1, "Type what to look for.").max(4000), k: z.number().int().min(1).max(50).default(5) }))
    .mutation(({ ctx, input, signal }) => searchCollection(ctx.engine, input.collectionId, { query: input.query, k: input.k }, signal)),
});
