/**
 * What the run visualizer knows about a run: the run itself and, per node of the
 * pinned graph, every attempt and every log line; inside containers (`map`, `loop`), the
 * same per iteration (`scopes`) with each container run's progress. Built from one
 * `runs.get` snapshot (seed.ts), then advanced by run events (reducers.ts), batched per
 * frame (store.ts). Plain data, so the reducers stay pure and easy to test.
 *
 * Types come from the tRPC router's outputs and the generated contract, never from
 * server code: `RunRead` is what `runs.get` answers, `Workflow` the pinned document.
 */

import type { components } from "@/lib/contracts/generated/openapi";
import type { Decision as EventDecision, ErrorInfo, RunEventSchema, StepDelta } from "@/lib/contracts/generated/run-events";
import type { RouterOutputs } from "@/lib/trpc/types";

import type { PMap } from "./pmap";
import type { Progress, ScopeRun } from "./scopes";


/** The run snapshot: the run, its steps and its logs, consistent with `last_event_seq`. */
export type RunRead = RouterOutputs["runs"]["get"];
export type StepRead = NonNullable<RunRead["steps"]>[number];
export type LogRead = NonNullable<RunRead["logs"]>[number];
export type RunStatus = RunRead["status"];
/** A run as the history lists it (`runs.list`). */
export type RunListItem = RouterOutputs["runs"]["list"]["items"][number];
/** A declared workflow input (the start-run form's fields). */
export type InputSpec = components["schemas"]["InputSpec"];
export type StepStatus = StepRead["status"];

/** The workflow document the run pinned (`runs.spec`), and its parts. */
export type Workflow = components["schemas"]["Workflow"];
export type WorkflowNode = components["schemas"]["Node"];
export type WorkflowEdge = components["schemas"]["Edge"];

export type { ErrorInfo, EventDecision };
export type RunEvent = RunEventSchema;
export type DurableRunEvent = Exclude<RunEventSchema, StepDelta>;

/** A node that has no step yet is `pending` (not reached, or not scheduled yet). */
export type NodeStatus = StepStatus | "pending";

export type LogEntry = {
  /** The event's durable seq: orders logs, and drops one already shown. */
  seq: number;
  at: string;
  level: "debug" | "info" | "warning" | "error";
  message: string;
  data?: Record<string, unknown> | null;
  attempt: number;
};

/** A reviewer's answer to an approval step (`by` is null when the timeout decided). */
export type Decision = { approved: boolean; comment: string | null; by: string | null; at: string | null; edited: boolean; byTimeout: boolean };

/** One attempt of one node. */
export type Attempt = {
  attempt: number;
  status: StepStatus;
  /** What the step read. Null when not known yet; see `inputBytes`. */
  input: unknown;
  /**
   * Set when `step.started` carried only a size marker (an input over the event's
   * limit): the input itself is in the run's snapshot, read when the step is inspected.
   */
  inputBytes: number | null;
  output: unknown;
  error: ErrorInfo | null;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** The model had no known price: `costUsd` leaves it out (shown as "unknown cost", not $0). */
  costUnknown: boolean;
  /** The agent answered from its response cache: no provider call, no cost. */
  cached: boolean;
  handles: string[] | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** While `step.retrying` waits: the delay before the next attempt. */
  retryDelayS: number | null;
  /** While `step.held`: the shared provider limit the running attempt waits for (null: none). */
  hold: Hold | null;
  decision: Decision | null;
  /** Set when a retry replaced this attempt's result. */
  superseded: boolean;
  /** A failure the node's `error` branch took: the run went on (output `{error: ...}`). */
  handled: boolean;
  /** A sub-workflow step's child run (from the row, or its waiting output `{run_id}`). */
  childRunId: string | null;
  /**
   * Not executed in this run (a test run's or a fork's upstream): its output is a pin (`"pin"`)
   * or was reused from the run with this id.
   */
  seededFrom: string | null;
};

/** A running attempt waiting for a provider limit shared by every worker (`step.held`). */
export type Hold = {
  reason: "rate_limit";
  limit: "requests" | "tokens" | "concurrency";
  provider: string;
  /** The limit in words: "60 requests per 60 s". */
  allowance: string;
  retryAfterS: number;
  /** When it expects to go ahead. */
  until: string;
};

export type NodeRun = {
  nodeId: string;
  /** Every attempt, oldest first; the last is the current one. */
  attempts: Attempt[];
  /** Every log line of every attempt, in seq order. */
  logs: LogEntry[];
};

export type RunInfo = {
  id: string;
  workflowId: string;
  workflowName: string | null;
  version: number;
  status: RunStatus;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown> | null;
  error: ErrorInfo | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  waitingNodes: string[];
  cancelRequested: boolean;
  /** A sub-workflow's child run: the run and step that started it (null for a top-level run). */
  parent: { runId: string; nodeId: string | null; scope: string | null } | null;
  depth: number;
  /** What started it, when not a person in the app: an API key, a webhook or a schedule (by name). */
  trigger?: { kind: "manual" | "api" | "webhook" | "schedule"; id: string | null; name: string | null };
  /** `test`: one node tested from the editor; `fork`: re-run from a step of `forkedFrom`'s run. */
  kind?: "run" | "test" | "fork";
  forkedFrom?: { runId: string | null; step: string } | null;
};

export type RunState = {
  run: RunInfo;
  /** Per node of the graph. A node's object changes only when its attempts or logs do. */
  nodes: Record<string, NodeRun>;
  /**
   * Text streamed by `step.delta` while an attempt runs, by `streamKey(node, attempt)` (the
   * final output replaces it). Kept apart from `nodes`: tokens arrive by the hundred per
   * second, and the graph, which does not show them, is not redrawn for them.
   */
  streams: Record<string, string>;
  /** The seq of the last durable event applied (the snapshot's `last_event_seq` when seeded). */
  lastSeq: number;
  /**
   * Steps inside containers, one `ScopeRun` per iteration (`scenes[3]`), in a persistent map:
   * an event touching one of a 1,000-item map's iterations copies O(1), not the other 999.
   */
  scopes: PMap<ScopeRun>;
  /** Per container run (`scenes`, `scenes[3]/refine`): its items by status, kept by the reducers. */
  progress: PMap<Progress>;
  /** Each container's body node ids (from the pinned spec): when an item has done its work. */
  bodies: Readonly<Record<string, readonly string[]>>;
};

export type { Progress, ScopeRun };
