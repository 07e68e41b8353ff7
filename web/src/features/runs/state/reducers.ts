/**
 * Run events -> visualizer state: one small pure reducer per event type
 * (`REDUCERS`, keyed by the generated union, so a new event type does not compile
 * until it has one), and `applyRunEvent`, which drops durable events already applied
 * (seq <= lastSeq) so a snapshot plus a resumed stream never counts anything twice.
 */
import { decisionFromEvent, truncatedInputBytes } from "./seed";
import { streamKey } from "./selectors";
import type { Attempt, NodeRun, RunEvent, RunInfo, RunState } from "./types";

type EventOf<T extends RunEvent["type"]> = Extract<RunEvent, { type: T }>;
/** `seq` is the event's durable id (null for `step.delta`); only `step.log` keeps it. */
type Reducer<T extends RunEvent["type"]> = (state: RunState, event: EventOf<T>, seq?: number | null) => RunState;

// -- helpers --------------------------------------------------------------------------

const elapsed = (from: string | null, to: string) => (from ? Math.max(0, Date.parse(to) - Date.parse(from)) : null);

function newAttempt(attempt: number): Attempt {
  return {
    attempt,
    status: "queued",
    input: null,
    inputBytes: null,
    output: null,
    error: null,
    model: null,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    handles: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    retryDelayS: null,
    decision: null,
    superseded: false,
  };
}

function withRun(state: RunState, patch: Partial<RunInfo>): RunState {
  return { ...state, run: { ...state.run, ...patch } };
}

/** Updates attempt `attempt` of `nodeId` (created when new), keeping attempts in order. */
function withAttempt(state: RunState, nodeId: string, attempt: number | undefined, update: (a: Attempt) => Attempt): RunState {
  const n = attempt ?? 1;
  const node: NodeRun = state.nodes[nodeId] ?? { nodeId, attempts: [], logs: [] };
  const index = node.attempts.findIndex((a) => a.attempt === n);
  const attempts =
    index === -1
      ? [...node.attempts, update(newAttempt(n))].sort((a, b) => a.attempt - b.attempt)
      : node.attempts.map((a, i) => (i === index ? update(a) : a));
  return { ...state, nodes: { ...state.nodes, [nodeId]: { ...node, attempts } } };
}

const finished = (at: string, durationMs: number | null | undefined, a: Attempt) => ({
  finishedAt: at,
  durationMs: durationMs ?? elapsed(a.startedAt, at),
  retryDelayS: null,
});

// -- run events -----------------------------------------------------------------------

/** Queued: a new run, or a retry re-queuing a finished one. */
export const onRunQueued: Reducer<"run.queued"> = (state, e) =>
  withRun(state, { status: "queued", inputs: e.inputs ?? state.run.inputs, error: null, outputs: null, finishedAt: null, durationMs: null, waitingNodes: [], cancelRequested: false });

export const onRunStarted: Reducer<"run.started"> = (state, e) =>
  withRun(state, { status: "running", startedAt: state.run.startedAt ?? e.at, waitingNodes: [] });

export const onRunWaiting: Reducer<"run.waiting"> = (state, e) => withRun(state, { status: "waiting", waitingNodes: e.waiting_nodes ?? [] });

export const onRunSucceeded: Reducer<"run.succeeded"> = (state, e) =>
  withRun(state, {
    status: "succeeded",
    outputs: e.outputs ?? {},
    finishedAt: e.at,
    durationMs: e.duration_ms ?? elapsed(state.run.startedAt, e.at),
    waitingNodes: [],
    ...(e.usage ? { tokensIn: e.usage.tokens_in ?? state.run.tokensIn, tokensOut: e.usage.tokens_out ?? state.run.tokensOut, costUsd: e.usage.cost_usd ?? state.run.costUsd } : {}),
  });

export const onRunFailed: Reducer<"run.failed"> = (state, e) =>
  withRun(state, { status: "failed", error: e.error, finishedAt: e.at, durationMs: e.duration_ms ?? elapsed(state.run.startedAt, e.at), waitingNodes: [] });

export const onRunCancelled: Reducer<"run.cancelled"> = (state, e) =>
  withRun(state, { status: "cancelled", finishedAt: e.at, durationMs: elapsed(state.run.startedAt, e.at), waitingNodes: [], error: e.reason ? { code: "cancelled", message: e.reason } : state.run.error });

// -- step events ----------------------------------------------------------------------

export const onStepQueued: Reducer<"step.queued"> = (state, e) => withAttempt(state, e.node_id, e.attempt, (a) => ({ ...a, status: "queued" }));

/**
 * Running, with what it reads. An input over the event's size limit arrives as a size
 * marker (`inputBytes`): the whole input is in the snapshot, read when the step is inspected.
 */
export const onStepStarted: Reducer<"step.started"> = (state, e) => {
  const next = withAttempt(state, e.node_id, e.attempt, (a) => {
    const bytes = truncatedInputBytes(e.input);
    // A marker never replaces an input the snapshot already gave in full.
    const input = bytes === null ? (e.input ?? null) : a.inputBytes === null ? a.input : null;
    const inputBytes = bytes !== null && input === null ? bytes : null;
    return { ...a, status: "running", startedAt: e.at, finishedAt: null, durationMs: null, input, inputBytes, retryDelayS: null };
  });
  // Whatever an earlier start of the same attempt streamed is gone.
  const key = streamKey(e.node_id, e.attempt ?? 1);
  if (!(key in next.streams)) return next;
  const { [key]: _dropped, ...streams } = next.streams;
  return { ...next, streams };
};

