/**
 * What `runs.events` streams, in one place for both ways it is served: the tRPC procedure
 * (routers/runs.ts, the client's types and the fallback) and the live hub (./hub.ts, what
 * /api/trpc/runs.events answers). Both read `liveRunEvents` and turn each message into a
 * subscription value by the same rule: a durable event (with a seq) is tracked by its seq, so
 * the client resumes after it; a `step.delta` is untracked (live only).
 */
import { tracked } from "@trpc/server";

import type { EngineClient } from "@/server/engine/client";
import { coalesceDeltas, runEvents, type RunEventMessage, type RunEventsOptions } from "@/server/engine/runs";

/**
 * Streamed tokens of a step reach the browser at most this often (10 times a second): text
 * still reads as streaming, and a 50-wide fan-out sends ~500 messages a second, not ~4,000.
 */
export const DELTA_WINDOW_MS = 100;

/** The run's events after `after` as the browser gets them: the engine's stream, deltas merged. */
export function liveRunEvents(engine: EngineClient, runId: string, opts: RunEventsOptions = {}): AsyncGenerator<RunEventMessage> {
  return coalesceDeltas(runEvents(engine, runId, opts), DELTA_WINDOW_MS);
}

/** The id a message is tracked by, or null for an untracked one. */
export const trackedId = (message: RunEventMessage): string | null => (message.seq === null ? null : String(message.seq));

/** The procedure's value for a message (the hub frames the same id and event: ./hub.ts). */
export function subscriptionValue(message: RunEventMessage) {
  const id = trackedId(message);
  return id === null ? message.event : tracked(id, message.event);
}
