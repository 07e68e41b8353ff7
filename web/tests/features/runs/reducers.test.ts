import { describe, expect, it } from "vitest";

import { costLabel } from "@/features/runs/format";
import { applyRunEvent, REDUCERS } from "@/features/runs/state/reducers";
import { seedRunState } from "@/features/runs/state/seed";
import { currentAttempt, edgeState, failedNodeId, nodeElapsedMs, nodeStatus, rateLimitHold, someCostUnknown, streamedText, waitingForRateLimit } from "@/features/runs/state/selectors";
import type { RunEvent, RunRead, RunState } from "@/features/runs/state/types";

const RUN = "run-1";
const T0 = "2026-01-01T00:00:00.000Z";
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

function runRead(over: Partial<RunRead> = {}): RunRead {
  return {
    id: RUN,
    workflow_id: "wf-1",
    workflow_version: 2,
    workflow_name: "Video",
    status: "queued",
    inputs: { topic: "owls" },
    cost_usd: 0,
    tokens_in: 0,
    tokens_out: 0,
    last_event_seq: 1,
    created_at: T0,
    depth: 0,
    trigger_kind: "manual", kind: "run",
    steps: [],
    ...over,
  };
}

type StepRead = NonNullable<RunRead["steps"]>[number];
const step = (over: Partial<StepRead>): StepRead => ({ id: `s-${over.node_id}-${over.attempt ?? 1}`, node_id: "write", attempt: 1, status: "queued", handled: false, created_at: T0, cost_usd: 0, cost_unknown: false, cached: false, tokens_in: 0, tokens_out: 0, executions: 1, ...over });

const fresh = (): RunState => seedRunState(runRead(), ["input", "write", "review", "out"]);
const ev = <T extends RunEvent["type"]>(type: T, fields: Record<string, unknown> = {}) => ({ type, run_id: RUN, at: at(0), ...fields }) as unknown as Extract<RunEvent, { type: T }>;
const apply = (state: RunState, ...events: [RunEvent, number | null][]) => events.reduce((s, [e, seq]) => applyRunEvent(s, e, seq), state);

