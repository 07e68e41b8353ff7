/**
 * Typed calls to the engine's workflow, template and node-type endpoints
 * (engine/src/orrery/api/{workflows,node_types}.py). One function per endpoint:
 * build the path, query and body, return the engine's JSON typed from the
 * generated OpenAPI types. Errors are the client's (EngineError tree).
 */
import type { EngineClient } from "./client";

import type { WorkflowSpec, WorkflowSummary, WorkflowPage, WorkflowRead, WorkflowExport, WorkflowImport, WorkflowCreate, WorkflowUpdate, ValidationResult, Problem, VersionSummary, VersionRead, TemplateSummary, TemplateRead, NodeTypeRead, LastRun, ImportDocument, SpecInput, OperatorLimits } from "@/lib/contracts";

export type { WorkflowSpec, WorkflowSummary, WorkflowPage, WorkflowRead, WorkflowExport, WorkflowImport, WorkflowCreate, WorkflowUpdate, ValidationResult, Problem, VersionSummary, VersionRead, TemplateSummary, TemplateRead, NodeTypeRead, LastRun, ImportDocument, SpecInput, OperatorLimits };



const WORKFLOWS = "/api/v1/workflows";
const workflowPath = (id: string, rest = "") => `${WORKFLOWS}/${encodeURIComponent(id)}${rest}`;

// -- workflows ------------------------------------------------------------------------

export type ListWorkflowsParams = { q?: string; cursor?: string | null; limit?: number };

/** GET /api/v1/workflows: most recently edited first; a blank search is no search. */
export function listWorkflows(engine: EngineClient, params: ListWorkflowsParams = {}, signal?: AbortSignal) {
  const q = params.q?.trim();
  return engine.request<WorkflowPage>(WORKFLOWS, {
    query: { q: q || undefined, cursor: params.cursor || undefined, limit: params.limit },
    signal,
  });
}

export function getWorkflow(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.request<WorkflowRead>(workflowPath(id), { signal });
}

export type CreateWorkflowParams =
  | { name: string; description?: string; spec: SpecInput }
  | { template: string; name?: string; description?: string };

/** POST /api/v1/workflows, from a spec or a template slug. */
export function createWorkflow(engine: EngineClient, params: CreateWorkflowParams) {
  const body: Record<string, unknown> = {};
  if ("template" in params) body.template = params.template;
  else body.spec = params.spec;
  if (params.name !== undefined) body.name = params.name;
  if (params.description !== undefined) body.description = params.description;
  return engine.request<WorkflowRead>(WORKFLOWS, { method: "POST", body });
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
  const body: Record<string, unknown> = {};
  if (params.name !== undefined) body.name = params.name;
  if (params.description !== undefined) body.description = params.description;
  if (params.spec !== undefined) body.spec = params.spec;
  if (params.basedOnVersion !== undefined) body.based_on_version = params.basedOnVersion;
  return engine.request<WorkflowRead>(workflowPath(id), { method: "PUT", body });
}

export async function deleteWorkflow(engine: EngineClient, id: string): Promise<void> {
  await engine.request<void>(workflowPath(id), { method: "DELETE" });
}

/** A copy named "<name> (copy)". */
export function duplicateWorkflow(engine: EngineClient, id: string) {
  return engine.request<WorkflowRead>(workflowPath(id, "/duplicate"), { method: "POST" });
}

export function exportWorkflow(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.request<WorkflowExport>(workflowPath(id, "/export"), { signal });
}

/** A new workflow from an export document (fresh node and edge ids; a taken name gets "(imported)"). */
export function importWorkflow(engine: EngineClient, document: ImportDocument) {
  return engine.request<WorkflowRead>(`${WORKFLOWS}/import`, { method: "POST", body: document });
}

/**
 * Every problem of a document; 200 whether valid or not. `workflowId`: the workflow the document
 * is (being edited as): a sub-workflow node leading back to it is then a `subworkflow_cycle`.
 */
export function validateSpec(engine: EngineClient, spec: SpecInput, signal?: AbortSignal, workflowId?: string | null) {
  return engine.request<ValidationResult>(`${WORKFLOWS}/validate`, { method: "POST", body: workflowId ? { spec, workflow_id: workflowId } : { spec }, signal });
}

/** Version history, newest first. */
export function listVersions(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.request<VersionSummary[]>(workflowPath(id, "/versions"), { signal });
}

export function getVersion(engine: EngineClient, id: string, version: number, signal?: AbortSignal) {
  return engine.request<VersionRead>(workflowPath(id, `/versions/${version}`), { signal });
}

// -- templates and node types -----------------------------------------------------------

export function listTemplates(engine: EngineClient, signal?: AbortSignal) {
  return engine.request<TemplateSummary[]>("/api/v1/templates", { signal });
}

export function getTemplate(engine: EngineClient, slug: string, signal?: AbortSignal) {
  return engine.request<TemplateRead>(`/api/v1/templates/${encodeURIComponent(slug)}`, { signal });
}

export function listNodeTypes(engine: EngineClient, signal?: AbortSignal) {
  return engine.request<NodeTypeRead[]>("/api/v1/node-types", { signal });
}

export function getOperatorLimits(engine: EngineClient, signal?: AbortSignal) {
  return engine.request<OperatorLimits>("/api/v1/limits", { signal });
}
