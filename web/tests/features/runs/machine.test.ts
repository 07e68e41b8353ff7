import { describe, expect, it } from "vitest";

import { applyRunEvents, applySeed, type QueuedEvent, type StepChange } from "@/features/runs/state/machine";
import { currentAttempt, nodeStatus, streamedText } from "@/features/runs/state/selectors";
import type { RunEvent, RunRead, RunState } from "@/features/runs/state/types";

const RUN = "run-1";
const T0 = "2026-01-01T00:00:00.000Z";
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

type StepRead = NonNullable<RunRead["steps"]>[number];
type LogRead = NonNullable<RunRead["logs"]>[number];

function runRead(over: Partial<RunRead> = {}): RunRead {
  return { id: RUN, workflow_id: "wf-1", workflow_version: 1, workflow_name: "Video", status: "running", inputs: {}, cost_usd: 0, tokens_in: 0, tokens_out: 0, last_event_seq: 1, created_at: T0, depth: 0, trigger_kind: "manual", kind: "run", steps: [], logs: [], ...over };
}
const step = (over: Partial<StepRead>): StepRead => ({ id: `s-${over.node_id}`, node_id: "write", attempt: 1, status: "queued", handled: false, created_at: T0, cost_usd: 0, cost_unknown: false, cached: false, tokens_in: 0, tokens_out: 0, executions: 1, ...over });
const log = (seq: number, node_id: string, message: string, over: Partial<LogRead> = {}): LogRead => ({ seq, node_id, attempt: 1, at: at(seq), level: "info", message, ...over });
const ev = <T extends RunEvent["type"]>(type: T, fields: Record<string, unknown> = {}) => ({ type, run_id: RUN, at: at(0), ...fields }) as unknown as Extract<RunEvent, { type: T }>;
const seed = (state: RunState | null, run: RunRead, nodeIds = ["input", "writer", "review"]) => applySeed(state, run, nodeIds);
const events = (state: RunState, ...batch: [RunEvent, number | null][]) => applyRunEvents(state, batch.map(([event, seq]) => ({ event, seq })));

describe("the snapshot the page opens with", () => {
  it("carries the logs and tool calls committed before the page opened, per step", () => {
    // Given an agent step that called a tool before anyone opened the run
    const run = runRead({
      status: "waiting",
      last_event_seq: 9,
      steps: [step({ node_id: "writer", status: "succeeded" }), step({ node_id: "review", status: "waiting" })],
      logs: [
        log(5, "writer", "Tool call: current_time", { data: { tool: "current_time", call_id: "demo-0", args: {} } }),
        log(6, "writer", "Tool result: current_time", { data: { tool: "current_time", result: "2026-01-01T00:00:06Z" } }),
        log(7, "writer", "Demo `demo`: 12 tokens in, 40 out, $0.000000"),
      ],
    });
    // When the page seeds from it
    const state = seed(null, run);
    // Then the writer's inspector has every line, in order, and the review's has none
    expect(state.nodes.writer!.logs.map((l) => [l.seq, l.message])).toEqual([
      [5, "Tool call: current_time"],
      [6, "Tool result: current_time"],
      [7, "Demo `demo`: 12 tokens in, 40 out, $0.000000"],
    ]);
    expect(state.nodes.writer!.logs[0]!.data).toMatchObject({ tool: "current_time" });
    expect(state.nodes.review!.logs).toEqual([]);
    expect(state.lastSeq).toBe(9);
  });

  it("adds later logs from events once, however the stream replays them", () => {
    // Given the snapshot at seq 7 with one log line
    const opened = seed(null, runRead({ last_event_seq: 7, steps: [step({ node_id: "writer", status: "running" })], logs: [log(6, "writer", "Short-term memory: no agent ran before this one on its path.")] }));
    // When the stream sends what followed, and replays the snapshot's own line
    const state = events(
      opened,
      [ev("step.log", { node_id: "writer", message: "Short-term memory: no agent ran before this one on its path." }), 6],
      [ev("step.log", { node_id: "writer", message: "Tool call: current_time", data: { tool: "current_time" } }), 8],
    );
    // Then each line shows once
    expect(state.nodes.writer!.logs.map((l) => l.seq)).toEqual([6, 8]);
  });
});