describe("one reducer per run event", () => {
  it("has a reducer for every event type of the contract", () => {
    expect(Object.keys(REDUCERS).sort()).toEqual(
      [
        "run.queued", "run.started", "run.waiting", "run.succeeded", "run.failed", "run.cancelled",
        "step.queued", "step.started", "step.log", "step.retrying", "step.waiting", "step.held", "step.resumed", "step.succeeded", "step.failed", "step.skipped", "step.cancelled", "step.delta",
      ].sort(),
    );
  });

  it("run.queued re-queues a finished run (a retry) and clears its error and outputs", () => {
    const failed = REDUCERS["run.failed"](fresh(), ev("run.failed", { error: { code: "x", message: "boom", node_id: "write" }, at: at(5) }));
    const state = REDUCERS["run.queued"](failed, ev("run.queued", { workflow_id: "wf-1", version: 2, inputs: { topic: "owls" } }));
    expect(state.run).toMatchObject({ status: "queued", error: null, outputs: null, finishedAt: null });
  });

  it("run.started marks the run running and keeps the first start time", () => {
    const once = REDUCERS["run.started"](fresh(), ev("run.started", { at: at(1) }));
    const twice = REDUCERS["run.started"](once, ev("run.started", { at: at(9) }));
    expect(twice.run.status).toBe("running");
    expect(twice.run.startedAt).toBe(at(1));
  });

  it("run.waiting lists the nodes waiting for a person", () => {
    const state = REDUCERS["run.waiting"](fresh(), ev("run.waiting", { waiting_nodes: ["review"] }));
    expect(state.run).toMatchObject({ status: "waiting", waitingNodes: ["review"] });
  });

  it("run.succeeded records outputs, usage and duration", () => {
    const started = REDUCERS["run.started"](fresh(), ev("run.started", { at: at(0) }));
    const state = REDUCERS["run.succeeded"](started, ev("run.succeeded", { at: at(3), outputs: { script: "hi" }, usage: { tokens_in: 10, tokens_out: 20, cost_usd: 0.5 } }));
    expect(state.run).toMatchObject({ status: "succeeded", outputs: { script: "hi" }, tokensIn: 10, tokensOut: 20, costUsd: 0.5, durationMs: 3000, finishedAt: at(3) });
  });

  it("run.failed records the error with its node", () => {
    const state = REDUCERS["run.failed"](fresh(), ev("run.failed", { at: at(2), duration_ms: 1500, error: { code: "http_status", message: "502", node_id: "write" } }));
    expect(state.run).toMatchObject({ status: "failed", durationMs: 1500 });
    expect(failedNodeId(state)).toBe("write");
  });

  it("run.cancelled ends the run with its reason", () => {
    const state = REDUCERS["run.cancelled"](fresh(), ev("run.cancelled", { reason: "by the user" }));
    expect(state.run.status).toBe("cancelled");
    expect(state.run.error?.message).toBe("by the user");
  });

  it("step.queued creates the node's attempt as queued", () => {
    const state = REDUCERS["step.queued"](fresh(), ev("step.queued", { node_id: "write", attempt: 1 }));
    expect(nodeStatus(state, "write")).toBe("queued");
    expect(nodeStatus(state, "review")).toBe("pending");
  });

  it("step.started makes the node running with its rendered input", () => {
    const state = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(1), input: { topic: "owls" } }));
    expect(currentAttempt(state.nodes.write)).toMatchObject({ status: "running", startedAt: at(1), input: { topic: "owls" } });
    expect(nodeElapsedMs(currentAttempt(state.nodes.write), Date.parse(at(4)))).toBe(3000);
  });

  it("step.log appends to the node's logs (tool calls included), with their seq", () => {
    const one = REDUCERS["step.log"](fresh(), ev("step.log", { node_id: "write", message: "calling search", level: "info", data: { tool: "search" } }), 4);
    const two = REDUCERS["step.log"](one, ev("step.log", { node_id: "write", message: "done" }), 5);
    expect(two.nodes.write!.logs.map((l) => [l.seq, l.message, l.level])).toEqual([
      [4, "calling search", "info"],
      [5, "done", "info"],
    ]);
    expect(two.nodes.write!.logs[0]!.data).toEqual({ tool: "search" });
  });

  it("step.retrying fails the attempt with its error and the delay before the next", () => {
    const started = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(0) }));
    const state = REDUCERS["step.retrying"](started, ev("step.retrying", { node_id: "write", attempt: 1, at: at(2), delay_s: 1.5, error: { code: "timeout", message: "slow", retryable: true } }));
    expect(currentAttempt(state.nodes.write)).toMatchObject({ status: "failed", retryDelayS: 1.5, durationMs: 2000, error: { code: "timeout" } });
    // and the next attempt is a new entry, the old one kept
    const next = REDUCERS["step.started"](state, ev("step.started", { node_id: "write", attempt: 2, at: at(4) }));
    expect(next.nodes.write!.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, "failed"],
      [2, "running"],
    ]);
  });

  it("step.started with an input over the event's limit keeps only its size, never over a whole input", () => {
    // Given a step whose input was too large for its event
    const marker = { truncated: true, bytes: 70_000 };
    const state = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(1), input: marker }));
    // Then the model knows its size, not a fake input
    expect(currentAttempt(state.nodes.write)).toMatchObject({ status: "running", input: null, inputBytes: 70_000 });
    // and a marker arriving for an attempt whose whole input the snapshot gave keeps that input
    const seeded = seedRunState(runRead({ steps: [step({ node_id: "write", status: "queued", input: { inputs: { topic: "owls" } } })] }), ["write"]);
    const again = REDUCERS["step.started"](seeded, ev("step.started", { node_id: "write", attempt: 1, at: at(1), input: marker }));
    expect(currentAttempt(again.nodes.write)).toMatchObject({ input: { inputs: { topic: "owls" } }, inputBytes: null });
  });

  it("step.waiting parks the node with what the reviewer sees", () => {
    const state = REDUCERS["step.waiting"](fresh(), ev("step.waiting", { node_id: "review", attempt: 1, output: { message: "OK?", value: "draft" } }));
    expect(currentAttempt(state.nodes.review)).toMatchObject({ status: "waiting", output: { message: "OK?", value: "draft" } });
  });

  it("step.succeeded records output, handles, usage and adds the usage to the run", () => {
    const started = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(0) }));
    const withText = REDUCERS["step.delta"](started, ev("step.delta", { node_id: "write", attempt: 1, text: "Hel" }));
    const state = REDUCERS["step.succeeded"](withText, ev("step.succeeded", { node_id: "write", attempt: 1, at: at(2), output: "Hello", handles: ["approved"], duration_ms: 1900, usage: { tokens_in: 5, tokens_out: 7, cost_usd: 0.01, model: "demo" } }));
    expect(currentAttempt(state.nodes.write)).toMatchObject({ status: "succeeded", output: "Hello", handles: ["approved"], durationMs: 1900, model: "demo", tokensIn: 5, tokensOut: 7 });
    expect(state.run).toMatchObject({ tokensIn: 5, tokensOut: 7, costUsd: 0.01 });
  });

  it("step.succeeded of a pure step whose start was not stored gives when it started and what it read", () => {
    // Given a transform that started and succeeded in one commit: its start went live only (no seq)
    const live = applyRunEvent(fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(1), input: { inputs: { topic: "owls" } } }), null);
    expect(nodeStatus(live, "write")).toBe("running");
    expect(live.lastSeq).toBe(1);
    const done = ev("step.succeeded", { node_id: "write", attempt: 1, at: at(1.25), output: "OWLS", duration_ms: 250, started_at: at(1), input: { inputs: { topic: "owls" } } });
    const watched = applyRunEvent(live, done, 2);
    // When a page that never saw the live start (it reconnected) gets the stored success alone
    const reconnected = applyRunEvent(fresh(), done, 2);
    // Then both show the step succeeded, with its start time, duration and input
    for (const state of [watched, reconnected]) {
      expect(currentAttempt(state.nodes.write)).toMatchObject({ status: "succeeded", output: "OWLS", startedAt: at(1), finishedAt: at(1.25), durationMs: 250, input: { inputs: { topic: "owls" } } });
      expect(state.lastSeq).toBe(2);
    }
    // and a success without a start of its own (an HTTP step's, whose start was stored) keeps the input it had
    const started = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(0), input: { url: "x" } }));
    const http = REDUCERS["step.succeeded"](started, ev("step.succeeded", { node_id: "write", attempt: 1, at: at(2), output: 200, started_at: null, input: null }));
    expect(currentAttempt(http.nodes.write)).toMatchObject({ startedAt: at(0), input: { url: "x" } });
  });

  it("a live start that arrives after the stored success it was folded into leaves the step finished", () => {
    // Given a page that replayed a transform's stored success (its start folded in), and a map item's too
    const done = ev("step.succeeded", { node_id: "write", attempt: 1, at: at(1.25), output: "OWLS", duration_ms: 250, started_at: at(1), input: { inputs: { topic: "owls" } } });
    const item = ev("step.succeeded", { node_id: "shape", attempt: 1, at: at(1.5), output: 1, started_at: at(1.4), scope: "scenes[0]" });
    const replayed = applyRunEvent(applyRunEvent(fresh(), done, 2), item, 3);
    // When the live starts the stream got meanwhile come after (no seq)
    const late = applyRunEvent(
      applyRunEvent(replayed, ev("step.started", { node_id: "write", attempt: 1, at: at(1), input: { inputs: { topic: "owls" } } }), null),
      ev("step.started", { node_id: "shape", attempt: 1, at: at(1.4), scope: "scenes[0]" }),
      null,
    );
    // Then the steps stay succeeded, with their times
    expect(late).toBe(replayed);
    expect(currentAttempt(late.nodes.write)).toMatchObject({ status: "succeeded", finishedAt: at(1.25), durationMs: 250 });
    // And a stored start of a new attempt (a retry) still makes the step running
    const retried = applyRunEvent(late, ev("step.started", { node_id: "write", attempt: 2, at: at(5) }), 4);
    expect(nodeStatus(retried, "write")).toBe("running");
  });

  it("step.succeeded of a step a test run or fork seeded says where its output came from", () => {
    // Given a fork whose upstream step reused the origin's output (it never started)
    const state = REDUCERS["step.succeeded"](fresh(), ev("step.succeeded", { node_id: "write", attempt: 1, at: at(1), output: "Hello", seeded_from: "origin-run" }));
    // Then the step is finished with that output, marked as reused, and cost this run nothing
    expect(currentAttempt(state.nodes.write)).toMatchObject({ status: "succeeded", output: "Hello", seededFrom: "origin-run" });
    expect(state.run.costUsd).toBe(0);
  });

  it("a step whose model has no known price shows unknown cost, and a cached answer shows as cached, not $0 of a call", () => {
    // Given an agent step answered by a model nobody priced, and one answered from the response cache
    const started = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(0) }));
    const unpriced = REDUCERS["step.succeeded"](started, ev("step.succeeded", { node_id: "write", attempt: 1, at: at(2), output: "Hi", usage: { tokens_in: 50, tokens_out: 9, model: "openai_compatible:llama3.2", cost_unknown: true } }));
    const cached = REDUCERS["step.succeeded"](started, ev("step.succeeded", { node_id: "write", attempt: 1, at: at(2), output: "Hi", usage: { model: "openai:gpt-5", cached: true } }));
    // When the inspector words their cost, Then it says so (a reload from the snapshot says the same)
    expect(costLabel(currentAttempt(unpriced.nodes.write)!)).toBe("unknown cost");
    expect(costLabel(currentAttempt(cached.nodes.write)!)).toBe("$0 (cached)");
    const seeded = seedRunState(runRead({ steps: [step({ node_id: "write", status: "succeeded", cost_unknown: true, tokens_in: 50 })] }), ["write"]);
    expect(costLabel(currentAttempt(seeded.nodes.write)!)).toBe("unknown cost");
    expect(costLabel({ costUsd: 0.0123, costUnknown: false, cached: false })).toBe("$0.01");
    // and the run's total is only a floor once one of its steps has no known price
    expect(someCostUnknown(unpriced)).toBe(true);
    expect(someCostUnknown(cached)).toBe(false);
  });

  it("a running step held by a shared rate limit shows waiting for rate limit until its request goes ahead", () => {
    // Given a running agent step
    const started = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(0) }));
    expect(waitingForRateLimit(started.nodes.write)).toBe(false);

    // When the step.held event says it waits for the provider's limit, Then it shows as waiting for rate limit, with the limit
    const held = REDUCERS["step.held"](started, ev("step.held", { node_id: "write", attempt: 1, at: at(1), reason: "rate_limit", limit: "requests", provider: "openai", allowance: "60 requests per 60 s", retry_after_s: 4, until: at(5) }));
    expect(waitingForRateLimit(held.nodes.write)).toBe(true);
    expect(rateLimitHold(held.nodes.write)).toEqual({ reason: "rate_limit", limit: "requests", provider: "openai", allowance: "60 requests per 60 s", retryAfterS: 4, until: at(5) });
    // (a log line saying so, for humans, changes nothing)
    const logged = REDUCERS["step.log"](held, ev("step.log", { node_id: "write", attempt: 1, at: at(1), message: "Waiting for rate limit: OpenAI allows 60 requests per 60 s for this key (about 4 s)." }), 8);
    expect(waitingForRateLimit(logged.nodes.write)).toBe(true);

    // And once it goes ahead (step.resumed), or ends, it no longer does
    const ahead = REDUCERS["step.resumed"](logged, ev("step.resumed", { node_id: "write", attempt: 1, at: at(5), reason: "rate_limit" }));
    expect(waitingForRateLimit(ahead.nodes.write)).toBe(false);
    const done = REDUCERS["step.succeeded"](held, ev("step.succeeded", { node_id: "write", attempt: 1, at: at(6), output: "Hi" }));
    expect(waitingForRateLimit(done.nodes.write)).toBe(false);
    const failed = REDUCERS["step.retrying"](held, ev("step.retrying", { node_id: "write", attempt: 1, at: at(6), delay_s: 1, error: { code: "model_rate_limited", message: "Too long" } }));
    expect(currentAttempt(failed.nodes.write)?.hold).toBeNull();
  });

  it("a page opened while a step is held shows it from the snapshot's holds, and not once it went ahead", () => {
    // Given a run whose snapshot has a running step held by a limit (and another held, then resumed)
    const held = { seq: 5, type: "step.held" as const, node_id: "write", attempt: 1, at: at(1), reason: "rate_limit" as const, limit: "tokens" as const, provider: "anthropic", allowance: "10000 tokens per 60 s", retry_after_s: 30, until: at(31) };
    const run = runRead({
      steps: [step({ node_id: "write", status: "running" }), step({ node_id: "post", status: "running" })],
      holds: [held, { ...held, seq: 6, node_id: "post" }, { seq: 7, type: "step.resumed", node_id: "post", attempt: 1, at: at(2), reason: "rate_limit" }],
    });

    // When the page seeds its state from it
    const state = seedRunState(run, ["write", "post"]);

    // Then the held step says so, with its limit; the resumed one does not
    expect(rateLimitHold(state.nodes.write)?.allowance).toBe("10000 tokens per 60 s");
    expect(waitingForRateLimit(state.nodes.post)).toBe(false);
  });

  it("step.succeeded of an approval carries the decision's audit: who, when, the comment, an edit", () => {
    // Given an approval waiting for a reviewer
    const waiting = REDUCERS["step.waiting"](fresh(), ev("step.waiting", { node_id: "review", attempt: 1, output: { message: "OK?", value: "draft" } }));
    // When the event of the decision arrives
    const decision = { approved: true, comment: "Shorter is better", decided_by: "user-1", decided_at: at(4), edited: true };
    const state = REDUCERS["step.succeeded"](waiting, ev("step.succeeded", { node_id: "review", attempt: 1, at: at(4), output: { approved: true, value: "Owls" }, handles: ["approved"], decision }));
    // Then the inspector has the audit without reading the run again
    expect(currentAttempt(state.nodes.review)!.decision).toEqual({ approved: true, comment: "Shorter is better", by: "user-1", at: at(4), edited: true, byTimeout: false });
  });

  it("step.failed of a rejected approval carries the decision, and a timeout's has no reviewer", () => {
    const decision = { approved: false, decided_at: at(9), by_timeout: true };
    const state = REDUCERS["step.failed"](fresh(), ev("step.failed", { node_id: "review", attempt: 1, at: at(9), error: { code: "approval_rejected", message: "rejected" }, decision }));
    expect(currentAttempt(state.nodes.review)!.decision).toEqual({ approved: false, comment: null, by: null, at: at(9), edited: false, byTimeout: true });
  });

  it("step.failed records the error and the duration", () => {
    const started = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(0) }));
    const state = REDUCERS["step.failed"](started, ev("step.failed", { node_id: "write", attempt: 1, at: at(1), error: { code: "bad", message: "nope" } }));
    expect(currentAttempt(state.nodes.write)).toMatchObject({ status: "failed", durationMs: 1000, error: { message: "nope" } });
  });

  it("step.skipped marks an untaken branch", () => {
    const state = REDUCERS["step.skipped"](fresh(), ev("step.skipped", { node_id: "review", attempt: 1 }));
    expect(nodeStatus(state, "review")).toBe("skipped");
  });

  it("step.cancelled stops a running node", () => {
    const started = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(0) }));
    const state = REDUCERS["step.cancelled"](started, ev("step.cancelled", { node_id: "write", attempt: 1, at: at(3) }));
    expect(currentAttempt(state.nodes.write)).toMatchObject({ status: "cancelled", durationMs: 3000 });
  });

  it("step.delta streams text into the running attempt", () => {
    const started = REDUCERS["step.started"](fresh(), ev("step.started", { node_id: "write", attempt: 1, at: at(0) }));
    const state = ["Once ", "upon ", "a time"].reduce((s, text) => REDUCERS["step.delta"](s, ev("step.delta", { node_id: "write", attempt: 1, text })), started);
    expect(streamedText(state, "write", currentAttempt(state.nodes.write))).toBe("Once upon a time");
    // and the node itself stays the same object: the graph is not redrawn for tokens
    expect(state.nodes.write).toBe(started.nodes.write);
  });

  it("reducers never mutate the state they are given", () => {
    const before = fresh();
    const snapshot = structuredClone(before);
    REDUCERS["step.started"](before, ev("step.started", { node_id: "write", attempt: 1 }));
    REDUCERS["step.log"](before, ev("step.log", { node_id: "write", message: "x" }));
    REDUCERS["run.started"](before, ev("run.started"));
    expect(before).toEqual(snapshot);
  });
});

