/**
 * The engine's run-events endpoint over real HTTP (the outside world for the BFF): GET
 * /api/v1/runs/{id}/events speaking the engine's SSE contract (ARCHITECTURE.md §5): `id:`,
 * `event:`, `data:`; history after `Last-Event-ID`, then live; `step.delta` without an id; the
 * stream ends after the run's terminal event; 204 for an ended run with nothing after; 404 for a
 * token that may not read the run. It counts every stream it opened and those still open, so a
 * test can tell how many engine reads the BFF holds.
 */
import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Stored = { seq: number; type: string; text: string };

class StubRun {
  events: Stored[] = [];
  ended = false;
  readers = new Set<ServerResponse>();
  constructor(readonly allowed: Set<string>) {}
}

const TERMINAL = new Set(["run.succeeded", "run.failed", "run.cancelled"]);

const frame = (e: { seq: number | null; type: string; text: string }) =>
  `${e.seq !== null ? `id: ${e.seq}\n` : ""}event: ${e.type}\ndata: ${e.text}\n\n`;

export async function startStubEngine() {
  const runs = new Map<string, StubRun>();
  let opened = 0;
  /** History events sent on opened streams (what the engine read from Postgres for them). */
  let replayed = 0;
  /** When set, the next opens answer this status (an engine in trouble). */
  let failWith: number | null = null;
  /** Tokens that have expired. */
  const revoked = new Set<string>();

  const server = createServer((req, res) => {
    const match = /^\/api\/v1\/runs\/([^/]+)\/events$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
    const run = match ? runs.get(match[1]!) : undefined;
    const error = (status: number, detail: string) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ status_code: status, detail, errors: [], request_id: "req-1" }));
    };
    if (failWith !== null) return error(failWith, "The database is unavailable.");
    if (revoked.has(token)) return error(401, "The token has expired.");
    if (!run || !run.allowed.has(token)) return error(404, "Run not found.");
    const after = Number(req.headers["last-event-id"] ?? 0);
    const backlog = run.events.filter((e) => e.seq > after);
    if (run.ended && backlog.length === 0) {
      res.writeHead(204);
      return res.end();
    }
    opened++;
    replayed += backlog.length;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.flushHeaders();
    for (const e of backlog) res.write(frame(e));
    if (run.ended) return res.end();
    run.readers.add(res);
    res.on("close", () => run.readers.delete(res));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const runOf = (runId: string) => {
    const run = runs.get(runId);
    if (!run) throw new Error(`no run ${runId}`);
    return run;
  };

  return {
    url,
    /** Engine streams opened so far (each BFF subscriber's check opens one). */
    get opened() {
      return opened;
    },
    /** History events the engine sent on them (each one a read from Postgres). */
    get replayed() {
      return replayed;
    },
    /** Engine streams of the run open now. */
    open: (runId: string) => runOf(runId).readers.size,
    addRun(runId: string, allowedTokens: string[]) {
      runs.set(runId, new StubRun(new Set(allowedTokens)));
    },
    /** Commits a durable event (the next seq) and sends it to every open stream; `extra` adds fields. */
    push(runId: string, type: string, extra: Record<string, unknown> = {}) {
      const run = runOf(runId);
      const seq = (run.events.at(-1)?.seq ?? 0) + 1;
      const e = { seq, type, text: JSON.stringify({ type, run_id: runId, seq, ...extra }) };
      run.events.push(e);
      for (const r of run.readers) r.write(frame(e));
      if (TERMINAL.has(type)) {
        run.ended = true;
        for (const r of run.readers) r.end();
      }
      return seq;
    },
    /** A live-only token delta (no id), to every open stream. */
    delta(runId: string, nodeId: string, text: string) {
      const e = { seq: null, type: "step.delta", text: JSON.stringify({ type: "step.delta", run_id: runId, node_id: nodeId, attempt: 1, text }) };
      for (const r of runOf(runId).readers) r.write(frame(e));
    },
    /** Ends every open stream of the run early (as the engine cuts off a reader), without the terminal event. */
    cut(runId: string) {
      for (const r of runOf(runId).readers) r.end();
    },
    /** The token expires: the engine answers 401 to it from now on. */
    expire(token: string) {
      revoked.add(token);
    },
    failOpens(status: number | null) {
      failWith = status;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

export type StubEngine = Awaited<ReturnType<typeof startStubEngine>>;
