/**
 * The visualizer's one reducer: a `seed` (a RunRead from runs.get or from a mutation)
 * or an `event` from runs.events. A seed older than what the events already showed is
 * ignored, so a mutation's answer racing the live stream never moves the view back.
 */
import { applyRunEvent } from "./reducers";
import { seedRunState } from "./seed";
import type { RunEvent, RunRead, RunState } from "./types";

export type RunAction = { type: "seed"; run: RunRead; nodeIds: readonly string[] } | { type: "event"; event: RunEvent; seq: number | null };

export function runReducer(state: RunState | null, action: RunAction): RunState | null {
  if (action.type === "event") return state ? applyRunEvent(state, action.event, action.seq) : state;
  const seeded = seedRunState(action.run, action.nodeIds);
  if (!state || state.run.id !== seeded.run.id) return seeded;
  if (seeded.lastSeq <= state.lastSeq) return state;
  // Logs only come as events: keep those already seen.
  const nodes = { ...seeded.nodes };
  for (const [id, node] of Object.entries(state.nodes)) {
    if (node.logs.length && nodes[id]) nodes[id] = { ...nodes[id], logs: node.logs };
  }
  return { ...seeded, nodes };
}
