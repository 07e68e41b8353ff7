import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";

import { appRouter } from "@/server/routers/_app";

import { fakeEngine } from "../fake-engine";

const RUN = "11111111-2222-4333-8444-555555555555";

/** The BFF's SSE response, end to end through tRPC's fetch adapter (as /api/trpc serves it). */
describe("runs.events over HTTP", () => {
  it("streams with headers that stop proxies buffering, and tracked ids the browser resumes from", async () => {
    // Given an engine stream of two events
    const engine = fakeEngine(() => {
      const body = `id: 4\nevent: step.started\ndata: {"type":"step.started","node_id":"a"}\n\nid: 5\nevent: run.succeeded\ndata: {"type":"run.succeeded"}\n\n`;
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });
    // When the browser's EventSource reconnects with Last-Event-ID: 3
    const input = encodeURIComponent(JSON.stringify({ runId: RUN, lastEventId: "2" }));
    const req = new Request(`http://web/api/trpc/runs.events?input=${input}`, { headers: { "last-event-id": "3" } });
    const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => engine.context() });

    // Then the response is an unbuffered event stream
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const text = await res.text();
    // and the engine was asked to resume after the browser's Last-Event-ID (it wins over the input's)
    expect(engine.calls[0]!.headers.get("last-event-id")).toBe("3");
    // and each durable event carries its seq as the SSE id
    expect(text).toMatch(/id: 4\n/);
    expect(text).toMatch(/id: 5\n/);
    expect(text).toContain('"node_id":"a"');
  });
});
