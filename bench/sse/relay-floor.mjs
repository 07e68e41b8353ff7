// What one Node process can relay to N SSE subscribers, with nothing of ours in the way
// (bench/sse/README.md, "Where the BFF's time goes"): a server process offers 600 small
// events at 200 events/s to every subscriber, either
//   - `trpc`: through a tRPC v11 subscription served by the standalone adapter (the same
//     SSE producer as runs.events: a tracked() id per event, pings on, as the app's init.ts), or
//   - `shared`: each event framed once and the same string written to every response
//     (what a per-run fan-out in the BFF would do),
// and reports the server's CPU per delivered event. Subscribers are raw sockets in another process.
//   node bench/sse/relay-floor.mjs [trpc|shared] [subscribers]
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const require = createRequire(new URL("../../web/package.json", import.meta.url));
const RATE = 200;
const EVENTS = 600;
const [mode = "trpc", count = "50", role = "main"] = process.argv.slice(2);
const subscribers = Number(count);

const event = (seq) => ({ type: "step.log", run_id: "11111111-2222-4333-8444-555555555555", at: new Date().toISOString(), node_id: "n", message: `event ${seq}`, seq });

async function server() {
  const listeners = new Set();
  let connected = 0;
  const started = new Promise((resolve) => (globalThis.go = resolve));
  const produce = async () => {
    await started;
    const t0 = performance.now();
    for (let i = 1; i <= EVENTS + 1; i++) {
      const e = event(i);
      for (const l of listeners) l(e, i > EVENTS);
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + (i * 1000) / RATE - performance.now())));
    }
  };
  let http;
  if (mode === "trpc") {
    const { initTRPC, tracked } = require("@trpc/server");
    const { createHTTPServer } = require("@trpc/server/adapters/standalone");
    const t = initTRPC.create({ sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 45_000 } } });
    const router = t.router({
      events: t.procedure.subscription(async function* ({ signal }) {
        const queue = [];
        let wake = null;
        const listener = (e, last) => {
          queue.push([e, last]);
          wake?.();
        };
        listeners.add(listener);
        if (++connected === subscribers) process.send("ready");
        try {
          for (;;) {
            if (!queue.length) await new Promise((r) => (wake = r));
            wake = null;
            while (queue.length) {
              const [e, last] = queue.shift();
              yield tracked(String(e.seq), e);
              if (last) return;
            }
            if (signal?.aborted) return;
          }
        } finally {
          listeners.delete(listener);
        }
      }),
    });
    http = createHTTPServer({ router });
  } else {
    http = createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.write('event: connected\ndata: {"reconnectAfterInactivityMs":45000}\n\n');
      const listener = (e, last) => {
        // The frame is built by the first listener and reused by every other one.
        e.frame ??= `data: ${JSON.stringify(e)}\nid: ${e.seq}\n\n`;
        res.write(e.frame);
        if (last) res.end("event: return\ndata: \n\n");
      };
      listeners.add(listener);
      req.on("close", () => listeners.delete(listener));
      if (++connected === subscribers) process.send("ready");
    });
  }
  http.listen(0, "127.0.0.1", () => process.send({ port: http.address().port }));
  process.on("message", async (m) => {
    if (m !== "go") return;
    const cpu = process.cpuUsage();
    globalThis.go();
    await produce();
    const used = process.cpuUsage(cpu);
    process.send({ cpuS: (used.user + used.system) / 1e6 });
  });
}

async function main() {
  const child = fork(fileURLToPath(import.meta.url), [mode, count, "server"]);
  const port = await new Promise((r) => child.once("message", (m) => r(m.port)));
  const path = mode === "trpc" ? "/events" : "/";
  let delivered = 0;
  let ended = 0;
  const done = new Promise((resolve) => {
    for (let i = 0; i < subscribers; i++) {
      const socket = connect(port, "127.0.0.1", () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`));
      let tail = "";
      socket.on("data", (chunk) => {
        const text = tail + chunk.toString("latin1");
        let at = text.indexOf("\nid: ");
        while (at !== -1) {
          delivered++;
          at = text.indexOf("\nid: ", at + 5);
        }
        tail = text.slice(-8);
        if (text.includes("event: return")) {
          socket.destroy();
          if (++ended === subscribers) resolve();
        }
      });
    }
  });
  await new Promise((r) => child.on("message", (m) => m === "ready" && r()));
  const load = loadavg()[0];
  child.send("go");
  const { cpuS } = await new Promise((r) => child.on("message", (m) => m?.cpuS !== undefined && r(m)));
  await done;
  child.kill();
  console.log(`${mode.padEnd(7)} ${String(subscribers).padStart(4)} subscribers: ${delivered} of ${(EVENTS + 1) * subscribers} delivered, server CPU ${cpuS.toFixed(2)} s, ${((cpuS / delivered) * 1e6).toFixed(1)} us per delivered event (load ${load.toFixed(2)})`);
}

if (role === "server") await server();
else await main();
