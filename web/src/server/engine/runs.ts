/**
 * Typed calls to the engine's run endpoints (engine/src/orrery/api/{runs,run_events}.py),
 * one function per endpoint, plus `runEvents`: the run's SSE stream read with fetch and
 * the parser in ./sse, forwarding the user's token and the id to resume after, and
 * `coalesceDeltas`, which merges streamed tokens for the browser.
 */
import type { EngineClient } from "./client";
import { EngineHttpError } from "./errors";
import type { components } from "@/lib/contracts/generated/openapi";
import type { RunEventSchema, StepDelta } from "@/lib/contracts/generated/run-events";
import { readSse } from "./sse";

type Schemas = components["schemas"];

export type RunRead = Schemas["RunRead"];
export type StepRead = Schemas["StepRead"];
export type RunPage = Schemas["RunPage"];
export type RunStatus = RunRead["status"];
export type StepStatus = StepRead["status"];
export type InputSpec = Schemas["InputSpec"];
export type WorkflowSpec = Schemas["Workflow"];
export type RunEvent = RunEventSchema;
export type DurableRunEvent = Exclude<RunEventSchema, StepDelta>;

export const RUN_STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"] as const satisfies readonly RunStatus[];
export const TERMINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(["succeeded", "failed", "cancelled"]);

const run = (id: string) => ({ path: { run_id: id } });

export type StartRunParams = { workflowId: string; inputs: Record<string, unknown>; version?: number | null; idempotencyKey?: string };

/** POST /api/v1/workflows/{id}/runs: 202 with the queued run (200 for a repeated Idempotency-Key). */
export function startRun(engine: EngineClient, params: StartRunParams) {
  return engine.POST("/api/v1/workflows/{workflow_id}/runs", {
    params: { path: { workflow_id: params.workflowId }, header: params.idempotencyKey ? { "Idempotency-Key": params.idempotencyKey } : undefined },
    body: { inputs: params.inputs, ...(params.version != null ? { version: params.version } : {}) },
  });
}

export type TriggerKind = NonNullable<RunRead["trigger_kind"]>;
export type RunKind = NonNullable<RunRead["kind"]>;
export type ListRunsParams = {
  workflowId?: string | null;
  status?: RunStatus | null;
  parentRunId?: string | null;
  trigger?: TriggerKind | null;
  kind?: RunKind | null;
  forkedFrom?: string | null;
  cursor?: string | null;
  limit?: number;
};

/** GET /api/v1/runs: newest first, one page (`parentRunId`: a run's child runs). */
export function listRuns(engine: EngineClient, params: ListRunsParams = {}, signal?: AbortSignal) {
  return engine.GET("/api/v1/runs", {
    params: {
      query: { workflow_id: params.workflowId, status: params.status, parent_run_id: params.parentRunId, trigger: params.trigger, kind: params.kind, forked_from: params.forkedFrom, cursor: params.cursor || undefined, limit: params.limit },
    },
    signal,
  });
}

/** GET /api/v1/runs/{id}: the run with every step attempt. */
export function getRun(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/runs/{run_id}", { params: run(id), signal });
}

/** GET /api/v1/runs/{id}/spec: the workflow document the run pinned. */
export function getRunSpec(engine: EngineClient, id: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/runs/{run_id}/spec", { params: run(id), signal });
}

export function cancelRun(engine: EngineClient, id: string) {
  return engine.POST("/api/v1/runs/{run_id}/cancel", { params: run(id) });
}

export type DecisionParams = { runId: string; nodeId: string; approved: boolean; comment?: string | null; output?: unknown; scope?: string | null };

/**
 * POST /api/v1/runs/{id}/steps/{node}/decision (`?scope=` for an approval inside a body). `output`
 * is sent only when given (an edit).
 */
export function decideStep(engine: EngineClient, params: DecisionParams) {
  const body: Schemas["Decision"] = { approved: params.approved };
  if (params.comment) body.comment = params.comment;
  if (params.output !== undefined) body.output = params.output;
  return engine.POST("/api/v1/runs/{run_id}/steps/{node_id}/decision", {
    params: { path: { run_id: params.runId, node_id: params.nodeId }, query: params.scope ? { scope: params.scope } : undefined },
    body,
  });
}

/**
 * POST /api/v1/runs/{id}/retry: from the failed node, or `fromNode`; with a container as
 * `fromNode`, `items` re-runs only those items (or `"failed"`: every failed one).
 */
export function retryRun(engine: EngineClient, id: string, fromNode?: string | null, items?: number[] | "failed" | null) {
  const body: Schemas["RetryRequest"] = {};
  if (fromNode) body.from_node = fromNode;
  if (items != null) body.items = items;
  return engine.POST("/api/v1/runs/{run_id}/retry", { params: run(id), body });
}

export type RunnableWorkflow = { id: string; name: string; currentVersion: number; inputs: Record<string, InputSpec> };

/** What starting a run needs to know about a workflow: its name, version and input declarations. */
export async function getRunnableWorkflow(engine: EngineClient, id: string, signal?: AbortSignal): Promise<RunnableWorkflow> {
  const wf = await engine.GET("/api/v1/workflows/{workflow_id}", { params: { path: { workflow_id: id } }, signal });
  return { id: wf.id, name: wf.name, currentVersion: wf.current_version, inputs: wf.spec.inputs ?? {} };
}

// -- events ---------------------------------------------------------------------------