describe("applyRunEvent", () => {
  it("drops durable events already applied (seq <= lastSeq) and advances lastSeq", () => {
    // Given a seed at seq 1
    const state = apply(
      fresh(),
      [ev("run.started", { at: at(1) }), 2],
      [ev("step.started", { node_id: "write", at: at(1) }), 3],
      // a replayed event
      [ev("step.started", { node_id: "write", at: at(9) }), 3],
      // a delta: never deduplicated, never moves lastSeq
      [ev("step.delta", { node_id: "write", text: "a" }), null],
      // an event the seed already holds
      [ev("run.queued", { inputs: {} }), 1],
    );
    expect(state.lastSeq).toBe(3);
    expect(state.run.status).toBe("running");
    expect(currentAttempt(state.nodes.write)).toMatchObject({ startedAt: at(1) });
    expect(streamedText(state, "write", currentAttempt(state.nodes.write))).toBe("a");
  });

  it("ignores event types it does not know (a newer engine)", () => {
    const state = applyRunEvent(fresh(), { type: "run.paused", run_id: RUN, at: T0 } as unknown as RunEvent, 2);
    expect(state.run.status).toBe("queued");
    expect(state.lastSeq).toBe(2);
  });

  it("plays a whole run, nodes changing state in order", () => {
    const states: string[] = [];
    const events: [RunEvent, number][] = [
      [ev("run.started"), 2],
      [ev("step.started", { node_id: "input" }), 3],
      [ev("step.succeeded", { node_id: "input", output: { topic: "owls" } }), 4],
      [ev("step.started", { node_id: "review" }), 5],
      [ev("step.waiting", { node_id: "review", output: { message: "ok?" } }), 6],
      [ev("run.waiting", { waiting_nodes: ["review"] }), 7],
      [ev("step.succeeded", { node_id: "review", output: { approved: true }, handles: ["approved"] }), 8],
      [ev("run.succeeded", { outputs: { result: 1 } }), 9],
    ];
    let state = fresh();
    for (const [e, seq] of events) {
      state = applyRunEvent(state, e, seq);
      states.push(`${state.run.status}:${["input", "review"].map((n) => nodeStatus(state, n)).join(",")}`);
    }
    expect(states).toEqual([
      "running:pending,pending",
      "running:running,pending",
      "running:succeeded,pending",
      "running:succeeded,running",
      "running:succeeded,waiting",
      "waiting:succeeded,waiting",
      "waiting:succeeded,succeeded",
      "succeeded:succeeded,succeeded",
    ]);
  });
});

describe("edgeState", () => {
  const edge = (source: string, target: string, handle: string | null = null) => ({ id: `${source}-${target}`, source, target, source_handle: handle });
  const base = () =>
    apply(
      fresh(),
      [ev("step.succeeded", { node_id: "input" }), 2],
      [ev("step.succeeded", { node_id: "review", handles: ["approved"] }), 3],
      [ev("step.started", { node_id: "write" }), 4],
      [ev("step.skipped", { node_id: "out" }), 5],
    );

  it("highlights the taken path, dims untaken branches, animates edges into running nodes", () => {
    const state = base();
    expect(edgeState(state, edge("input", "write"))).toBe("active");
    expect(edgeState(state, edge("review", "write", "approved"))).toBe("active");
    expect(edgeState(state, edge("review", "out", "rejected"))).toBe("untaken");
    expect(edgeState(state, edge("input", "out"))).toBe("untaken");
    expect(edgeState(state, edge("write", "out"))).toBe("idle");
    const done = applyRunEvent(state, ev("step.succeeded", { node_id: "write" }), 6);
    expect(edgeState(done, edge("input", "write"))).toBe("taken");
  });
});
