/** Derived views of a RunState: each node's status, edges taken or not, durations. */
import type { Attempt, Hold, NodeRun, NodeStatus, RunState, WorkflowEdge } from "./types";

/** The `error` output every node but input/output has (the engine's `ERROR_HANDLE`). */
export const ERROR_HANDLE = "error";

/** How a step looks: its status, or `handled` for a failure its error branch took. */
export type DisplayStatus = NodeStatus | "handled";

export function displayStatus(attempt: Attempt | null): DisplayStatus {
  if (!attempt) return "pending";
  return attempt.status === "failed" && attempt.handled ? "handled" : attempt.status;
}

export const TERMINAL_RUN = new Set(["succeeded", "failed", "cancelled"]);
export const FINISHED_STEP = new Set<NodeStatus>(["succeeded", "failed", "skipped", "cancelled"]);

/** Where `RunState.streams` keeps an attempt's streamed text (a body step's under its iteration). */
export const streamKey = (nodeId: string, attempt: number, scope?: string | null) => (scope ? `${scope}/${nodeId}#${attempt}` : `${nodeId}#${attempt}`);

/** The text an attempt has streamed so far ("" when none). */
export function streamedText(state: RunState, nodeId: string, attempt: Attempt | null, scope?: string | null): string {
  return attempt ? (state.streams[streamKey(nodeId, attempt.attempt, scope)] ?? "") : "";
}

/** A running agent step held by a shared provider limit (`step.held`, not yet `step.resumed`). */
export function waitingForRateLimit(node: NodeRun | undefined): boolean {
  return rateLimitHold(node) !== null;
}

/** The limit a running step waits for, or null. */
export function rateLimitHold(node: NodeRun | undefined): Hold | null {
  const attempt = currentAttempt(node ?? undefined);
  return attempt?.status === "running" ? attempt.hold : null;
}

/** The attempt that holds the node's result: the last one, unless a retry superseded it. */
/** Whether a step of the run was answered by a model with no known price (its total is then a floor). */
export function someCostUnknown(state: Pick<RunState, "nodes">): boolean {
  return Object.values(state.nodes).some((node) => node.attempts.some((a) => a.costUnknown));
}

export function currentAttempt(node: NodeRun | undefined): Attempt | null {
  const last = node?.attempts.at(-1);
  return last && !last.superseded ? last : null;
}

/** Only `nodes` is read: the graph passes its slice of the state. */
export type NodesOf = Pick<RunState, "nodes">;

export function nodeStatus(state: NodesOf, nodeId: string): NodeStatus {
  return currentAttempt(state.nodes[nodeId])?.status ?? "pending";
}

/** Milliseconds the node's current attempt has run: live for a running one (`now`). */
export function nodeElapsedMs(attempt: Attempt | null, now: number): number | null {
  if (!attempt?.startedAt) return null;
  if (attempt.durationMs !== null && attempt.finishedAt) return attempt.durationMs;
  if (attempt.status === "running" || attempt.status === "waiting") return Math.max(0, now - Date.parse(attempt.startedAt));
  return attempt.finishedAt ? Math.max(0, Date.parse(attempt.finishedAt) - Date.parse(attempt.startedAt)) : null;
}

export function runElapsedMs(state: RunState, now: number): number | null {
  const { startedAt, finishedAt, durationMs, status } = state.run;
  if (durationMs !== null && finishedAt) return durationMs;
  if (!startedAt) return null;
  if (TERMINAL_RUN.has(status)) return finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : null;
  return Math.max(0, now - Date.parse(startedAt));
}

export type EdgeLike = Pick<WorkflowEdge, "source" | "target" | "source_handle">;

/**
 * `taken`: the source succeeded and this edge's handle is one it followed.
 * `untaken`: the source finished without following it, or its target was skipped.
 * `active`: taken, and its target is working on it now. `idle` otherwise.
 */
export type EdgeState = "taken" | "active" | "untaken" | "idle";

/**
 * An `error` edge is taken when its source failed and the failure was handled (the branch's
 * only live output then); any other edge of that source is untaken. A success never takes it.
 */
export function edgeState(state: NodesOf, edge: EdgeLike): EdgeState {
  const source = currentAttempt(state.nodes[edge.source]);
  const targetStatus = nodeStatus(state, edge.target);
  if (!source) return "idle";
  const onError = edge.source_handle === ERROR_HANDLE;
  const handled = source.status === "failed" && source.handled;
  if (onError !== handled && FINISHED_STEP.has(source.status)) return "untaken";
  if (!handled) {
    if (source.status === "skipped" || (FINISHED_STEP.has(source.status) && source.status !== "succeeded")) return "untaken";
    if (source.status !== "succeeded") return "idle";
    const followed = edge.source_handle == null || source.handles == null || source.handles.includes(edge.source_handle);
    if (!followed) return "untaken";
  }
  if (targetStatus === "skipped") return "untaken";
  return targetStatus === "running" || targetStatus === "queued" || targetStatus === "waiting" ? "active" : "taken";
}

/** The node a retry starts from by default: the run's failing node, else the first failed one (not a handled failure). */
export function failedNodeId(state: RunState): string | null {
  if (state.run.error?.node_id) return state.run.error.node_id;
  for (const [id, node] of Object.entries(state.nodes)) {
    const a = currentAttempt(node);
    if (a?.status === "failed" && !a.handled) return id;
  }
  return null;
}

/** Nodes waiting for a person, in graph order when known. */
export function waitingNodeIds(state: RunState): string[] {
  return Object.keys(state.nodes).filter((id) => nodeStatus(state, id) === "waiting");
}

/** The nodes a live view keeps in sight: those running or waiting, the one started last first. */
export function activeNodeIds(state: NodesOf): string[] {
  const active: { id: string; at: string }[] = [];
  for (const [id, node] of Object.entries(state.nodes)) {
    const a = currentAttempt(node);
    if (a && (a.status === "running" || a.status === "waiting")) active.push({ id, at: a.startedAt ?? "" });
  }
  return active.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0)).map((a) => a.id);
}
