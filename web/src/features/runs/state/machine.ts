/**
 * The visualizer's one reducer: a `seed` (a RunRead from runs.get or from a mutation)
 * or an `event` from runs.events. A seed older than what the events already showed
 * never moves the view back (a mutation's answer racing the live stream).
 */
import { applyRunEvent } from "./reducers";
import { seedRunState } from "./seed";
import type { RunEvent, RunRead, RunState } from "./types";

export type RunAction = { type: "seed"; run: RunRead; nodeIds: readonly string[] } | { type: "event"; event: RunEvent; seq: number | null };

export function runReducer(state: RunState | null, action: RunAction): RunState | null {
  if (action.type === "event") return state ? applyRunEvent(state, action.event, action.seq) : state;
  const seeded = seedRunState(action.run, action.nodeIds);
  if (!state || state.run.id !== seeded.run.id) return seeded;
  // Older than what the stream showed: keep the state, take only what events never carry.
  if (seeded.lastSeq < state.lastSeq) return withDecisions(state, seeded);
  // As new or newer: the engine's view wins (it has step inputs, decisions, usage), but
  // logs and streamed text only ever came as events, so they are carried over.
  const nodes = { ...seeded.nodes };
  for (const [id, node] of Object.entries(state.nodes)) {
    const next = nodes[id];
    if (!next) continue;
    const attempts = next.attempts.map((a) => {
      const streamed = node.attempts.find((o) => o.attempt === a.attempt)?.streamed;
      return streamed && !a.streamed ? { ...a, streamed } : a;
    });
    nodes[id] = { ...next, attempts, logs: node.logs.length ? node.logs : next.logs };
  }
  return { ...seeded, nodes };
}

/**
 * The approval audit (who, when, comment) is not in the events: take it from an older
 * seed too (a decision's answer can arrive after the stream already showed its result).
 */
function withDecisions(state: RunState, seeded: RunState): RunState {
  let nodes: RunState["nodes"] | null = null;
  for (const [id, node] of Object.entries(seeded.nodes)) {
    const current = state.nodes[id];
    if (!current) continue;
    const attempts = current.attempts.map((a) => {
      const decision = a.decision ?? node.attempts.find((s) => s.attempt === a.attempt)?.decision ?? null;
      return decision === a.decision ? a : { ...a, decision };
    });
    if (attempts.some((a, i) => a !== current.attempts[i])) (nodes ??= { ...state.nodes })[id] = { ...current, attempts };
  }
  return nodes ? { ...state, nodes } : state;
}
