/**
 * The web BFF as its own Node process, for `bench_sse.py --bff`: the app's /api/trpc handler
 * (`createTrpcHandler`, what app/api/trpc/[trpc]/route.ts serves: runs.events through the
 * live-run hub, everything else through tRPC's fetch adapter) on Node's http server, piped as
 * Next.js pipes a route's Response (server/live/node.ts). Served at the root: /runs.events.
 *
 * What differs from the app: the session. The app verifies the Supabase cookie with
 * `auth.getClaims()` once per request; here the subscriber's `Authorization: Bearer` token is
 * taken as the session and forwarded to the engine, which verifies it (once per connection, not
 * per event, so the per-event figures are the app's).
 *
 * Built into one ES module by ./build-bff.mjs (node_modules stay external), then
 * `node [--cpu-prof] bff-server.mjs <engine url>`: prints `{"port": N}` once listening.
 */
import { createEngineClient } from "@/server/engine/client";
import { createTrpcHandler } from "@/server/live/events-route";
import { serveFetch } from "@/server/live/node";
import type { Context } from "@/server/trpc/init";

const engineUrl = process.argv[2];
if (!engineUrl) throw new Error("usage: node bff-server.mjs <engine url>");

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

const server = serveFetch(
  createTrpcHandler({
    endpoint: "",
    createContext: (req: Request): Context => {
      const token = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? null;
      return {
        session: token ? { accessToken: token, claims: claimsOf(token) as never } : null,
        engine: createEngineClient({ baseUrl: engineUrl, accessToken: token }),
      };
    },
  }),
);

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : null }));
});
// SIGTERM/SIGINT end the process with exit code 0, so `--cpu-prof` writes its profile.
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)));
