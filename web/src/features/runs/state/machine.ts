/**
 * The visualizer's two transitions, pure: `applySeed` (a snapshot read from the engine: the
 * page's one `runs.get`, a mutation's answer, or the lazy read of a large step input) and
 * `applyRunEvents` (a batch of run events, in one pass). A snapshot older than what the
 * events already showed never moves the view back: it only fills in what the model lacks.
 * The store (store.ts) calls them; nothing else changes the model.
 */
import { pentries, pget, pset } from "./pmap";
import { applyRunEvent } from "./reducers";
import { normalScope, type ScopeRun } from "./scopes";
import { seedRunState } from "./seed";
import { streamKey } from "./selectors";
import type { Attempt, NodeRun, NodeStatus, RunEvent, RunRead, RunState } from "./types";

/** The graph the run pinned, as the model needs it: its top-level nodes and each container's body. */
export type RunShape = { nodeIds: readonly string[]; bodies?: Readonly<Record<string, readonly string[]>> };

/** One event as it arrived: `seq` is its durable id, null for `step.delta`. */
export type QueuedEvent = { event: RunEvent; seq: number | null };

/** A step attempt whose status the model changed (what the benchmark counts as applied). */
export type StepChange = { nodeId: string; scope: string | null; attempt: number; status: NodeStatus };

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
      const scope = normalScope(event.scope as string | null | undefined);
      const was = statusOf(nodeIn(before, scope, event.node_id), n);
      const now = statusOf(nodeIn(next, scope, event.node_id), n);
      if (now !== was) observe({ nodeId: event.node_id, scope, attempt: n, status: now });
    }
  }
  return next;
}

const nodeIn = (state: RunState, scope: string | null, nodeId: string) => (scope === null ? state.nodes[nodeId] : pget(state.scopes, scope)?.nodes[nodeId]);

const statusOf = (node: NodeRun | undefined, attempt: number): NodeStatus => node?.attempts.find((a) => a.attempt === attempt)?.status ?? "pending";

/**
 * A snapshot: the starting state, a newer state, or (older) the facts the model lacks. `shape`:
 * the pinned graph's top-level node ids (an array, for a graph without containers) or the
 * node ids with each container's body.
 */
export function applySeed(state: RunState | null, run: RunRead, shape: readonly string[] | RunShape): RunState {
  const { nodeIds, bodies } = Array.isArray(shape) ? { nodeIds: shape as readonly string[], bodies: undefined } : (shape as RunShape);
  const seeded = seedRunState(run, nodeIds, bodies ?? state?.bodies ?? {});
  if (!state || state.run.id !== seeded.run.id) return seeded;
  if (seeded.lastSeq <= state.lastSeq) return fillIn(state, seeded);
  // Newer: the snapshot wins. Streamed text is live only (kept for attempts still running); a
  // snapshot without logs (an older engine's mutation answer) keeps the logs the model has.
  const streams: Record<string, string> = {};
  const keep = (scope: string | null, id: string, node: NodeRun) => {
    for (const a of node.attempts) {
      const key = streamKey(id, a.attempt, scope);
      if (a.status === "running" && state.streams[key]) streams[key] = state.streams[key];
    }
  };
  for (const [id, node] of Object.entries(seeded.nodes)) keep(null, id, node);
  if (Object.keys(state.streams).length) for (const [scope, scoped] of pentries(seeded.scopes)) for (const [id, node] of Object.entries(scoped.nodes)) keep(scope, id, node);
  if (run.logs != null) return { ...seeded, streams };
  const nodes = { ...seeded.nodes };
  for (const [id, node] of Object.entries(state.nodes)) if (nodes[id]) nodes[id] = { ...nodes[id], logs: node.logs };
  let scopes = seeded.scopes;
  for (const [scope, scoped] of pentries(seeded.scopes)) {
    const known = pget(state.scopes, scope);
    if (!known) continue;
    const withLogs: Record<string, NodeRun> = { ...scoped.nodes };
    for (const [id, node] of Object.entries(known.nodes)) if (withLogs[id]) withLogs[id] = { ...withLogs[id], logs: node.logs };
    scopes = pset(scopes, scope, { ...scoped, nodes: withLogs });
  }
  return { ...seeded, nodes, scopes, streams };
}

/**
 * From a snapshot no newer than the model: an attempt's input the events carried only as a
 * size marker, a decision the model has not seen yet, a cancel the user asked for. Nothing
 * else moves.
 */
function fillIn(state: RunState, seeded: RunState): RunState {
  const nodes = fillNodes(state.nodes, seeded.nodes);
  // Inside containers too (a body step's input over the event limit); scopes the model has.
  let scopes = state.scopes;
  for (const [scope, scoped] of pentries(seeded.scopes)) {
    const current = pget(scopes, scope);
    if (!current) continue;
    const filled = fillNodes(current.nodes, scoped.nodes);
    if (filled) scopes = pset(scopes, scope, { ...current, nodes: filled } satisfies ScopeRun);
  }
  const cancel = seeded.run.cancelRequested && !state.run.cancelRequested && !["succeeded", "failed", "cancelled"].includes(state.run.status);
  if (!nodes && scopes === state.scopes && !cancel) return state;
  return { ...state, nodes: nodes ?? state.nodes, scopes, run: cancel ? { ...state.run, cancelRequested: true } : state.run };
}

/** `current` with what `known` adds (full inputs, decisions); null when it adds nothing. */
function fillNodes(current: Readonly<Record<string, NodeRun>>, known: Readonly<Record<string, NodeRun>>): Record<string, NodeRun> | null {
  let nodes: Record<string, NodeRun> | null = null;
  for (const [id, node] of Object.entries(known)) {
    const mine = current[id];
    if (!mine) continue;
    const attempts = mine.attempts.map((a) => {
      const seen = node.attempts.find((s) => s.attempt === a.attempt);
      if (!seen) return a;
      const patch: Partial<Attempt> = {};
      if (a.inputBytes !== null && seen.inputBytes === null && seen.input !== null) Object.assign(patch, { input: seen.input, inputBytes: null });
      if (!a.decision && seen.decision) patch.decision = seen.decision;
      if (!a.childRunId && seen.childRunId) patch.childRunId = seen.childRunId;
      return Object.keys(patch).length ? { ...a, ...patch } : a;
    });
    if (attempts.some((a, i) => a !== mine.attempts[i])) (nodes ??= { ...current })[id] = { ...mine, attempts };
  }
  return nodes;
}
