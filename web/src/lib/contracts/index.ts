/**
 * The engine's contract types, shared by the server (its typed engine client) and the
 * features (what they render): named schemas of the generated OpenAPI types, and the limits
 * the engine publishes. Features never import `@/server/**` (an ESLint rule says so); data a feature fetches
 * through tRPC is typed from `RouterOutputs` (`@/lib/trpc/types`).
 */
import type { components } from "./generated/openapi";

export type Schemas = components["schemas"];

// Workflows
export type WorkflowSpec = Schemas["Workflow"];
export type WorkflowSummary = Schemas["WorkflowSummary"];
export type WorkflowPage = Schemas["WorkflowPage"];
export type WorkflowRead = Schemas["WorkflowRead"];
export type WorkflowExport = Schemas["WorkflowExport"];
export type WorkflowImport = Schemas["WorkflowImport"];
export type WorkflowCreate = Schemas["WorkflowCreate"];
export type WorkflowUpdate = Schemas["WorkflowUpdate"];
export type ValidationResult = Schemas["ValidationResult"];
export type Problem = Schemas["Problem"];
export type VersionSummary = Schemas["VersionSummary"];
export type VersionRead = Schemas["VersionRead"];
export type TemplateSummary = Schemas["TemplateSummary"];
export type TemplateRead = Schemas["TemplateRead"];
export type NodeTypeRead = Schemas["NodeTypeRead"];
/** This server's limits per run: the default and the ceiling of a workflow's settings. */
export type OperatorLimits = Schemas["OperatorLimits"];
export type LastRun = Schemas["LastRun"];
/** A workflow document as sent to the engine: it decodes and validates it itself. */
export type SpecInput = Record<string, unknown>;
/** An export document, as a user's file holds it (checked by the engine on import). */
export type ImportDocument = {
  format: WorkflowImport["format"];
  name: string;
  description?: string;
  exported_at?: string | null;
  spec: SpecInput;
};

// Memory
/** The largest file, and the most text one document may hold, in bytes (the engine's default
 * ORRERY_MEMORY_MAX_FILE_MB; it answers 413 above its own setting). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export type MemoryCollectionRead = Schemas["MemoryCollectionRead"];
export type MemoryCollectionCreate = Schemas["MemoryCollectionCreate"];
export type EmbeddingProvider = MemoryCollectionRead["embedding_provider"];
export type MemoryDocumentRead = Schemas["MemoryDocumentRead"];
export type MemoryDocumentCreate = Schemas["MemoryDocumentCreate"];
export type MemoryDocumentAdded = Schemas["MemoryDocumentAdded"];
export type MemoryDocumentPage = Schemas["MemoryDocumentList"];
export type MemoryChunkRead = Schemas["MemoryChunkRead"];
export type MemorySearch = Schemas["MemorySearch"];
export type MemorySearchHit = Schemas["MemorySearchHit"];
export type MemorySearchResults = Schemas["MemorySearchResults"];

// Model credentials
export type CredentialRead = Schemas["CredentialRead"];
export type CredentialCreate = Schemas["CredentialCreate"];
export type ModelProviderRead = Schemas["ModelProviderRead"];
export type CredentialLimitsUpdate = Schemas["CredentialLimitsUpdate"];
