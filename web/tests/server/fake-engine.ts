/**
 * The engine over HTTP, stood in for (the outside world for the BFF): a `fetch` that records
 * each request as the engine would receive it and answers with `respond`, an engine client on
 * it, and tRPC callers whose context carries that client. Shared by the BFF's server tests.
 */
import { createEngineClient } from "@/server/engine/client";
import { createCaller } from "@/server/routers/_app";
import type { Context, Session } from "@/server/trpc/init";

/** One request the engine received. */
export type EngineCall = {
  method: string;
  url: URL;
  headers: Headers;
  /** The JSON body, parsed (its text when it is not JSON); undefined without one. */
  body: unknown;
  /** The request's signal: aborted when the BFF gave up on it. */
  signal: AbortSignal;
};

export type Respond = (call: EngineCall) => Response | Promise<Response>;

export const SESSION: Session = {
  accessToken: "tok",
  claims: { sub: "user-1", email: "ada@example.com", role: "authenticated", aud: "authenticated", exp: 0, iat: 0, iss: "x", aal: "aal1", session_id: "s" },
};

/** A fetch that records every request and answers with `respond` (a JSON `{}` by default). */
export function engineFetch(respond: Respond = () => Response.json({})) {
  const calls: EngineCall[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const text = await request.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const call: EngineCall = { method: request.method, url: new URL(request.url), headers: request.headers, body, signal: request.signal };
    calls.push(call);
    return respond(call);
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

/** A fake engine: its calls, a client for a user's token, and tRPC callers signed in as `session`. */
export function fakeEngine(respond?: Respond) {
  const { calls, fetch } = engineFetch(respond);
  const client = (accessToken: string | null = SESSION.accessToken) => createEngineClient({ baseUrl: "http://engine", accessToken, fetch });
  const context = (session: Session | null = SESSION): Context => ({ session, engine: client(session?.accessToken ?? null) });
  const caller = (session: Session | null = SESSION, opts?: Parameters<typeof createCaller>[1]) => createCaller(context(session), opts);
  return { calls, fetch, client, context, caller };
}

/** Each call as `[method, path and query, body]`, for comparing what the engine was sent. */
export const sent = (calls: EngineCall[]) => calls.map((c) => [c.method, c.url.pathname + c.url.search, c.body]);

/** A JSON answer with a status. */
export const json = (body: unknown, status = 200) => Response.json(body, { status });
