/**
 * What the run visualizer knows about a run: the run itself and, per node of the
 * pinned graph, every attempt. Built from `runs.get` (seed.ts), then advanced by run
 * events (reducers.ts). Plain data, so the reducers stay pure and easy to test.
 */
import type { ErrorInfo, RunEventSchema, StepDelta } from "@/server/engine/generated/run-events";
import type { RunRead, RunStatus, StepStatus } from "@/server/engine/runs";

export type { ErrorInfo, RunStatus, StepStatus };
export type RunEvent = RunEventSchema;
export type DurableRunEvent = Exclude<RunEventSchema, StepDelta>;

/** A node that has no step yet is `pending` (not reached, or not scheduled yet). */
export type NodeStatus = StepStatus | "pending";

export type LogEntry = { at: string; level: "debug" | "info" | "warning" | "error"; message: string; data?: Record<string, unknown> | null; attempt: number };

export type Decision = { approved: boolean; comment: string | null; by: string | null; at: string | null; edited: boolean };

/** One attempt of one node. */
export type Attempt = {
  attempt: number;
  status: StepStatus;
  input: unknown;
  output: unknown;
  /** Text streamed by `step.delta` while the attempt runs (the final output replaces it). */
  streamed: string;
  error: ErrorInfo | null;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  handles: string[] | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** While `step.retrying` waits: the delay before the next attempt. */
  retryDelayS: number | null;
  decision: Decision | null;
  /** Set when a retry replaced this attempt's result. */
  superseded: boolean;
};

export type NodeRun = {
  nodeId: string;
  /** Every attempt, oldest first; the last is the current one. */
  attempts: Attempt[];
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
};

export type RunState = {
  run: RunInfo;
  nodes: Record<string, NodeRun>;
  /** The seq of the last durable event applied (the run's `last_event_seq` when seeded). */
  lastSeq: number;
};

export type { RunRead };