/** A log line or tool call of the step (every attempt's, in order). */
export const onStepLog: Reducer<"step.log"> = (state, e, seq) => {
  const node: NodeRun = state.nodes[e.node_id] ?? { nodeId: e.node_id, attempts: [], logs: [] };
  const entry = { seq: seq ?? state.lastSeq, at: e.at, level: e.level ?? "info", message: e.message, data: e.data ?? null, attempt: e.attempt ?? 1 };
  return { ...state, nodes: { ...state.nodes, [e.node_id]: { ...node, logs: [...node.logs, entry] } } };
};

/** A failed attempt that will be tried again after `delay_s`. */
export const onStepRetrying: Reducer<"step.retrying"> = (state, e) =>
  withAttempt(state, e.node_id, e.attempt, (a) => ({ ...a, status: "failed", error: e.error, ...finished(e.at, null, a), retryDelayS: e.delay_s }));

/** Parked for a person (approval): `output` is what they review. */
export const onStepWaiting: Reducer<"step.waiting"> = (state, e) =>
  withAttempt(state, e.node_id, e.attempt, (a) => ({ ...a, status: "waiting", output: e.output ?? a.output }));

export const onStepSucceeded: Reducer<"step.succeeded"> = (state, e) => {
  const next = withAttempt(state, e.node_id, e.attempt, (a) => ({
    ...a,
    status: "succeeded",
    output: e.output ?? null,
    handles: e.handles ?? null,
    error: null,
    model: e.usage?.model ?? a.model,
    tokensIn: e.usage?.tokens_in ?? a.tokensIn,
    tokensOut: e.usage?.tokens_out ?? a.tokensOut,
    costUsd: e.usage?.cost_usd ?? a.costUsd,
    decision: decisionFromEvent(e.decision) ?? a.decision,
    ...finished(e.at, e.duration_ms, a),
  }));
  // Run totals move as steps finish (the run's own figures arrive with its terminal event).
  if (!e.usage) return next;
  return withRun(next, {
    tokensIn: next.run.tokensIn + (e.usage.tokens_in ?? 0),
    tokensOut: next.run.tokensOut + (e.usage.tokens_out ?? 0),
    costUsd: next.run.costUsd + (e.usage.cost_usd ?? 0),
  });
};

export const onStepFailed: Reducer<"step.failed"> = (state, e) =>
  withAttempt(state, e.node_id, e.attempt, (a) => ({ ...a, status: "failed", error: e.error, decision: decisionFromEvent(e.decision) ?? a.decision, ...finished(e.at, e.duration_ms, a) }));

export const onStepSkipped: Reducer<"step.skipped"> = (state, e) =>
  withAttempt(state, e.node_id, e.attempt, (a) => ({ ...a, status: "skipped", finishedAt: e.at }));

export const onStepCancelled: Reducer<"step.cancelled"> = (state, e) =>
  withAttempt(state, e.node_id, e.attempt, (a) => ({ ...a, status: "cancelled", ...finished(e.at, null, a) }));

/**
 * Streamed text (live only): appended to the attempt's stream. The node itself changes only
 * when this is the first sign of it running.
 */
export const onStepDelta: Reducer<"step.delta"> = (state, e) => {
  const key = streamKey(e.node_id, e.attempt ?? 1);
  const status = state.nodes[e.node_id]?.attempts.find((a) => a.attempt === (e.attempt ?? 1))?.status;
  const next = status === undefined || status === "queued" ? withAttempt(state, e.node_id, e.attempt, (a) => ({ ...a, status: "running" })) : state;
  return { ...next, streams: { ...next.streams, [key]: (next.streams[key] ?? "") + e.text } };
};

/** Every event type, each with its reducer. */
export const REDUCERS: { [T in RunEvent["type"]]: Reducer<T> } = {
  "run.queued": onRunQueued,
  "run.started": onRunStarted,
  "run.waiting": onRunWaiting,
  "run.succeeded": onRunSucceeded,
  "run.failed": onRunFailed,
  "run.cancelled": onRunCancelled,
  "step.queued": onStepQueued,
  "step.started": onStepStarted,
  "step.log": onStepLog,
  "step.retrying": onStepRetrying,
  "step.waiting": onStepWaiting,
  "step.succeeded": onStepSucceeded,
  "step.failed": onStepFailed,
  "step.skipped": onStepSkipped,
  "step.cancelled": onStepCancelled,
  "step.delta": onStepDelta,
};

/**
 * Applies one event. `seq` is the durable id (null for `step.delta`): an event at or
 * below `lastSeq` was already applied (it is in the seed, or came twice) and is dropped.
 * Unknown event types (a newer engine) are ignored.
 */
export function applyRunEvent(state: RunState, event: RunEvent, seq: number | null): RunState {
  if (seq !== null && seq <= state.lastSeq) return state;
  const reducer = REDUCERS[event.type] as Reducer<RunEvent["type"]> | undefined;
  const next = reducer ? reducer(state, event as never, seq) : state;
  return seq === null ? next : { ...next, lastSeq: seq };
}
