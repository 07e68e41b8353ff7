import { isTrackedEnvelope, TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { fakeEngine, type EngineCall } from "../fake-engine";

const RUN = "11111111-2222-4333-8444-555555555555";
const WF = "99999999-2222-4333-8444-555555555555";

const header = (call: EngineCall, name: string) => call.headers.get(name);

const run = (over: Record<string, unknown> = {}) => ({
  id: RUN,
  workflow_id: WF,
  workflow_version: 1,
  status: "queued",
  inputs: {},
  cost_usd: 0,
  tokens_in: 0,
  tokens_out: 0,
  last_event_seq: 1,
  created_at: "2026-01-01T00:00:00Z",
  ...over,
});

describe("runs queries and mutations", () => {
  it("start posts the inputs with an Idempotency-Key, forwarding the user's token", async () => {
    // Given an engine that accepts the run
    const engine = fakeEngine(() => Response.json(run(), { status: 202 }));
    // When a run is started
    const result = await engine.caller().runs.start({ workflowId: WF, inputs: { topic: "owls" }, idempotencyKey: "key-12345678" });
    // Then the engine got the inputs, the key and the token
    expect(result.id).toBe(RUN);
    const call = engine.calls[0]!;
    expect(call.url.pathname).toBe(`/api/v1/workflows/${WF}/runs`);
    expect(call.method).toBe("POST");
    expect(call.body).toEqual({ inputs: { topic: "owls" } });
    expect(header(call, "idempotency-key")).toBe("key-12345678");
    expect(header(call, "authorization")).toBe("Bearer tok");
  });

  it("list passes filters and the cursor as the engine's query parameters", async () => {
    const engine = fakeEngine(() => Response.json({ items: [run({ status: "failed", failed_node_id: "fetch" })], next_cursor: "c2" }));
    const page = await engine.caller().runs.list({ workflowId: WF, status: "failed", cursor: "c1", limit: 10 });
    expect(page.next_cursor).toBe("c2");
    expect(page.items[0]!.failed_node_id).toBe("fetch");
    expect(Object.fromEntries(engine.calls[0]!.url.searchParams)).toEqual({ workflow_id: WF, status: "failed", cursor: "c1", limit: "10" });
  });

  it("list accepts what useInfiniteQuery adds (direction)", async () => {
    const engine = fakeEngine(() => Response.json({ items: [], next_cursor: null }));
    await engine.caller().runs.list({ status: null, limit: 25, direction: "forward" } as never);
    expect(engine.calls[0]!.url.searchParams.has("direction")).toBe(false);
  });

  it("decide sends the decision, and an edited output only when given", async () => {
    const engine = fakeEngine(() => Response.json(run({ status: "running" })));
    const caller = engine.caller().runs;
    await caller.decide({ runId: RUN, nodeId: "review", approved: true, comment: "ok", output: { title: "New" } });
    await caller.decide({ runId: RUN, nodeId: "review", approved: false });
    expect(engine.calls[0]!.url.pathname).toBe(`/api/v1/runs/${RUN}/steps/review/decision`);
    expect(engine.calls[0]!.body).toEqual({ approved: true, comment: "ok", output: { title: "New" } });
    expect(engine.calls[1]!.body).toEqual({ approved: false });
    expect(engine.calls[0]!.url.search).toBe("");
  });

  it("decide names the iteration of an approval inside a map", async () => {
    const engine = fakeEngine(() => Response.json(run({ status: "running" })));
    await engine.caller().runs.decide({ runId: RUN, nodeId: "review", approved: true, scope: "scenes[3]" });
    expect(engine.calls[0]!.url.pathname).toBe(`/api/v1/runs/${RUN}/steps/review/decision`);
    expect(engine.calls[0]!.url.searchParams.get("scope")).toBe("scenes[3]");
  });

  it("retry names the node to start from, or lets the engine pick the failed one", async () => {
    const engine = fakeEngine(() => Response.json(run(), { status: 202 }));
    const caller = engine.caller().runs;
    await caller.retry({ runId: RUN, fromNode: "write" });
    await caller.retry({ runId: RUN });
    expect(engine.calls[0]!.body).toEqual({ from_node: "write" });
    expect(engine.calls[1]!.body).toEqual({});
  });

  it("retry re-runs one item of a map, or every failed one, and refuses a bad item", async () => {
    // Given a run whose map `scenes` had failed items
    const engine = fakeEngine(() => Response.json(run(), { status: 202 }));
    const caller = engine.caller().runs;
    // When the user retries item 3, then every failed item
    await caller.retry({ runId: RUN, fromNode: "scenes", items: [3] });
    await caller.retry({ runId: RUN, fromNode: "scenes", items: "failed" });
    // Then the engine is asked for exactly those
    expect(engine.calls[0]!.body).toEqual({ from_node: "scenes", items: [3] });
    expect(engine.calls[1]!.body).toEqual({ from_node: "scenes", items: "failed" });
    // And a negative index or an empty list is refused before the engine is called
    await expect(caller.retry({ runId: RUN, fromNode: "scenes", items: [-1] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.retry({ runId: RUN, fromNode: "scenes", items: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(engine.calls).toHaveLength(2);
  });

  it("list gives a run's child runs", async () => {
    const engine = fakeEngine(() => Response.json({ items: [run({ parent_run_id: RUN, depth: 1 })], next_cursor: null }));
    await engine.caller().runs.list({ parentRunId: RUN });
    expect(Object.fromEntries(engine.calls[0]!.url.searchParams)).toEqual({ parent_run_id: RUN });
  });

  it("maps the engine's 404 to NOT_FOUND and rejects bad ids before calling it", async () => {
    const engine = fakeEngine(() => Response.json({ status_code: 404, detail: "run not found" }, { status: 404 }));
    const caller = engine.caller().runs;
    await expect(caller.get({ id: RUN })).rejects.toMatchObject({ code: "NOT_FOUND", message: "run not found" });
    await expect(caller.get({ id: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.decide({ runId: RUN, nodeId: "../x", approved: true })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(engine.calls).toHaveLength(1);
  });

  it("launchInfo gives the workflow's input declarations", async () => {
    const engine = fakeEngine(() => Response.json({ id: WF, name: "Video", current_version: 3, spec: { schema: "orrery.workflow/v1", inputs: { topic: { type: "string", required: true } } } }));
    await expect(engine.caller().runs.launchInfo({ workflowId: WF })).resolves.toEqual({ id: WF, name: "Video", currentVersion: 3, inputs: { topic: { type: "string", required: true } } });
  });

  it("refuses a signed-out caller", async () => {
    const engine = fakeEngine(() => Response.json({}));
    const error = await engine.caller(null).runs.list().catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });
});

// -- runs.events ------------------------------------------------------------------------

/** A run's durable events, seq 1..n, with a live-only delta after seq 2. */
function history(n: number) {
  return Array.from({ length: n }, (_, i) => ({ seq: i + 1, type: i + 1 === n ? "run.succeeded" : "step.log", run_id: RUN, at: "2026-01-01T00:00:00Z", node_id: "a", message: `m${i + 1}` }));
}

function sseBody(events: ReturnType<typeof history>, after: number) {
  let text = ": heartbeat\n\n";
  for (const e of events.filter((e) => e.seq > after)) {
    text += `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
    if (e.seq === 2) text += `event: step.delta\ndata: ${JSON.stringify({ type: "step.delta", run_id: RUN, node_id: "a", text: "tok", at: e.at })}\n\n`;
  }
  return text;
}

/** An engine serving the SSE contract: resumes after Last-Event-ID, 204 when nothing is left. */
function sseEngine(events: ReturnType<typeof history>) {
  return fakeEngine(({ url, headers }) => {
    const after = Number(headers.get("last-event-id") ?? url.searchParams.get("after") ?? 0);
    if (after >= events.length) return new Response(null, { status: 204 });
    const bytes = new TextEncoder().encode(sseBody(events, after));
    // Sent in small chunks, as a network would.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
        controller.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
}

type Item = { id: string | null; type: string };

async function collect(iterable: AsyncIterable<unknown>, stopAfter = Infinity): Promise<Item[]> {
  const out: Item[] = [];
  for await (const value of iterable) {
    if (isTrackedEnvelope<{ type: string }>(value)) out.push({ id: value[0], type: value[1].type });
    else out.push({ id: null, type: (value as { type: string }).type });
    if (out.length >= stopAfter) break;
  }
  return out;
}

describe("runs.events", () => {
  it("relays durable events as tracked(seq) and deltas untracked, then ends with the stream", async () => {
    // Given a run with 4 durable events
    const engine = sseEngine(history(4));
    // When a client subscribes from the start
    const items = await collect(await engine.caller().runs.events({ runId: RUN }));
    // Then it gets every event in order, the delta without an id, and the subscription ends
    expect(items).toEqual([
      { id: "1", type: "step.log" },
      { id: "2", type: "step.log" },
      { id: null, type: "step.delta" },
      { id: "3", type: "step.log" },
      { id: "4", type: "run.succeeded" },
    ]);
    const call = engine.calls[0]!;
    expect(call.url.pathname).toBe(`/api/v1/runs/${RUN}/events`);
    expect(header(call, "last-event-id")).toBeNull();
    expect(header(call, "authorization")).toBe("Bearer tok");
    expect(header(call, "accept")).toBe("text/event-stream");
  });

  it("resumes after the lastEventId the client sends, for every k: each durable event exactly once", async () => {
    const events = history(9);
    for (let k = 1; k < events.length; k++) {
      // Given a client whose connection dropped after its k-th durable event
      const engine = sseEngine(events);
      const first = (await collect(await engine.caller().runs.events({ runId: RUN }), Infinity)).filter((i) => i.id !== null).slice(0, k);
      const lastEventId = first.at(-1)!.id!;
      // When it resubscribes with that id (what httpSubscriptionLink does on reconnect)
      const rest = await collect(await engine.caller().runs.events({ runId: RUN, lastEventId }));
      // Then the engine was asked to resume after it, and nothing is missing or repeated
      expect(header(engine.calls[1]!, "last-event-id")).toBe(lastEventId);
      const ids = [...first, ...rest].filter((i) => i.id !== null).map((i) => Number(i.id));
      expect(ids).toEqual(events.map((e) => e.seq));
    }
  });

  it("ends at once when the engine has nothing more (204 after the terminal event)", async () => {
    const engine = sseEngine(history(3));
    expect(await collect(await engine.caller().runs.events({ runId: RUN, lastEventId: "3" }))).toEqual([]);
    expect(header(engine.calls[0]!, "last-event-id")).toBe("3");
  });

  it("passes the request's abort signal to the engine fetch", async () => {
    // Given a live stream that never ends on its own
    let cancelled = false;
    const engine = fakeEngine(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(`id: 1\nevent: run.started\ndata: {"type":"run.started"}\n\n`));
            },
            cancel() {
              cancelled = true;
            },
          }),
          { headers: { "content-type": "text/event-stream" } },
        ),
    );
    const controller = new AbortController();
    const iterable = await engine.caller(undefined, { signal: controller.signal }).runs.events({ runId: RUN });
    const iterator = iterable[Symbol.asyncIterator]();
    await iterator.next();
    // When the browser goes away
    controller.abort();
    await iterator.return?.();
    // Then the engine request's signal is aborted and the body released
    const signal = engine.calls[0]!.signal;
    expect(signal.aborted).toBe(true);
    expect(cancelled).toBe(true);
  });

  it("turns an engine error into a tRPC error (a foreign run is NOT_FOUND)", async () => {
    const engine = fakeEngine(() => Response.json({ status_code: 404, detail: "run not found" }, { status: 404 }));
    const iterable = await engine.caller().runs.events({ runId: RUN });
    const error = await collect(iterable).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
  });

  it("rejects a malformed lastEventId", async () => {
    const engine = sseEngine(history(2));
    await expect(engine.caller().runs.events({ runId: RUN, lastEventId: "1; drop" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
