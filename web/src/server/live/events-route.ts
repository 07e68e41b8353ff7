/**
 * GET /api/trpc/runs.events served by the live hub (./hub.ts) instead of tRPC's subscription
 * producer, speaking the same wire format (./wire.ts). What it does per request, as tRPC would:
 *
 * 1. Input: `?input=` JSON, with the `Last-Event-ID` header (or `?lastEventId=`) put in as
 *    `lastEventId` (tRPC's `getLastEventId`, which wins over the input's), validated with the
 *    procedure's own `eventsInput`. Session: the app's `createContext` (createTRPCContext: the
 *    Supabase cookie, verified). A request that is not a signed-in, valid `runs.events` (no
 *    session, bad input, a batch) is handed to tRPC itself with that context, so its error is
 *    tRPC's own, byte for byte.
 * 2. `connected`, then the subscriber's own engine read, opened with its own token after its
 *    position: the engine's access check. A refusal (404 for a run the user cannot see, 400 for
 *    an id not of this run) is sent as tRPC's `serialized-error` (`toTRPCError`); a 204 (the run
 *    has ended) as `return`.
 * 3. Joining: when the run has no hub, this read becomes the hub's upstream. When the hub's buffer
 *    covers the subscriber's position, the read is closed and the subscriber joins (the frames
 *    it missed first). Otherwise it catches up on its own read (durable events, framed for it
 *    alone; deltas skipped) until the buffer covers it, then joins: no gap, no duplicate.
 */
import type { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getErrorShape, getLastEventId, getTRPCErrorFromUnknown, isAbortError, isObject } from "@trpc/server/unstable-core-do-not-import";

import { EngineError, EngineHttpError } from "@/server/engine/errors";
import { openRunEvents, type RunEventMessage } from "@/server/engine/runs";
import { appRouter } from "@/server/routers/_app";
import { eventsInput } from "@/server/routers/runs";
import { toTRPCError } from "@/server/trpc/errors";
import type { Context } from "@/server/trpc/init";

import { type HubOptions, RunHubs, Subscriber } from "./hub";
import { liveRunEvents } from "./run-stream";
import { RETURN_FRAME, SSE_HEADERS, bytes, connectedFrame, errorFrame, trackedFrame } from "./wire";

const PATH = "runs.events";
const config = appRouter._def._config;

export type TrpcHandlerOptions = {
  /** The tRPC endpoint's path ("/api/trpc"). */
  endpoint: string;
  /** The request's context: the session and the user's engine client (createTRPCContext in the app). */
  createContext: (req: Request) => Context | Promise<Context>;
  onError?: OnError;
  /** An upstream (shared by a run's subscribers) failed; every subscriber got the error. */
  onUpstreamError?: (error: TRPCError) => void;
  /** The hubs (one set per process; tests pass their own). */
  hubs?: RunHubs;
  /** A subscriber holding more unsent bytes than this is dropped (default `MAX_PENDING_BYTES`). */
  maxPendingBytes?: number;
};

const serialize = (value: unknown) => JSON.stringify(config.transformer.output.serialize(value));

/** tRPC's `serialized-error` for an error, with the router's error formatter. */
function errorFrameFor(error: unknown, ctx: Context | undefined, input: unknown): string {
  const shape = getErrorShape({ config, ctx, error: toTrpc(error), input, path: PATH, type: "subscription" });
  return errorFrame(serialize(shape));
}

type OnError = Parameters<typeof fetchRequestHandler>[0]["onError"];

const toTrpc = (error: unknown) => (error instanceof EngineError ? toTRPCError(error) : getTRPCErrorFromUnknown(error));

/** A process's hubs; `onError` hears of each upstream that failed (the route logs the unexpected ones). */
export function createRunHubs(onError?: (error: TRPCError) => void, limits: Partial<Pick<HubOptions, "maxBufferedEvents" | "maxBufferedBytes" | "pingMs">> = {}): RunHubs {
  return new RunHubs({
    errorFrame: (error) => {
      onError?.(toTrpc(error));
      return errorFrameFor(error, undefined, undefined);
    },
    serialize,
    isAccessError: (error) => error instanceof EngineHttpError && [401, 403, 404].includes(error.status),
    maxBufferedEvents: limits.maxBufferedEvents,
    maxBufferedBytes: limits.maxBufferedBytes,
    pingMs: limits.pingMs ?? (config.sse?.ping?.enabled ? (config.sse.ping.intervalMs ?? 1000) : 2 ** 31 - 1),
  });
}

/**
 * The /api/trpc handler: GET runs.events through the hub, everything else through tRPC's
 * fetch adapter (as before). The Next.js route and bench/sse/bff-server.ts both serve this.
 */
