/**
 * The live model of one run, outside React: events are queued as they arrive and applied
 * once per animation frame, all of them, in one pass (`applyRunEvents`); React re-renders
 * once per frame however many events came. When frames are skipped (a busy machine, a
 * hidden tab) the next one applies everything queued since: the model never skips a state,
 * only drawing is coalesced. `stats` counts what the model applied (the live-view benchmark
 * reads it from the page).
 */
import { applyRunEvents, applySeed, type QueuedEvent, type RunShape } from "./machine";
import type { NodeStatus, RunEvent, RunRead, RunState } from "./types";

/** When to apply queued events: the next animation frame (injectable for tests). */
export type FrameScheduler = { request(flush: () => void): () => void };

/**
 * The next animation frame, or 250 ms, whichever comes first: a hidden tab gets no frames,
 * and its model keeps up anyway (timers there run about once a second).
 */
export const animationFrames: FrameScheduler = {
  request(flush) {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      flush();
    };
    const frame = requestAnimationFrame(once);
    const timer = setTimeout(once, 250);
    return () => {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  },
};

export type RunStoreStats = {
  /** Durable events and deltas received from the stream. */
  received: number;
  /** Passes over the queue (one per frame that had events). */
  batches: number;
  /** The largest batch applied in one pass. */
  largestBatch: number;
  /** Step statuses the model took from events, per status (`running: 150` for a 150-node chain). */
  applied: Partial<Record<NodeStatus, number>>;
  /** The `last_event_seq` of the first snapshot: events after it are what the page applied. */
  snapshotSeq: number | null;
};

export type RunStore = ReturnType<typeof createRunStore>;

export function createRunStore(scheduler: FrameScheduler = animationFrames) {
  let state: RunState | null = null;
  let queue: QueuedEvent[] = [];
  let cancelFrame: (() => void) | null = null;
  const listeners = new Set<() => void>();
  const stats: RunStoreStats = { received: 0, batches: 0, largestBatch: 0, applied: {}, snapshotSeq: null };

  const notify = () => {
    for (const listener of listeners) listener();
  };

  /** Applies everything queued, in one pass, then tells React once. */
  const flush = () => {
    cancelFrame = null;
    if (!state || queue.length === 0) return;
    const batch = queue;
    queue = [];
    stats.batches += 1;
    stats.largestBatch = Math.max(stats.largestBatch, batch.length);
    const next = applyRunEvents(state, batch, (change) => (stats.applied[change.status] = (stats.applied[change.status] ?? 0) + 1));
    if (next === state) return;
    state = next;
    notify();
  };

  return {
    getState: (): RunState | null => state,
    /** For `useSyncExternalStore`. */
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** A snapshot from the engine (see `applySeed`): applied at once. */
    seed(run: RunRead, shape: readonly string[] | RunShape) {
      stats.snapshotSeq ??= run.last_event_seq ?? 0;
      const next = applySeed(state, run, shape);
      if (next === state) return;
      state = next;
      notify();
      if (queue.length && !cancelFrame) cancelFrame = scheduler.request(flush);
    },
    /** An event from the stream: applied with the others at the next frame. */
    push(event: RunEvent, seq: number | null) {
      stats.received += 1;
      queue.push({ event, seq });
      if (!cancelFrame && state) cancelFrame = scheduler.request(flush);
    },
    /** Applies what is queued now (the stream ended; tests). */
    flush,
    stats: (): Readonly<RunStoreStats> => stats,
    /** Stops the pending frame (the page went away); queued events stay for `flush`. */
    dispose() {
      cancelFrame?.();
      cancelFrame = null;
    },
  };
}
