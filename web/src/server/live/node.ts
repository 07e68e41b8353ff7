/**
 * The /api/trpc fetch handler on Node's own http server, piped the way Next.js's server pipes a
 * route handler's Response (each chunk written; the next read waits for `drain` when the socket
 * is full, so a slow browser's bytes queue in its response stream, where the hub measures them).
 * For bench/sse/bff-server.ts and the tests, which serve the app's handler without Next.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";

export type FetchHandler = (req: Request) => Promise<Response>;

async function pipe(body: ReadableStream<Uint8Array>, res: ServerResponse, signal: AbortSignal) {
  const reader = body.getReader();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off("drain", done);
            res.off("close", done);
            resolve();
          };
          res.on("drain", done);
          res.on("close", done);
        });
      }
      if (res.destroyed) break;
    }
    res.end();
  } catch {
    // The stream was errored (a dropped slow subscriber) or cancelled: close the connection.
    res.destroy();
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

async function serve(handler: FetchHandler, req: IncomingMessage, res: ServerResponse) {
  const request = incomingMessageToRequest(req, res, { maxBodySize: null });
  const response = await handler(request);
  res.statusCode = response.status;
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.flushHeaders();
  if (response.body) await pipe(response.body, res, request.signal);
  else res.end();
}

export function serveFetch(handler: FetchHandler): Server {
  return createServer((req, res) => {
    serve(handler, req, res).catch((error: unknown) => {
      console.error("BFF request failed:", error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
}
