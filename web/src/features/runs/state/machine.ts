/**
 * The visualizer's two transitions, pure: `applySeed` (a snapshot read from the engine: the
 * page's one `runs.get`, a mutation's answer, or the lazy read of a large step input) and
 * `applyRunEvents` (a batch of run events, in one pass). A snapshot older than what the
 * events already showed never moves the view back: it only fills in what the model lacks.
 * The store (store.ts) calls them; nothing else changes the model.
 */
import { applyRunEvent } from "./reducers";
import { seedRunState } from "./seed";
import { streamKey } from "./selectors";
import type { Attempt, NodeRun, NodeStatus, RunEvent, RunRead, RunState } from "./types";

/** One event as it arrived: `seq` is its durable id, null for `step.delta`. */
export type QueuedEvent = { event: RunEvent; seq: number | null };

/** A step attempt whose status the model changed (what the benchmark counts as applied). */
export type StepChange = { nodeId: string; attempt: number; status: NodeStatus };

/**
 * Applies every event of a batch, in order (one pass; no event is skipped, only rendering is
 * coalesced). `observe` hears each step status the model took on the way.
 */
export function applyRunEvents(state: RunState, events: readonly QueuedEvent[], observe?: (change: StepChange) => void): RunState {
  let next = state;
  for (const { event, seq } of events) {
    const before = next;
    next = applyRunEvent(next, event, seq);
    if (observe && next !== before && "node_id" in event && typeof event.node_id === "string") {
      const n = typeof event.attempt === "number" ? event.attempt : 1;
      const was = statusOf(before.nodes[event.node_id], n);
      const now = statusOf(next.nodes[event.node_id], n);
      if (now !== was) observe({ nodeId: event.node_id, attempt: n, status: now });
    }
  }
  return next;
}

const statusOf = (node: NodeRun | undefined, attempt: number): NodeStatus => node?.attempts.find((a) => a.attempt === attempt)?.status ?? "pending";

/** A snapshot: the starting state, a newer state, or (older) the facts the model lacks. */
export function applySeed(state: RunState | null, run: RunRead, nodeIds: readonly string[]): RunState {
  const seeded = seedRunState(run, nodeIds);
  if (!state || state.run.id !== seeded.run.id) return seeded;
  if (seeded.lastSeq <= state.lastSeq) return fillIn(state, seeded);
  // Newer: the snapshot wins. Streamed text is live only (kept for attempts still running); a
  // snapshot without logs (an older engine's mutation answer) keeps the logs the model has.
  const streams: Record<string, string> = {};
  for (const [id, node] of Object.entries(seeded.nodes)) {
    for (const a of node.attempts) {
      const key = streamKey(id, a.attempt);
      if (a.status === "running" && state.streams[key]) streams[key] = state.streams[key];
    }
  }
  if (run.logs != null) return { ...seeded, streams };
  const nodes = { ...seeded.nodes };
  for (const [id, node] of Object.entries(state.nodes)) if (nodes[id]) nodes[id] = { ...nodes[id], logs: node.logs };
  return { ...seeded, nodes, streams };
}

/**
 * From a snapshot no newer than the model: an attempt's input the events carried only as a
 * size marker, a decision the model has not seen yet, a cancel the user asked for. Nothing
 * else moves.
 */
function fillIn(state: RunState, seeded: RunState): RunState {
  let nodes: RunState["nodes"] | null = null;
  for (const [id, node] of Object.entries(seeded.nodes)) {
    const current = state.nodes[id];
    if (!current) continue;
    const attempts = current.attempts.map((a) => {
      const known = node.attempts.find((s) => s.attempt === a.attempt);
      if (!known) return a;
      const patch: Partial<Attempt> = {};
      if (a.inputBytes !== null && known.inputBytes === null && known.input !== null) Object.assign(patch, { input: known.input, inputBytes: null });
      if (!a.decision && known.decision) patch.decision = known.decision;
      return Object.keys(patch).length ? { ...a, ...patch } : a;
    });
    if (attempts.some((a, i) => a !== current.attempts[i])) (nodes ??= { ...state.nodes })[id] = { ...current, attempts };
  }
  const cancel = seeded.run.cancelRequested && !state.run.cancelRequested && !["succeeded", "failed", "cancelled"].includes(state.run.status);
  if (!nodes && !cancel) return state;
  return { ...state, nodes: nodes ?? state.nodes, run: cancel ? { ...state.run, cancelRequested: true } : state.run };
}
