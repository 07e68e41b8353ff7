/**
 * Run events -> visualizer state: one small pure reducer per event type
 * (`REDUCERS`, keyed by the generated union, so a new event type does not compile
 * until it has one), and `applyRunEvent`, which drops durable events already applied
 * (seq <= lastSeq) so a snapshot plus a resumed stream never counts anything twice.
 * A step event with a `scope` updates that iteration's steps and its container's
 * progress (scopes.ts): O(1) per event however many items a map has.
 */
import { pget } from "./pmap";
import { normalScope, withScope } from "./scopes";
import { childRunOf, decisionFromEvent, holdOf, truncatedInputBytes } from "./seed";
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
    costUnknown: false,
    cached: false,
    handles: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    retryDelayS: null,
    hold: null,
    decision: null,
    superseded: false,
    handled: false,
    childRunId: null,
    seededFrom: null,
  };
}

function withRun(state: RunState, patch: Partial<RunInfo>): RunState {
  return { ...state, run: { ...state.run, ...patch } };
}

type StepRef = { node_id: string; attempt?: number; scope?: string | null };

/** Replaces the step's node run (top level, or in its iteration, moving its container's progress). */
function withNode(state: RunState, e: StepRef, update: (node: NodeRun) => NodeRun): RunState {
  const scope = normalScope(e.scope);
  if (scope === null) {
    const node: NodeRun = state.nodes[e.node_id] ?? { nodeId: e.node_id, attempts: [], logs: [] };
    return { ...state, nodes: { ...state.nodes, [e.node_id]: update(node) } };
  }
  const changed = withScope(state, scope, (run) => {
    const node: NodeRun = run.nodes[e.node_id] ?? { nodeId: e.node_id, attempts: [], logs: [] };
    return { ...run, nodes: { ...run.nodes, [e.node_id]: update(node) } };
  });
  return { ...state, ...changed };
}

/** The step's node run as the state has it (top level or in its iteration). */
function nodeOf(state: RunState, e: StepRef): NodeRun | undefined {
  const scope = normalScope(e.scope);
  return scope === null ? state.nodes[e.node_id] : pget(state.scopes, scope)?.nodes[e.node_id];
}

/** Updates the event's attempt of its node (created when new), keeping attempts in order. */
function withAttempt(state: RunState, e: StepRef, update: (a: Attempt) => Attempt): RunState {
  const n = e.attempt ?? 1;
  return withNode(state, e, (node) => {
    const index = node.attempts.findIndex((a) => a.attempt === n);
    const attempts =
      index === -1
        ? [...node.attempts, update(newAttempt(n))].sort((a, b) => a.attempt - b.attempt)
        : node.attempts.map((a, i) => (i === index ? update(a) : a));
    return { ...node, attempts };
  });
}

function attemptOf(state: RunState, e: StepRef): Attempt | undefined {
  return nodeOf(state, e)?.attempts.find((a) => a.attempt === (e.attempt ?? 1));
}

const FINISHED: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled", "skipped"]);
const isFinished = (a: Attempt | undefined) => a !== undefined && FINISHED.has(a.status);

