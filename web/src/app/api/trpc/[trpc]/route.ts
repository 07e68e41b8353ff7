/**
 * /api/trpc: GET runs.events through the live-run hub (one engine read per run, each event
 * framed once for every viewer: server/live), everything else through tRPC's fetch adapter.
 * One handler per server process, so its hubs are shared by every request.
 */
import { createTrpcHandler } from "@/server/live/events-route";
import { createTRPCContext } from "@/server/trpc/init";

const handler = createTrpcHandler({
  endpoint: "/api/trpc",
  createContext: () => createTRPCContext(),
  onError({ path, error, req }) {
    // A browser that went away (tab closed, navigation) is not a server failure.
    if (error.code === "INTERNAL_SERVER_ERROR" && !req.signal.aborted) console.error(`tRPC ${path ?? "<no path>"} failed:`, error.cause ?? error);
  },
  onUpstreamError(error) {
    if (error.code === "INTERNAL_SERVER_ERROR") console.error("tRPC runs.events (shared upstream) failed:", error.cause ?? error);
  },
});

export { handler as GET, handler as POST };
