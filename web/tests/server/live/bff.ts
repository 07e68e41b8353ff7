/**
 * The BFF's /api/trpc handler served over real HTTP against a stub engine, and SSE readers of
 * it, for the live hub's tests.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";

import { createEngineClient } from "@/server/engine/client";
import { SseParser, type SseMessage } from "@/server/engine/sse";
import { createTrpcHandler, type TrpcHandlerOptions } from "@/server/live/events-route";
import { serveFetch } from "@/server/live/node";
import type { Context } from "@/server/trpc/init";

import { SESSION } from "../fake-engine";

export const USERS = { ada: "tok-ada", bob: "tok-bob", mallory: "tok-mallory" } as const;

/** The app's context for a request: the Bearer token as the session (the bench's way; the engine checks it). */
export const contextFor =
  (engineUrl: string) =>
  (req: Request): Context => {
    const token = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? null;
    return { session: token ? { ...SESSION, accessToken: token } : null, engine: createEngineClient({ baseUrl: engineUrl, accessToken: token }) };
  };

export async function startBff(engineUrl: string, options: Partial<TrpcHandlerOptions> = {}) {
  const errors: unknown[] = [];
  const handler = createTrpcHandler({ endpoint: "/api/trpc", createContext: contextFor(engineUrl), onError: ({ error }) => errors.push(error), ...options });
  const server = serveFetch(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  return {
    url,
    handler,
    server,
    errors,
    eventsUrl: (input: unknown) => `${url}/runs.events?input=${encodeURIComponent(JSON.stringify(input))}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

export type Received = SseMessage & { at: number };

/** One SSE reader of the BFF: every message with its arrival time, until the response ends. */
export function subscribe(url: string, token: string | null, lastEventId?: string) {
  const messages: Received[] = [];
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: "text/event-stream" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (lastEventId) headers["last-event-id"] = lastEventId;
  /** Resolves when the response ends; `error` when it broke off (not when we closed it). */
  const done = (async () => {
    let raw = "";
    let res: Response | null = null;
    try {
      res = await fetch(url, { headers, signal: abort.signal });
      const parser = new SseParser();
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        raw += text;
        for (const m of parser.push(text)) messages.push({ ...m, at: performance.now() });
      }
      return { status: res.status, headers: res.headers, raw, error: null };
    } catch (error) {
      return { status: res?.status ?? 0, headers: res?.headers ?? new Headers(), raw, error: abort.signal.aborted ? null : error };
    }
  })();
  const ids = () => messages.filter((m) => m.event === "message" && m.id).map((m) => Number(m.id));
  return { messages, done, ids, close: () => abort.abort() };
}

/** Waits until `check` holds (polling), failing after `ms`. */
export async function until(check: () => boolean, ms = 5_000, what = "the condition") {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** `a..b` inclusive. */
export const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