/** What a start event says the attempt read: its input, or only its size (a marker, over the event's limit). */
function readInput(a: Attempt, carried: unknown): Pick<Attempt, "input" | "inputBytes"> {
  const bytes = truncatedInputBytes(carried);
  // A marker never replaces an input the snapshot already gave in full.
  const input = bytes === null ? (carried ?? null) : a.inputBytes === null ? a.input : null;
  return { input, inputBytes: bytes !== null && input === null ? bytes : null };
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

export const onStepQueued: Reducer<"step.queued"> = (state, e) => withAttempt(state, e, (a) => ({ ...a, status: "queued" }));

/**
 * Running, with what it reads. An input over the event's size limit arrives as a size
 * marker (`inputBytes`): the whole input is in the snapshot, read when the step is inspected.
 */
export const onStepStarted: Reducer<"step.started"> = (state, e, seq) => {
  // A live-only start (a pure step's, no seq) can arrive after the stored success that folded it
  // in (the stream replays the stored events, then passes on the live ones it got meanwhile): it
  // never moves a finished attempt back to running. Attempts keep counting, so a step run again
  // starts a new attempt, and a start after a takeover is stored (it has a seq).
  if (seq == null && isFinished(attemptOf(state, e))) return state;
  const next = withAttempt(state, e, (a) => ({ ...a, status: "running", startedAt: e.at, finishedAt: null, durationMs: null, ...readInput(a, e.input), retryDelayS: null, hold: null }));
  // Whatever an earlier start of the same attempt streamed is gone.
  const key = streamKey(e.node_id, e.attempt ?? 1, e.scope);
  if (!(key in next.streams)) return next;
  const { [key]: _dropped, ...streams } = next.streams;
  return { ...next, streams };
};

/** A log line or tool call of the step (every attempt's, in order). */
export const onStepLog: Reducer<"step.log"> = (state, e, seq) => {
  const entry = { seq: seq ?? state.lastSeq, at: e.at, level: e.level ?? "info", message: e.message, data: e.data ?? null, attempt: e.attempt ?? 1 };
  return withNode(state, e, (node) => ({ ...node, logs: [...node.logs, entry] }));
};

/** A failed attempt that will be tried again after `delay_s`. */
export const onStepRetrying: Reducer<"step.retrying"> = (state, e) =>
  withAttempt(state, e, (a) => ({ ...a, status: "failed", error: e.error, ...finished(e.at, null, a), retryDelayS: e.delay_s, hold: null }));

/**
 * Held by a provider limit shared by every worker (still running): "waiting for rate limit"
 * until `step.resumed`, or until the attempt ends.
 */
export const onStepHeld: Reducer<"step.held"> = (state, e) =>
  withAttempt(state, e, (a) => ({ ...a, hold: holdOf(e) }));

/** The held attempt goes ahead. */
export const onStepResumed: Reducer<"step.resumed"> = (state, e) => withAttempt(state, e, (a) => (a.hold ? { ...a, hold: null } : a));

/**
 * Parked: for a person (approval: `output` is what they review), or for a child run (a
 * sub-workflow: `output` is `{run_id}`, kept as the attempt's child run once it ends).
 */
export const onStepWaiting: Reducer<"step.waiting"> = (state, e) =>
  withAttempt(state, e, (a) => ({ ...a, status: "waiting", output: e.output ?? a.output, childRunId: childRunOf(e.output) ?? a.childRunId }));

/**
 * Done, with its output. A pure step that started and succeeded in one commit stored no
 * `step.started`: its success carries when it started and what it read (`started_at`, `input`).
 */
export const onStepSucceeded: Reducer<"step.succeeded"> = (state, e) => {
  const next = withAttempt(state, e, (a) => ({
    ...a,
    ...(e.started_at ? { startedAt: e.started_at, ...readInput(a, e.input) } : {}),
    status: "succeeded",
    output: e.output ?? null,
    handles: e.handles ?? null,
    error: null,
    model: e.usage?.model ?? a.model,
    tokensIn: e.usage?.tokens_in ?? a.tokensIn,
    tokensOut: e.usage?.tokens_out ?? a.tokensOut,
    costUsd: e.usage?.cost_usd ?? a.costUsd,
    costUnknown: e.usage ? Boolean(e.usage.cost_unknown) : a.costUnknown,
    cached: e.usage ? Boolean(e.usage.cached) : a.cached,
    decision: decisionFromEvent(e.decision) ?? a.decision,
    seededFrom: e.seeded_from ?? null,
    hold: null,
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

/**
 * Failed for good. `handled`: the node's error branch took it, the run goes on; the step's
 * output is the error (`{error: {code, message, attempt}}`), what the branch reads.
 */
export const onStepFailed: Reducer<"step.failed"> = (state, e) =>
  withAttempt(state, e, (a) => ({
    ...a,
    status: "failed",
    error: e.error,
    handled: e.handled === true,
    output: e.handled === true ? { error: { code: e.error.code, message: e.error.message, attempt: e.attempt ?? a.attempt } } : a.output,
    decision: decisionFromEvent(e.decision) ?? a.decision,
    hold: null,
    ...finished(e.at, e.duration_ms, a),
  }));

export const onStepSkipped: Reducer<"step.skipped"> = (state, e) =>
  withAttempt(state, e, (a) => ({ ...a, status: "skipped", finishedAt: e.at }));

export const onStepCancelled: Reducer<"step.cancelled"> = (state, e) =>
  withAttempt(state, e, (a) => ({ ...a, status: "cancelled", hold: null, ...finished(e.at, null, a) }));

/**
 * Streamed text (live only): appended to the attempt's stream. The node itself changes only
 * when this is the first sign of it running.
 */
export const onStepDelta: Reducer<"step.delta"> = (state, e) => {
  const key = streamKey(e.node_id, e.attempt ?? 1, e.scope);
  const status = nodeOf(state, e)?.attempts.find((a) => a.attempt === (e.attempt ?? 1))?.status;
  const next = status === undefined || status === "queued" ? withAttempt(state, e, (a) => ({ ...a, status: "running" })) : state;
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
  "step.held": onStepHeld,
  "step.resumed": onStepResumed,
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
