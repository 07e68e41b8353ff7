import { describe, expect, it } from "vitest";

import { nodeStatus } from "@/features/runs/state/selectors";
import { createRunStore, type FrameScheduler } from "@/features/runs/state/store";
import type { RunEvent, RunRead } from "@/features/runs/state/types";

const RUN = "run-1";
const T0 = "2026-01-01T00:00:00.000Z";

const runRead = (over: Partial<RunRead> = {}): RunRead => ({ id: RUN, workflow_id: "wf-1", workflow_version: 1, status: "queued", inputs: {}, cost_usd: 0, tokens_in: 0, tokens_out: 0, last_event_seq: 1, created_at: T0, depth: 0, trigger_kind: "manual", kind: "run", steps: [], logs: [], ...over });
const ev = <T extends RunEvent["type"]>(type: T, fields: Record<string, unknown> = {}) => ({ type, run_id: RUN, at: T0, ...fields }) as unknown as RunEvent;

/** Frames on demand: `frame()` runs what the store asked for, as the browser would at its next paint. */
function manualFrames() {
  let pending: (() => void) | null = null;
  let requests = 0;
  const scheduler: FrameScheduler = {
    request(flush) {
      requests += 1;
      pending = flush;
      return () => void (pending = null);
    },
  };
  return {
    scheduler,
    requests: () => requests,
    frame() {
      const flush = pending;
      pending = null;
      flush?.();
    },
  };
}

/** A chain of `n` agent steps, as the engine streams it: queued, started, tokens, succeeded. */
function chainEvents(n: number) {
  const out: [RunEvent, number | null][] = [];
  let seq = 1;
  out.push([ev("run.started"), ++seq]);
  for (let i = 0; i < n; i++) {
    const node_id = `agent_${i}`;
    out.push([ev("step.queued", { node_id, attempt: 1 }), ++seq]);
    out.push([ev("step.started", { node_id, attempt: 1 }), ++seq]);
    for (const text of ["Once ", "upon ", "a time"]) out.push([ev("step.delta", { node_id, attempt: 1, text }), null]);
    out.push([ev("step.succeeded", { node_id, attempt: 1, output: "Once upon a time" }), ++seq]);
  }
  out.push([ev("run.succeeded", { outputs: {} }), ++seq]);
  return out;
}

describe("the live model, batched per animation frame", () => {
  it("applies every event that arrived since the last frame in one pass, and tells React once", () => {
    // Given a page seeded from its snapshot, listening to the store
    const frames = manualFrames();
    const store = createRunStore(frames.scheduler);
    store.seed(runRead(), ["agent_0", "agent_1"]);
    let renders = 0;
    store.subscribe(() => (renders += 1));
    // When three events arrive between two frames
    store.push(ev("run.started"), 2);
    store.push(ev("step.started", { node_id: "agent_0", attempt: 1 }), 3);
    store.push(ev("step.delta", { node_id: "agent_0", attempt: 1, text: "Hi" }), null);
    // Then nothing is applied before the frame, one frame was asked for ...
    expect(store.getState()!.run.status).toBe("queued");
    expect(frames.requests()).toBe(1);
    // ... and the frame applies all three, with one notification
    frames.frame();
    expect(store.getState()!.run.status).toBe("running");
    expect(nodeStatus(store.getState()!, "agent_0")).toBe("running");
    expect(store.getState()!.lastSeq).toBe(3);
    expect(renders).toBe(1);
    expect(store.stats()).toMatchObject({ received: 3, batches: 1, largestBatch: 3 });
  });

  it("skips no state in the model when frames are skipped: a 150-step chain in three frames", () => {
    // Given a page whose frames come rarely (a loaded machine)
    const frames = manualFrames();
    const store = createRunStore(frames.scheduler);
    const ids = Array.from({ length: 150 }, (_, i) => `agent_${i}`);
    store.seed(runRead(), ids);
    const all = chainEvents(150);
    // When the whole run streams in while only three frames are drawn
    const third = Math.ceil(all.length / 3);
    for (let part = 0; part < 3; part++) {
      for (const [event, seq] of all.slice(part * third, (part + 1) * third)) store.push(event, seq);
      frames.frame();
    }
    // Then the model applied every step's running and succeeded state, and the run's end
    const stats = store.stats();
    expect(stats.batches).toBe(3);
    expect(stats.applied).toEqual({ queued: 150, running: 150, succeeded: 150 });
    expect(store.getState()!.run.status).toBe("succeeded");
    expect(ids.every((id) => nodeStatus(store.getState()!, id) === "succeeded")).toBe(true);
  });

  it("keeps events that arrive before the snapshot until it is there", () => {
    const frames = manualFrames();
    const store = createRunStore(frames.scheduler);
    // Given an event arriving first (nothing to apply it to yet)
    store.push(ev("step.started", { node_id: "agent_0", attempt: 1 }), 3);
    expect(frames.requests()).toBe(0);
    // When the snapshot arrives (seq 2), the event is applied at the next frame
    store.seed(runRead({ last_event_seq: 2, status: "running" }), ["agent_0"]);
    frames.frame();
    expect(nodeStatus(store.getState()!, "agent_0")).toBe("running");
  });

  it("does not notify for a batch of events the snapshot already held", () => {
    const frames = manualFrames();
    const store = createRunStore(frames.scheduler);
    store.seed(runRead({ last_event_seq: 5, status: "running" }), ["agent_0"]);
    const before = store.getState();
    let renders = 0;
    store.subscribe(() => (renders += 1));
    // When the stream replays events up to the snapshot's seq
    store.push(ev("run.started"), 4);
    store.push(ev("step.started", { node_id: "agent_0", attempt: 1 }), 5);
    frames.frame();
    // Then the model and the screen stay as they were
    expect(store.getState()).toBe(before);
    expect(renders).toBe(0);
    expect(store.stats().applied).toEqual({});
  });

  it("stops its pending frame when the page goes away, and applies the queue when asked", () => {
    const frames = manualFrames();
    const store = createRunStore(frames.scheduler);
    store.seed(runRead(), ["agent_0"]);
    store.push(ev("run.started"), 2);
    store.dispose();
    frames.frame();
    expect(store.getState()!.run.status).toBe("queued");
    store.flush();
    expect(store.getState()!.run.status).toBe("running");
  });
});
