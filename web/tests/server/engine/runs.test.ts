import { afterEach, describe, expect, it, vi } from "vitest";

import { createEngineClient } from "@/server/engine/client";
import { coalesceDeltas, runEvents, type RunEventMessage } from "@/server/engine/runs";

import { engineFetch } from "../fake-engine";

const RUN = "run-1";
const at = "2026-01-01T00:00:00Z";
const delta = (node_id: string, text: string, attempt = 1): RunEventMessage => ({ seq: null, event: { type: "step.delta", run_id: RUN, at, node_id, attempt, text } });
const durable = (seq: number, type: string, node_id?: string): RunEventMessage => ({ seq, event: { type, run_id: RUN, at, ...(node_id ? { node_id } : {}) } as RunEventMessage["event"] });

/** An engine stream the test feeds by hand; `end()` closes it. */
function channel() {
  const queue: RunEventMessage[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  let returned = false;
  const iterable: AsyncIterable<RunEventMessage> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        while (!queue.length && !ended) await new Promise<void>((r) => (wake = r));
        return queue.length ? { done: false, value: queue.shift()! } : { done: true, value: undefined };
      },
      async return() {
        returned = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return {
    iterable,
    send(...messages: RunEventMessage[]) {
      queue.push(...messages);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    returned: () => returned,
  };
}

const shape = (m: RunEventMessage) => (m.event.type === "step.delta" ? `delta ${m.event.node_id}: ${m.event.text}` : `${m.seq} ${m.event.type}`);

async function all(iterable: AsyncIterable<RunEventMessage>) {
  const out: string[] = [];
  for await (const m of iterable) out.push(shape(m));
  return out;
}

afterEach(() => void vi.useRealTimers());

describe("coalesceDeltas: a step's streamed tokens, merged for the browser", () => {
  it("sends a step's tokens as one delta, before the step's result, and durable events as they are", async () => {
    // Given an engine stream: a step starts, streams four tokens, succeeds; the run ends
    const source = channel();
    source.send(durable(3, "step.started", "writer"), delta("writer", "Once "), delta("writer", "upon "), delta("writer", "a "), delta("writer", "time"), durable(4, "step.succeeded", "writer"), durable(5, "run.succeeded"));
    source.end();
    // When the BFF relays it
    const out = await all(coalesceDeltas(source.iterable, 40));
    // Then the browser gets one delta with the whole text, in its place
    expect(out).toEqual(["3 step.started", "delta writer: Once upon a time", "4 step.succeeded", "5 run.succeeded"]);
  });

  it("keeps each step's text apart when steps stream side by side (a fan-out)", async () => {
    const source = channel();
    source.send(delta("a", "a1 "), delta("b", "b1 "), delta("a", "a2"), delta("b", "b2"), delta("a", "again", 2), durable(9, "step.succeeded", "b"));
    source.end();
    expect(await all(coalesceDeltas(source.iterable, 40))).toEqual(["delta a: a1 a2", "delta b: b1 b2", "delta a: again", "9 step.succeeded"]);
  });

  it("keeps each iteration's text apart when items of a map stream the same body node side by side", async () => {
    // Given two items of a map whose body agent streams at the same time
    const item = (scope: string, text: string): RunEventMessage => ({ seq: null, event: { type: "step.delta", run_id: RUN, at, node_id: "caption", attempt: 1, scope, text } });
    const source = channel();
    source.send(item("scenes[0]", "a1 "), item("scenes[1]", "b1 "), item("scenes[0]", "a2"), item("scenes[1]", "b2"), durable(9, "step.succeeded", "caption"));
    source.end();
    // Then each item gets its own text, under its own scope
    const out: string[] = [];
    for await (const m of coalesceDeltas(source.iterable, 40)) out.push(m.seq === null && m.event.type === "step.delta" ? `${m.event.scope}: ${m.event.text}` : `${m.seq}`);
    expect(out).toEqual(["scenes[0]: a1 a2", "scenes[1]: b1 b2", "9"]);
  });

  it("lets held tokens go when their window closes, though nothing else arrives", async () => {
    vi.useFakeTimers();
    // Given a step streaming, then silence (the model thinks)
    const source = channel();
    const relay = coalesceDeltas(source.iterable, 40)[Symbol.asyncIterator]();
    source.send(delta("writer", "Hel"), delta("writer", "lo"));
    const first = relay.next();
    let settled = false;
    void first.then(() => (settled = true));
    // When less than the window has passed, nothing is sent yet
    await vi.advanceTimersByTimeAsync(30);
    expect(settled).toBe(false);
    // Then, the window closed, the tokens so far go as one delta
    await vi.advanceTimersByTimeAsync(10);
    expect(shape((await first).value as RunEventMessage)).toBe("delta writer: Hello");
    // and what follows still arrives
    source.send(durable(7, "step.succeeded", "writer"));
    expect(shape((await relay.next()).value as RunEventMessage)).toBe("7 step.succeeded");
    source.end();
    expect((await relay.next()).done).toBe(true);
  });

  it("lets go of the engine stream when the browser leaves", async () => {
    const source = channel();
    source.send(durable(1, "run.started"));
    const relay = coalesceDeltas(source.iterable, 40)[Symbol.asyncIterator]();
    await relay.next();
    await relay.return?.(undefined);
    expect(source.returned()).toBe(true);
  });
});

describe("runEvents: the engine's SSE stream, resumed when the engine cuts a slow reader off", () => {
  it("reconnects after the last event it got and goes on until the run's terminal event", async () => {
    // Given an engine that cuts this reader off after event 2 (it fell behind), and replays
    // from event 3 when asked to resume after 2
    const sse = (text: string) => new Response(new Blob([text]).stream(), { status: 200, headers: { "content-type": "text/event-stream" } });
    const ev = (seq: number, type: string) => `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify({ type, run_id: RUN, at })}\n\n`;
    const { calls, fetch } = engineFetch(({ headers }) =>
      headers.has("last-event-id")
        ? sse(ev(3, "step.succeeded") + ev(4, "run.succeeded"))
        : sse(ev(1, "run.started") + ev(2, "step.started") + ": cut off: this client fell behind; resume after 2\n\n"),
    );
    const engine = createEngineClient({ baseUrl: "http://engine", accessToken: "tok", fetch });
    // When the BFF reads the run's events
    const seqs: (number | null)[] = [];
    for await (const m of runEvents(engine, RUN)) seqs.push(m.seq);
    // Then it got every event once, in order, through one reconnection after event 2
    expect(seqs).toEqual([1, 2, 3, 4]);
    expect(calls.map((c) => c.headers.get("last-event-id"))).toEqual([null, "2"]);
  });
});
