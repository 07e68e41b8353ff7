/** The visualizer's starting state, from `runs.get` (every step attempt). */
import type { Attempt, Decision, ErrorInfo, NodeRun, RunRead, RunState } from "./types";

type StepRead = NonNullable<RunRead["steps"]>[number];

const asError = (value: unknown): ErrorInfo | null =>
  value && typeof value === "object" && typeof (value as ErrorInfo).message === "string" ? (value as ErrorInfo) : null;

const ms = (from: string | null | undefined, to: string | null | undefined) =>
  from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : null;

function decisionOf(step: StepRead): Decision | null {
  if (!step.decided_at && !step.decision) return null;
  const d = step.decision ?? {};
  return {
    approved: d.approved === true,
    comment: typeof d.comment === "string" ? d.comment : null,
    by: step.decided_by ?? null,
    at: step.decided_at ?? null,
    edited: d.edited === true,
  };
}

export function attemptFromStep(step: StepRead): Attempt {
  return {
    attempt: step.attempt,
    status: step.status,
    input: step.input ?? null,
    output: step.output ?? null,
    streamed: "",
    error: asError(step.error),
    model: step.model ?? null,
    tokensIn: step.tokens_in ?? 0,
    tokensOut: step.tokens_out ?? 0,
    costUsd: step.cost_usd ?? 0,
    handles: step.handles ?? null,
    startedAt: step.started_at ?? null,
    finishedAt: step.finished_at ?? null,
    durationMs: ms(step.started_at, step.finished_at),
    retryDelayS: null,
    decision: decisionOf(step),
    superseded: Boolean(step.superseded_at),
  };
}

/** Pure: the state of `run` as read from the engine; `nodeIds` are the pinned graph's nodes. */
export function seedRunState(run: RunRead, nodeIds: readonly string[] = []): RunState {
  const nodes: Record<string, NodeRun> = {};
  for (const id of nodeIds) nodes[id] = { nodeId: id, attempts: [], logs: [] };
  const steps = [...(run.steps ?? [])].sort((a, b) => a.attempt - b.attempt || Date.parse(a.created_at) - Date.parse(b.created_at));
  for (const step of steps) {
    const node = (nodes[step.node_id] ??= { nodeId: step.node_id, attempts: [], logs: [] });
    node.attempts.push(attemptFromStep(step));
  }
  return {
    run: {
      id: run.id,
      workflowId: run.workflow_id,
      workflowName: run.workflow_name ?? null,
      version: run.workflow_version,
      status: run.status,
      inputs: run.inputs ?? {},
      outputs: run.outputs ?? null,
      error: asError(run.error),
      tokensIn: run.tokens_in ?? 0,
      tokensOut: run.tokens_out ?? 0,
      costUsd: run.cost_usd ?? 0,
      createdAt: run.created_at,
      startedAt: run.started_at ?? null,
      finishedAt: run.finished_at ?? null,
      durationMs: ms(run.started_at, run.finished_at),
      waitingNodes: steps.filter((s) => s.status === "waiting" && !s.superseded_at).map((s) => s.node_id),
      cancelRequested: Boolean(run.cancel_requested_at),
    },
    nodes,
    lastSeq: run.last_event_seq ?? 0,
  };
}