export function createTrpcHandler(options: TrpcHandlerOptions) {
  const hubs = options.hubs ?? createRunHubs(options.onUpstreamError);
  const endpoint = options.endpoint.replace(/\/+$/, "");
  const viaTrpc = (req: Request, ctx?: Context) =>
    fetchRequestHandler({ endpoint, req, router: appRouter, createContext: () => ctx ?? options.createContext(req), onError: options.onError });

  return async function handler(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (req.method !== "GET" || url.pathname !== `${endpoint}/${PATH}` || url.searchParams.has("batch")) return viaTrpc(req);
    let input: unknown;
    try {
      const raw = url.searchParams.get("input");
      input = raw === null ? undefined : JSON.parse(raw);
    } catch {
      return viaTrpc(req);
    }
    const lastEventId = getLastEventId({ headers: req.headers, searchParams: url.searchParams });
    if (lastEventId) input = isObject(input) ? { ...input, lastEventId } : (input ?? { lastEventId });
    const parsed = eventsInput.safeParse(input);
    let ctx: Context;
    try {
      ctx = await options.createContext(req);
    } catch {
      return viaTrpc(req); // tRPC reports a context that cannot be made in its own way
    }
    if (!parsed.success || !ctx.session) return viaTrpc(req, ctx);

    const subscriber = new Subscriber(options.maxPendingBytes);
    subscriber.write(bytes(connectedFrame(config.sse?.client)));
    const onAbort = () => subscriber.gone();
    req.signal.addEventListener("abort", onAbort, { once: true });
    subscriber.onGone(() => req.signal.removeEventListener("abort", onAbort));
    void attach(hubs, subscriber, ctx, parsed.data.runId, parsed.data.lastEventId ? Number(parsed.data.lastEventId) : 0).catch((error: unknown) => {
      if (subscriber.isClosed || isAbortError(error)) return;
      options.onError?.({ error: toTrpc(error), path: PATH, input: parsed.data, ctx, type: "subscription", req });
      subscriber.finish(bytes(errorFrameFor(error, ctx, parsed.data)));
    });
    return new Response(subscriber.body, { status: 200, headers: SSE_HEADERS });
  };
}

/** The subscriber's engine check, its catch-up if it needs one, and its joining (see the top of this file). */
async function attach(hubs: RunHubs, subscriber: Subscriber, ctx: Context, runId: string, after: number): Promise<void> {
  if (await joinedAfterCheck(hubs, subscriber, ctx, runId, after)) return;
  const own = new AbortController();
  /** Once the read is a hub's upstream, the hub decides when it ends (not this subscriber's leaving). */
  let handedOver = false;
  subscriber.onGone(() => handedOver || own.abort());
  const response = await openRunEvents(ctx.engine, runId, after, own.signal);
  if (response === null) return subscriber.finish(bytes(RETURN_FRAME));
  // The procedure's own stream (deltas merged): the catch-up skips its deltas, a hub's upstream sends them.
  const read = liveRunEvents(ctx.engine, runId, { after, signal: own.signal, opened: response });
  subscriber.position = after;
  for (;;) {
    if (subscriber.isClosed) return own.abort();
    const hub = hubs.get(runId);
    if (!hub) {
      // The first subscriber: its read is the hub's upstream.
      handedOver = true;
      hubs.start(runId, { [Symbol.asyncIterator]: () => read }, own, subscriber.position).join(subscriber);
      return;
    }
    if (hub.covers(subscriber.position)) {
      own.abort();
      void read.return(undefined).catch(() => undefined);
      hub.join(subscriber);
      return;
    }
    const next: IteratorResult<RunEventMessage> = await read.next();
    if (next.done) return subscriber.finish(bytes(RETURN_FRAME));
    const { seq, event } = next.value;
    if (seq === null) continue; // deltas only for those at the live edge
    if (seq > subscriber.position && subscriber.write(bytes(trackedFrame(String(seq), serialize(event))))) subscriber.position = seq;
  }
}

/**
 * A run whose hub already covers the subscriber's position: the engine read is only the access
 * check, so it is opened at the hub's position, where the engine has nothing to replay (opened at
 * the subscriber's own, a viewer joining a long run at 0 made the engine read and send up to the
 * hub's whole buffer, for nothing). Joined when the hub still covers it once the engine accepted;
 * false otherwise (no hub, the hub ended meanwhile, or the run has ended: the ordinary way then).
 * A refusal throws, as the ordinary check's does.
 */
async function joinedAfterCheck(hubs: RunHubs, subscriber: Subscriber, ctx: Context, runId: string, after: number): Promise<boolean> {
  const hub = hubs.get(runId);
  if (!hub?.covers(after) || hub.lastSeq <= after) return false;
  const check = new AbortController();
  const gone = () => check.abort();
  subscriber.onGone(gone);
  try {
    const response = await openRunEvents(ctx.engine, runId, hub.lastSeq, check.signal);
    if (response === null) return false; // the run has ended: the ordinary read gives the rest
    await response.body?.cancel().catch(() => undefined);
  } finally {
    check.abort();
  }
  if (subscriber.isClosed) return true;
  const still = hubs.get(runId);
  if (!still?.covers(after)) return false;
  subscriber.position = after;
  still.join(subscriber);
  return true;
}