describe("a later snapshot (a mutation's answer, the lazy read of an input)", () => {
  const opened = () => seed(null, runRead({ last_event_seq: 5, steps: [step({ node_id: "writer", status: "running", started_at: at(1) })] }));

  it("never moves the view back when the events are ahead of it", () => {
    // Given the stream showed the writer succeeding and the review waiting (seq 8)
    const live = events(
      opened(),
      [ev("step.succeeded", { node_id: "writer", attempt: 1, output: "draft", at: at(3) }), 6],
      [ev("step.waiting", { node_id: "review", attempt: 1, output: { message: "OK?" } }), 7],
      [ev("run.waiting", { waiting_nodes: ["review"] }), 8],
    );
    // When a snapshot read before those events arrives (seq 5: the writer still running)
    const after = seed(live, runRead({ last_event_seq: 5, status: "running", steps: [step({ node_id: "writer", status: "running", started_at: at(1) })] }));
    // Then nothing moved back: it is the same state
    expect(after).toBe(live);
    expect(nodeStatus(after, "writer")).toBe("succeeded");
    expect(after.run.status).toBe("waiting");
  });

  it("fills in the input the event carried only as its size", () => {
    // Given a step started with an input over the event's limit
    const live = events(opened(), [ev("step.started", { node_id: "review", attempt: 1, at: at(2), input: { truncated: true, bytes: 90_000 } }), 6]);
    expect(currentAttempt(live.nodes.review)).toMatchObject({ input: null, inputBytes: 90_000 });
    const big = { inputs: {}, steps: { writer: "x".repeat(90_000) } };
    // When the inspector reads the run again (its snapshot is at seq 6 too)
    const after = seed(live, runRead({ last_event_seq: 6, steps: [step({ node_id: "writer", status: "running" }), step({ node_id: "review", status: "running", input: big })] }));
    // Then the step has its whole input, and the rest of the model is untouched
    expect(currentAttempt(after.nodes.review)).toMatchObject({ input: big, inputBytes: null, status: "running" });
    expect(after.nodes.writer).toBe(live.nodes.writer);
    expect(after.lastSeq).toBe(6);
  });

  it("takes a cancel the user asked for, which no event carries", () => {
    const after = seed(opened(), runRead({ last_event_seq: 5, cancel_requested_at: at(4), steps: [step({ node_id: "writer", status: "running" })] }));
    expect(after.run.cancelRequested).toBe(true);
  });

  it("replaces the model when newer, keeping the text a still-running step streamed", () => {
    // Given the writer streaming tokens
    const streaming = events(opened(), [ev("step.delta", { node_id: "writer", attempt: 1, text: "Once upon" }), null]);
    // When a newer snapshot arrives, the writer still running in it
    const after = seed(streaming, runRead({ last_event_seq: 9, steps: [step({ node_id: "writer", status: "running", started_at: at(1) })] }));
    // Then the tokens shown so far stay
    expect(after.lastSeq).toBe(9);
    expect(streamedText(after, "writer", currentAttempt(after.nodes.writer))).toBe("Once upon");
  });

  it("replaces the model when newer (a retry's answer), keeping the logs an answer without them lacks", () => {
    // Given a failed run the page showed, with a log line and text streamed
    const failed = events(
      opened(),
      [ev("step.delta", { node_id: "writer", attempt: 1, text: "Once upon" }), null],
      [ev("step.log", { node_id: "writer", message: "hello" }), 6],
      [ev("step.failed", { node_id: "writer", attempt: 1, at: at(4), error: { code: "x", message: "boom" } }), 7],
      [ev("run.failed", { at: at(4), error: { code: "x", message: "boom", node_id: "writer" } }), 8],
    );
    // When the retry answers with the run queued again, its failed attempt superseded (no logs in this answer)
    const retried = seed(
      failed,
      runRead({ status: "queued", last_event_seq: 9, logs: null, steps: [step({ node_id: "writer", status: "failed", superseded_at: at(5) })] }),
    );
    // Then the writer is pending again, the run queued, and its log is still there
    expect(retried.run.status).toBe("queued");
    expect(nodeStatus(retried, "writer")).toBe("pending");
    expect(retried.lastSeq).toBe(9);
    expect(retried.nodes.writer!.logs.map((l) => l.message)).toEqual(["hello"]);
  });
});

describe("a batch of events", () => {
  it("applies every event of the batch in one pass, reporting each step status the model took", () => {
    // Given a snapshot of a 3-step chain before it ran
    const opened = seed(null, runRead({ status: "queued", last_event_seq: 1 }), ["a", "b", "c"]);
    // When one frame brings the whole run at once (the page was busy)
    const batch: QueuedEvent[] = [];
    let seq = 1;
    batch.push({ event: ev("run.started"), seq: ++seq });
    for (const id of ["a", "b", "c"]) {
      batch.push({ event: ev("step.queued", { node_id: id, attempt: 1 }), seq: ++seq });
      batch.push({ event: ev("step.started", { node_id: id, attempt: 1 }), seq: ++seq });
      batch.push({ event: ev("step.delta", { node_id: id, attempt: 1, text: "tok" }), seq: null });
      batch.push({ event: ev("step.succeeded", { node_id: id, attempt: 1, output: id }), seq: ++seq });
    }
    batch.push({ event: ev("run.succeeded", { outputs: { c: "c" } }), seq: ++seq });
    const changes: StepChange[] = [];
    const state = applyRunEvents(opened, batch, (c) => changes.push(c));
    // Then the model went through every state, none skipped
    expect(changes.map((c) => `${c.nodeId}:${c.status}`)).toEqual(["a:queued", "a:running", "a:succeeded", "b:queued", "b:running", "b:succeeded", "c:queued", "c:running", "c:succeeded"]);
    expect(state.run.status).toBe("succeeded");
    expect(state.lastSeq).toBe(seq);
  });

  it("is the same whether the events came in one batch or one by one", () => {
    const opened = seed(null, runRead({ status: "queued", last_event_seq: 1 }), ["a", "b"]);
    const all: QueuedEvent[] = [
      { event: ev("run.started"), seq: 2 },
      { event: ev("step.started", { node_id: "a", attempt: 1, at: at(1), input: { x: 1 } }), seq: 3 },
      { event: ev("step.log", { node_id: "a", message: "Tool call: current_time", data: { tool: "current_time" } }), seq: 4 },
      { event: ev("step.succeeded", { node_id: "a", attempt: 1, at: at(2), output: "A", usage: { tokens_in: 3, tokens_out: 4 } }), seq: 5 },
      { event: ev("step.started", { node_id: "b", attempt: 1, at: at(2) }), seq: 6 },
    ];
    const batched = applyRunEvents(opened, all);
    const oneByOne = all.reduce((s, e) => applyRunEvents(s, [e]), opened);
    expect(batched).toEqual(oneByOne);
  });
});
