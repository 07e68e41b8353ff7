/**
 * The visualizer's starting state, from one `runs.get` snapshot: every step attempt and
 * every log line up to the snapshot's `last_event_seq` (the engine reads them in one
 * transaction, so events after that seq are exactly what is missing). Body steps go to
 * their iteration (`scope`), and each container run's progress is counted once. Pure.
 */
import { pentries, pfrom } from "./pmap";
import { normalScope, progressOf, type ScopeRun } from "./scopes";
import type { Attempt, Decision, ErrorInfo, EventDecision, Hold, LogEntry, NodeRun, RunRead, RunState, StepRead } from "./types";

const asError = (value: unknown): ErrorInfo | null =>
  value && typeof value === "object" && typeof (value as ErrorInfo).message === "string" ? (value as ErrorInfo) : null;

const ms = (from: string | null | undefined, to: string | null | undefined) => (from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : null);

/** The size marker a `step.started` input over the event limit travels as: `{truncated: true, bytes: N}`. */
export function truncatedInputBytes(input: unknown): number | null {
  if (!input || typeof input !== "object" || Array.isArray(input)) return null;
  const marker = input as Record<string, unknown>;
  const keys = Object.keys(marker);
  return keys.length === 2 && marker.truncated === true && typeof marker.bytes === "number" ? marker.bytes : null;
}

/** A sub-workflow step's child run, from a waiting output `{run_id}` (while it waits). */
export function childRunOf(output: unknown): string | null {
  if (!output || typeof output !== "object" || Array.isArray(output)) return null;
  const id = (output as Record<string, unknown>).run_id;
  return typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

/** A decision as a run event carries it. */
export function decisionFromEvent(d: EventDecision | null | undefined): Decision | null {
  if (!d) return null;
  return { approved: d.approved, comment: d.comment ?? null, by: d.decided_by ?? null, at: d.decided_at, edited: d.edited === true, byTimeout: d.by_timeout === true };
}

/** A decision as the snapshot's step row holds it (`decision` JSON beside `decided_by`/`decided_at`). */
function decisionOf(step: StepRead): Decision | null {
  if (!step.decided_at && !step.decision) return null;
  const d = step.decision ?? {};
  return {
    approved: d.approved === true,
    comment: typeof d.comment === "string" ? d.comment : null,
    by: step.decided_by ?? null,
    at: step.decided_at ?? null,
    edited: d.edited === true,
    byTimeout: d.by_timeout === true || (Boolean(step.decided_at) && !step.decided_by),
  };
}

export function attemptFromStep(step: StepRead): Attempt {
  const inputBytes = truncatedInputBytes(step.input);
  return {
    attempt: step.attempt,
    status: step.status,
    input: inputBytes === null ? (step.input ?? null) : null,
    inputBytes,
    output: step.output ?? null,
    error: asError(step.error),
    model: step.model ?? null,
    tokensIn: step.tokens_in ?? 0,
    tokensOut: step.tokens_out ?? 0,
    costUsd: step.cost_usd ?? 0,
    costUnknown: Boolean(step.cost_unknown),
    cached: Boolean(step.cached),
    handles: step.handles ?? null,
    startedAt: step.started_at ?? null,
    finishedAt: step.finished_at ?? null,
    durationMs: ms(step.started_at, step.finished_at),
    retryDelayS: null,
    hold: null,
    decision: decisionOf(step),
    superseded: Boolean(step.superseded_at),
    handled: step.handled === true,
    childRunId: step.child_run_id ?? (step.status === "waiting" ? childRunOf(step.output) : null),
    seededFrom: step.seeded_from ?? null,
  };
}

export function logFromRead(log: NonNullable<RunRead["logs"]>[number]): LogEntry {
  return { seq: log.seq, at: log.at, level: log.level ?? "info", message: log.message, data: log.data ?? null, attempt: log.attempt ?? 1 };
}

/** A `step.held` event's (or the snapshot's record of one) limit, as the state keeps it. */
export function holdOf(e: { limit?: Hold["limit"] | null; provider?: string | null; allowance?: string | null; retry_after_s?: number | null; until?: string | null; at: string }): Hold {
  return { reason: "rate_limit", limit: e.limit ?? "requests", provider: e.provider ?? "", allowance: e.allowance ?? "", retryAfterS: e.retry_after_s ?? 0, until: e.until ?? e.at };
}

/**
 * Pure: the state of `run` as the snapshot reads. `nodeIds` are the pinned graph's top-level
 * nodes; `bodies` each container's body node ids (what makes one of its items done).
 */
export function seedRunState(run: RunRead, nodeIds: readonly string[] = [], bodies: Readonly<Record<string, readonly string[]>> = {}): RunState {
  const nodes: Record<string, NodeRun> = {};
  const scoped = new Map<string, Record<string, NodeRun>>();
  const nodeOf = (id: string, scope: string | null = null) => {
    const into = scope === null ? nodes : (scoped.get(scope) ?? scoped.set(scope, {}).get(scope)!);
    return (into[id] ??= { nodeId: id, attempts: [], logs: [] });
  };
  for (const id of nodeIds) nodeOf(id);
  const steps = [...(run.steps ?? [])].sort((a, b) => a.attempt - b.attempt || Date.parse(a.created_at) - Date.parse(b.created_at));
  for (const step of steps) nodeOf(step.node_id, normalScope(step.scope)).attempts.push(attemptFromStep(step));
  const logs = [...(run.logs ?? [])].sort((a, b) => a.seq - b.seq);
  for (const log of logs) nodeOf(log.node_id, normalScope(log.scope)).logs.push(logFromRead(log));
  // A step held by a provider limit: the last of its `step.held` / `step.resumed` says whether it still is.
  const holds = [...(run.holds ?? [])].sort((a, b) => a.seq - b.seq);
  for (const h of holds) {
    const attempt = nodeOf(h.node_id, normalScope(h.scope)).attempts.find((a) => a.attempt === (h.attempt ?? 1));
    if (attempt) attempt.hold = h.type === "step.held" ? holdOf(h) : null;
  }
  const scopes = pfrom<ScopeRun>([...scoped].map(([scope, byNode]) => [scope, { scope, nodes: byNode }]));
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
      waitingNodes: steps.filter((s) => s.status === "waiting" && !s.superseded_at && !normalScope(s.scope)).map((s) => s.node_id),
      cancelRequested: Boolean(run.cancel_requested_at),
      parent: run.parent_run_id ? { runId: run.parent_run_id, nodeId: run.parent_node_id ?? null, scope: normalScope(run.parent_scope) } : null,
      depth: run.depth ?? 0,
      trigger: { kind: run.trigger_kind ?? "manual", id: run.trigger_id ?? null, name: run.trigger_name ?? null },
      kind: run.kind ?? "run",
      forkedFrom: run.forked_from_step ? { runId: run.forked_from_run_id ?? null, step: run.forked_from_step } : null,
    },
    nodes,
    streams: {},
    lastSeq: run.last_event_seq ?? 0,
    scopes,
    progress: progressOf(pentries(scopes), bodies),
    bodies,
  };
}
