import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";

import { createEngineClient } from "@/server/engine/client";
import { appRouter } from "@/server/routers/_app";
import type { Context } from "@/server/trpc/init";

const RUN = "11111111-2222-4333-8444-555555555555";

/** The BFF's SSE response, end to end through tRPC's fetch adapter (as /api/trpc serves it). */
describe("runs.events over HTTP", () => {
  it("streams with headers that stop proxies buffering, and tracked ids the browser resumes from", async () => {
    // Given an engine stream of two events
    const seen: Headers[] = [];
    const fetch = (async (_url: URL, init: RequestInit) => {
      seen.push(new Headers(init.headers));
      const body = `id: 4\nevent: step.started\ndata: {"type":"step.started","node_id":"a"}\n\nid: 5\nevent: run.succeeded\ndata: {"type":"run.succeeded"}\n\n`;
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    }) as unknown as typeof globalThis.fetch;
    const ctx: Context = {
      session: { accessToken: "tok", claims: { sub: "u", role: "authenticated", aud: "authenticated", exp: 0, iat: 0, iss: "x", aal: "aal1", session_id: "s" } },
      engine: createEngineClient({ baseUrl: "http://engine", accessToken: "tok", fetch }),
    };
    // When the browser's EventSource reconnects with Last-Event-ID: 3
    const input = encodeURIComponent(JSON.stringify({ runId: RUN, lastEventId: "2" }));
    const req = new Request(`http://web/api/trpc/runs.events?input=${input}`, { headers: { "last-event-id": "3" } });
    const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => ctx });

    // Then the response is an unbuffered event stream
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const text = await res.text();
    // and the engine was asked to resume after the browser's Last-Event-ID (it wins over the input's)
    expect(seen[0]!.get("last-event-id")).toBe("3");
    // and each durable event carries its seq as the SSE id
    expect(text).toMatch(/id: 4\n/);
    expect(text).toMatch(/id: 5\n/);
    expect(text).toContain('"node_id":"a"');
  });
});
