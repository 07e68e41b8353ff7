/**
 * Typed calls to the engine's workflow, template and node-type endpoints
 * (engine/src/orrery/api/{workflows,node_types}.py). One function per endpoint:
 * build the path, query and body, return the engine's JSON typed from the
 * generated OpenAPI types. Errors are the client's (EngineError tree).
 */
import type { EngineClient } from "./client";

import type { WorkflowSpec, WorkflowSummary, WorkflowPage, WorkflowRead, WorkflowExport, WorkflowImport, WorkflowCreate, WorkflowUpdate, ValidationResult, Problem, VersionSummary, VersionRead, TemplateSummary, TemplateRead, NodeTypeRead, LastRun, ImportDocument, SpecInput, OperatorLimits } from "@/lib/contracts";

export type { WorkflowSpec, WorkflowSummary, WorkflowPage, WorkflowRead, WorkflowExport, WorkflowImport, WorkflowCreate, WorkflowUpdate, ValidationResult, Problem, VersionSummary, VersionRead, TemplateSummary, TemplateRead, NodeTypeRead, LastRun, ImportDocument, SpecInput, OperatorLimits };

const workflow = (id: string) => ({ path: { workflow_id: id } });

/**
 * A draft as the engine's bodies declare it (a `Workflow`). The BFF does not check a draft
 * against that schema: the engine decodes and validates every document it is sent and answers
 * 422 naming each problem (the editor shows them on the canvas), so the draft goes as drawn.
 * The one place the web vouches for a type the engine has not yet checked.
 */
const asDocument = (spec: SpecInput) => spec as WorkflowSpec;

// -- workflows ------------------------------------------------------------------------

export type ListWorkflowsParams = { q?: string; cursor?: string | null; limit?: number };

/** GET /api/v1/workflows: most recently edited first; a blank search is no search. */
export function listWorkflows(engine: EngineClient, params: ListWorkflowsParams = {}, signal?: AbortSignal) {
  const q = params.q?.trim();
  return engine.GET("/api/v1/workflows", {
    params: { query: { q: q || undefined, cursor: params.cursor || undefined, limit: params.limit } },
    signal,
  });
}

export function getWorkflow(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/workflows/{workflow_id}", { params: workflow(id), signal });
}

export type CreateWorkflowParams =
  | { name: string; description?: string; spec: SpecInput }
  | { template: string; name?: string; description?: string };

/** POST /api/v1/workflows, from a spec or a template slug. */
export function createWorkflow(engine: EngineClient, params: CreateWorkflowParams) {
  const body: WorkflowCreate = {};
  if ("template" in params) body.template = params.template;
  else body.spec = asDocument(params.spec);
  if (params.name !== undefined) body.name = params.name;
  if (params.description !== undefined) body.description = params.description;
  return engine.POST("/api/v1/workflows", { body });
}

export type UpdateWorkflowParams = {
  name?: string;
  description?: string;
  spec?: SpecInput;
  /** The `current_version` the edit started from; required with `spec` (a stale one is 409). */
  basedOnVersion?: number;
};

/** PUT /api/v1/workflows/{id}: a partial update; only the fields given are sent. */
export function updateWorkflow(engine: EngineClient, id: string, params: UpdateWorkflowParams) {
  const body: WorkflowUpdate = {};
  if (params.name !== undefined) body.name = params.name;
  if (params.description !== undefined) body.description = params.description;
  if (params.spec !== undefined) body.spec = asDocument(params.spec);
  if (params.basedOnVersion !== undefined) body.based_on_version = params.basedOnVersion;
  return engine.PUT("/api/v1/workflows/{workflow_id}", { params: workflow(id), body });
}

export async function deleteWorkflow(engine: EngineClient, id: string): Promise<void> {
  await engine.DELETE("/api/v1/workflows/{workflow_id}", { params: workflow(id) });
}

/** A copy named "<name> (copy)". */
export function duplicateWorkflow(engine: EngineClient, id: string) {
  return engine.POST("/api/v1/workflows/{workflow_id}/duplicate", { params: workflow(id) });
}

export function exportWorkflow(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/workflows/{workflow_id}/export", { params: workflow(id), signal });
}

/** A new workflow from an export document (fresh node and edge ids; a taken name gets "(imported)"). */
export function importWorkflow(engine: EngineClient, document: ImportDocument) {
  return engine.POST("/api/v1/workflows/import", { body: { ...document, spec: asDocument(document.spec) } });
}

/**
 * Every problem of a document; 200 whether valid or not. `workflowId`: the workflow the document
 * is (being edited as): a sub-workflow node leading back to it is then a `subworkflow_cycle`.
 */
export function validateSpec(engine: EngineClient, spec: SpecInput, signal?: AbortSignal, workflowId?: string | null) {
  return engine.POST("/api/v1/workflows/validate", { body: workflowId ? { spec, workflow_id: workflowId } : { spec }, signal });
}

/** Version history, newest first. */
export function listVersions(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/workflows/{workflow_id}/versions", { params: workflow(id), signal });
}

export function getVersion(engine: EngineClient, id: string, version: number, signal?: AbortSignal) {
  return engine.GET("/api/v1/workflows/{workflow_id}/versions/{version}", { params: { path: { workflow_id: id, version } }, signal });
}

// -- templates and node types -----------------------------------------------------------

export function listTemplates(engine: EngineClient, signal?: AbortSignal) {
  return engine.GET("/api/v1/templates", { signal });
}

export function getTemplate(engine: EngineClient, slug: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/templates/{slug}", { params: { path: { slug } }, signal });
}

export function listNodeTypes(engine: EngineClient, signal?: AbortSignal) {
  return engine.GET("/api/v1/node-types", { signal });
}

export function getOperatorLimits(engine: EngineClient, signal?: AbortSignal) {
  return engine.GET("/api/v1/limits", { signal });
}