/** One event of the stream: `seq` is its durable id, null for `step.delta`. */
export type RunEventMessage = { seq: number | null; event: RunEvent };

export type RunEventsOptions = {
  /** Resume after this seq (sent as `Last-Event-ID`); from the start when absent. */
  after?: number | null;
  /** Aborting it closes the engine connection (the browser went away). */
  signal?: AbortSignal;
  /**
   * The first answer, already opened with `openRunEvents` (same `after` and `signal`): the BFF's
   * live hub opens a subscriber's stream first, as the engine's check that this user may read the
   * run, and only then decides whether to read it.
   */
  opened?: Response | null;
};

/**
 * Opens GET /api/v1/runs/{id}/events after `after`: the response once its headers arrived (the
 * engine has checked the token's access to the run; an EngineError otherwise, 404 for a run the
 * user cannot see), or null for a 204 (the run has ended, nothing follows).
 */
export async function openRunEvents(engine: EngineClient, runId: string, after: number | null, signal?: AbortSignal): Promise<Response | null> {
  const header = after != null && after > 0 ? { "Last-Event-ID": String(after) } : undefined;
  const response = await engine.openStream("/api/v1/runs/{run_id}/events", { params: { ...run(runId), header }, signal });
  if (response.status === 204 || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  return response;
}

const TERMINAL_RUN_EVENTS: ReadonlySet<string> = new Set(["run.succeeded", "run.failed", "run.cancelled"]);

/**
 * GET /api/v1/runs/{id}/events: every durable event after `after`, then the live tail,
 * until the run's terminal event (the engine then closes the stream). A 204 (nothing
 * more: the run ended) yields nothing. Heartbeat comments are dropped by the parser.
 *
 * The engine cuts off a reader that falls behind (engine/src/orrery/events/stream.py): its
 * stream ends before the run's terminal event, right after the last event it was sent. This
 * reader then reconnects with that event's seq, and the engine replays the rest from Postgres,
 * so the browser sees one unbroken stream. A reconnection that brings nothing ends it.
 */
export async function* runEvents(engine: EngineClient, runId: string, opts: RunEventsOptions = {}): AsyncGenerator<RunEventMessage> {
  let after = opts.after ?? null;
  let opened = opts.opened;
  for (;;) {
    const response = opened !== undefined ? opened : await openRunEvents(engine, runId, after, opts.signal);
    opened = undefined;
    if (!response?.body) return;
    let received = false;
    for await (const message of readSse(response.body)) {
      let event: RunEvent;
      try {
        event = JSON.parse(message.data) as RunEvent;
      } catch {
        throw new EngineHttpError(502, `The engine sent an unreadable ${message.event} event.`);
      }
      const seq = message.id ? Number(message.id) : null;
      const durableSeq = seq !== null && Number.isSafeInteger(seq) ? seq : null;
      received = true;
      if (durableSeq !== null) after = durableSeq;
      yield { seq: durableSeq, event };
      if (TERMINAL_RUN_EVENTS.has(event.type)) return;
    }
    if (!received || opts.signal?.aborted) return;
  }
}

const TICK = Symbol("tick");

/**
 * The same stream with `step.delta` events merged: a step's tokens are held up to `windowMs`
 * and sent as one delta (their text joined, the last one's `at`). Durable events pass at once,
 * after the tokens held before them, so every step's text still comes before its result.
 * A demo agent streams a word per delta, ~80 per step; a browser receiving each one spends
 * more time unpacking messages than drawing the run. Nothing is dropped or reordered within
 * a step.
 */
export async function* coalesceDeltas(messages: AsyncIterable<RunEventMessage>, windowMs: number): AsyncGenerator<RunEventMessage> {
  const source = messages[Symbol.asyncIterator]();
  /** Held tokens per step attempt (and iteration), in the order each started being held. */
  const held = new Map<string, RunEventMessage & { event: StepDelta }>();
  let flushAt = 0;
  /** A read of the source still under way (only while tokens wait for their window to close). */
  let reading: Promise<IteratorResult<RunEventMessage>> | null = null;
  const release = function* () {
    yield* held.values();
    held.clear();
  };
  try {
    for (;;) {
      reading ??= source.next();
      let result: IteratorResult<RunEventMessage> | typeof TICK;
      if (held.size) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const tick = new Promise<typeof TICK>((resolve) => (timer = setTimeout(resolve, Math.max(0, flushAt - Date.now()), TICK)));
        result = await Promise.race([reading, tick]);
        clearTimeout(timer);
      } else {
        result = await reading;
      }
      if (result === TICK) {
        yield* release();
        continue;
      }
      reading = null;
      if (result.done) break;
      const message = result.value;
      if (message.seq === null && message.event.type === "step.delta") {
        const delta = message.event;
        // A map's items stream the same body node side by side: each iteration is its own text.
        const key = `${delta.scope ?? ""}/${delta.node_id}#${delta.attempt ?? 1}`;
        const before = held.get(key);
        if (!held.size) flushAt = Date.now() + windowMs;
        held.set(key, before ? { seq: null, event: { ...delta, text: before.event.text + delta.text } } : { seq: null, event: delta });
        continue;
      }
      yield* release();
      yield message;
    }
    yield* release();
  } finally {
    if (reading) {
      // The consumer left while a read was under way: its request's signal aborts the engine
      // fetch, which ends that read; the source is let go of then.
      reading.catch(() => undefined);
      void source.return?.(undefined)?.catch(() => undefined);
    } else {
      await source.return?.(undefined);
    }
  }
}
