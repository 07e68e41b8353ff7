/**
 * Typed calls to the engine's workbench endpoints (engine/src/orrery/api/workbench.py): test
 * one node (a run of kind `test`), the outputs pinned on a workflow's nodes, and forks.
 */
import type { EngineClient } from "./client";
import type { components } from "@/lib/contracts/generated/openapi";

type Schemas = components["schemas"];

export type PinRead = Schemas["PinRead"];
export type RunStarted = Schemas["RunStarted"];

const workflow = (id: string) => ({ path: { workflow_id: id } });
const pin = (workflowId: string, nodeId: string) => ({ path: { workflow_id: workflowId, node_id: nodeId } });

export type TestNodeParams = {
  workflowId: string;
  nodeId: string;
  inputs?: Record<string, unknown> | null;
  outputs?: Record<string, unknown>;
  version?: number | null;
};

/** POST /api/v1/workflows/{id}/test-runs: 202 with the queued test run. */
export function testNode(engine: EngineClient, params: TestNodeParams) {
  const body: Schemas["NodeTestRequest"] = { node_id: params.nodeId };
  if (params.inputs) body.inputs = params.inputs;
  if (params.outputs && Object.keys(params.outputs).length) body.outputs = params.outputs;
  if (params.version != null) body.version = params.version;
  return engine.POST("/api/v1/workflows/{workflow_id}/test-runs", { params: workflow(params.workflowId), body });
}

export type ForkParams = {
  runId: string;
  fromNode: string;
  inputs?: Record<string, unknown> | null;
  outputs?: Record<string, unknown>;
  version?: number | null;
};

/** POST /api/v1/runs/{id}/fork: 202 with the queued fork. */
export function forkRun(engine: EngineClient, params: ForkParams) {
  const body: Schemas["ForkRequest"] = { from_node: params.fromNode };
  if (params.inputs) body.inputs = params.inputs;
  if (params.outputs && Object.keys(params.outputs).length) body.outputs = params.outputs;
  if (params.version != null) body.version = params.version;
  return engine.POST("/api/v1/runs/{run_id}/fork", { params: { path: { run_id: params.runId } }, body });
}

/** GET /api/v1/workflows/{id}/pins. */
export function listPins(engine: EngineClient, workflowId: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/workflows/{workflow_id}/pins", { params: workflow(workflowId), signal });
}

/** PUT /api/v1/workflows/{id}/pins/{node}. */
export function pinOutput(engine: EngineClient, workflowId: string, nodeId: string, output: unknown) {
  return engine.PUT("/api/v1/workflows/{workflow_id}/pins/{node_id}", { params: pin(workflowId, nodeId), body: { output } });
}

/** DELETE /api/v1/workflows/{id}/pins/{node}. */
export async function unpinOutput(engine: EngineClient, workflowId: string, nodeId: string) {
  await engine.DELETE("/api/v1/workflows/{workflow_id}/pins/{node_id}", { params: pin(workflowId, nodeId) });
  return { ok: true as const };
}
