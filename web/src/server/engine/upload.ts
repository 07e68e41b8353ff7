/**
 * An upload passed on to the engine as it arrives (POST /api/v1/assets/): the browser's body
 * stream goes to the engine's request as it is, never read whole here (no `arrayBuffer()`),
 * so a 100 MB file costs the web server a few chunks, and the engine's 413 for a file over
 * its limit stops the transfer early. The engine decides the type from the bytes and counts
 * them against its limit; here only the name, the run and the length are passed on.
 *
 * The route (app/api/uploads) is outside the session proxy's matcher (proxy.ts): with a
 * proxy, Next.js buffers a request's body in memory (up to 10 MB, and truncates the rest).
 */

const ENGINE_UPLOAD = "/api/v1/assets/";

export type ForwardUpload = {
  engineUrl: string;
  accessToken: string;
  fetch?: typeof globalThis.fetch;
};

/** The engine's URL for this upload: `name` and `run_id` from the browser's query, nothing else. */
export function engineUploadUrl(engineUrl: string, browserUrl: string): string {
  const asked = new URL(browserUrl).searchParams;
  const query = new URLSearchParams();
  const name = asked.get("name");
  if (name) query.set("name", name.slice(0, 1000));
  const runId = asked.get("run_id");
  if (runId) query.set("run_id", runId);
  const search = query.toString();
  return `${engineUrl.replace(/\/+$/, "")}${ENGINE_UPLOAD}${search ? `?${search}` : ""}`;
}

export async function forwardUpload(request: Request, options: ForwardUpload): Promise<Response> {
  if (!request.body) return Response.json({ detail: "The file is empty." }, { status: 422 });
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.accessToken}`,
    "content-type": "application/octet-stream",
  };
  const length = request.headers.get("content-length");
  if (length && /^\d+$/.test(length)) headers["content-length"] = length;
  let upstream: Response;
  try {
    upstream = await (options.fetch ?? fetch)(engineUploadUrl(options.engineUrl, request.url), {
      method: "POST",
      headers,
      body: request.body,
      // A stream as a request body needs this (Node's fetch sends it as it is read).
      duplex: "half",
      cache: "no-store",
      signal: request.signal,
    } as RequestInit);
  } catch {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return Response.json({ detail: "The engine is unreachable." }, { status: 503 });
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
  });
}
