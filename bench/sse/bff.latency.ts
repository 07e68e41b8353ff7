/**
 * Latency of run events through the web BFF (`runs.events`, the tRPC v11 subscription that
 * relays the engine's SSE), beside the same events read straight from the upstream.
 *
 * The upstream is a stand-in for the engine's SSE endpoint: it writes the engine's wire
 * format (`id` / `event` / `data`, heartbeats) at 200 events/s, stamping each event with
 * the moment it was written. The BFF is the app's /api/trpc handler (`createTrpcHandler`:
 * runs.events through the live-run hub, server/live) on Node's http server, i.e. a real HTTP
 * hop with what Next's route handler serves. Subscribers read over HTTP and
 * parse with our SSE parser. Everything runs in this one process (one clock): the figure
 * is the BFF's added cost, to add to the engine's commit-to-arrival figure (bench_sse.py).
 *
 * Run: cd web && npx vitest run --config ../bench/sse/vitest.config.mts
 */
/* global test, expect -- vitest globals: this file lives outside web/, where `vitest` does not resolve */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { createEngineClient } from "@/server/engine/client";
import { readSse } from "@/server/engine/sse";
import { createTrpcHandler } from "@/server/live/events-route";
import { serveFetch } from "@/server/live/node";
import type { Context } from "@/server/trpc/init";

const RATE = 200;
const EVENTS = 600;
const RUN = "11111111-2222-4333-8444-555555555555";
const now = () => performance.timeOrigin + performance.now();

/** The upstream: one broadcast at RATE events/s to every connected subscriber. */
async function upstream(subscribers: number) {
  const clients = new Set<ServerResponse>();
  /** Streams opened so far: through the BFF, each subscriber's access check opens one (closed once it joins the run's hub). */
  let opened = 0;
  let connected!: () => void;
  const allConnected = new Promise<void>((resolve) => (connected = resolve));
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" });
    res.write(": heartbeat\n\n");
    clients.add(res);
    req.on("close", () => clients.delete(res));
    if (++opened === subscribers) connected();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const send = (seq: number, type: string) => {
    const data = JSON.stringify({ type, run_id: RUN, at: new Date().toISOString(), node_id: "n", message: `event ${seq}`, sent: now() });
    const frame = `id: ${seq}\nevent: ${type}\ndata: ${data}\n\n`;
    for (const c of clients) c.write(frame);
  };
  const produce = async () => {
    await allConnected;
    await new Promise((r) => setTimeout(r, 300));
    const start = performance.now();
    for (let i = 1; i <= EVENTS; i++) {
      send(i, "step.log");
      const due = start + (i * 1000) / RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
    send(EVENTS + 1, "run.succeeded");
    for (const c of clients) c.end();
    return (EVENTS * 1000) / (performance.now() - start);
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, produce, close: () => new Promise((r) => server.close(r)) };
}

/** The BFF: the app's /api/trpc handler over HTTP, its engine client pointed at the upstream. */
async function bff(engineUrl: string) {
  const ctx: Context = {
    session: { accessToken: "bench", claims: { sub: "bench", role: "authenticated", aud: "authenticated", exp: 0, iat: 0, iss: "bench", aal: "aal1", session_id: "s" } },
    engine: createEngineClient({ baseUrl: engineUrl, accessToken: "bench" }),
  };
  // The upstream serves any path: point the events path at it.
  const server = serveFetch(createTrpcHandler({ endpoint: "", createContext: () => ctx }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const input = encodeURIComponent(JSON.stringify({ runId: RUN }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/runs.events?input=${input}`, close: () => new Promise((r) => server.close(r)) };
}

/** Reads one subscriber's stream; the latency of every event that carries a `sent` stamp. */
async function subscribe(url: string, latencies: number[]) {
  const res = await fetch(url, { headers: { accept: "text/event-stream" } });
  for await (const message of readSse(res.body!)) {
    if (!message.data.startsWith("{")) continue;
    const event = JSON.parse(message.data) as { type?: string; sent?: number };
    if (typeof event.sent === "number") latencies.push(now() - event.sent);
    if (event.type === "run.succeeded") return;
  }
}

const pct = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] ?? NaN;
};

async function measure(subscribers: number, through: "upstream" | "bff") {
  const engine = await upstream(subscribers);
  const web = through === "bff" ? await bff(engine.url) : null;
  const latencies: number[] = [];
  const readers = Array.from({ length: subscribers }, () => subscribe(web ? web.url : `${engine.url}/api/v1/runs/${RUN}/events`, latencies));
  const rate = await engine.produce();
  await Promise.all(readers);
  await web?.close();
  await engine.close();
  return { p50_ms: pct(latencies, 0.5), p99_ms: pct(latencies, 0.99), delivered: latencies.length / ((EVENTS + 1) * subscribers), rate_per_s: rate };
}

test("BFF relay latency at 200 events/s, 1 and 50 subscribers", async () => {
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const subscribers of [1, 50]) {
    results[`upstream_direct_${subscribers}_subscribers`] = await measure(subscribers, "upstream");
    results[`through_bff_${subscribers}_subscribers`] = await measure(subscribers, "bff");
  }
  const lines = [`${"".padEnd(34)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"delivered".padStart(11)}${"events/s".padStart(10)}`];
  for (const [name, r] of Object.entries(results)) {
    lines.push(`${name.padEnd(34)}${r.p50_ms.toFixed(2).padStart(9)}${r.p99_ms.toFixed(2).padStart(9)}${`${Math.round(r.delivered * 100)}%`.padStart(11)}${r.rate_per_s.toFixed(0).padStart(10)}`);
  }
  console.log(lines.join("\n"));
  const out = fileURLToPath(new URL(`../results/sse-bff-${new Date().toISOString().replace(/[:.]/g, "")}.json`, import.meta.url));
  mkdirSync(fileURLToPath(new URL("../results/", import.meta.url)), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2));
  for (const r of Object.values(results)) expect(r.delivered).toBe(1);
});
