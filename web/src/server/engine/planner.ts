/**
 * Typed calls to the engine's planner endpoints (engine/src/orrery/api/planner.py):
 * a draft workflow from a description, and a proposed change to a saved one. Neither
 * saves anything: the editor opens the result as an unsaved change.
 */
import type { EngineClient } from "./client";
import type { components } from "@/lib/contracts/generated/openapi";

type Schemas = components["schemas"];

export type PlanResult = Schemas["PlanResult"];
export type RefineResult = Schemas["RefineResult"];
export type DiffSummary = Schemas["DiffSummary"];

export type PlanParams = { description: string; credentialId?: string | null; model?: string | null };

/** POST /api/v1/workflows/plan: the demo planner unless a saved key is named. */
export function planWorkflow(engine: EngineClient, params: PlanParams) {
  const body: Schemas["PlanRequest"] = { description: params.description };
  if (params.credentialId) body.credential_id = params.credentialId;
  if (params.model) body.model = params.model;
  return engine.POST("/api/v1/workflows/plan", { body });
}

/** POST /api/v1/workflows/{id}/refine: a proposed document and its diff, based on the saved
 * version; read by the demo planner's rules unless a saved key is named. */
export function refineWorkflow(engine: EngineClient, id: string, instruction: string, by: { credentialId?: string | null; model?: string | null } = {}) {
  const body: Schemas["RefineRequest"] = { instruction };
  if (by.credentialId) body.credential_id = by.credentialId;
  if (by.model) body.model = by.model;
  return engine.POST("/api/v1/workflows/{workflow_id}/refine", { params: { path: { workflow_id: id } }, body });
}
