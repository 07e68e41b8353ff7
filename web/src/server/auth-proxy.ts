/**
 * Same-origin pass-through to Supabase Auth: the browser calls
 * `<web origin>/auth/v1/...` and this forwards it to `${SUPABASE_URL}/auth/v1/...`.
 * No CORS is needed, and the upstream URL can change without a rebuild.
 */

type Fetch = typeof fetch;

/** Request headers never forwarded: hop-by-hop, ours (cookies hold the session), and ones fetch sets itself. */
const DROP_REQUEST_HEADERS = new Set([
  "host",
  "connection",
  "keep-alive",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
  "accept-encoding",
  "cookie",
  "origin",
]);

/** Response headers not relayed: hop-by-hop, encodings fetch already undid, and cookies for another origin. */
const DROP_RESPONSE_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-encoding",
  "content-length",
  "set-cookie",
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-headers",
  "access-control-allow-methods",
  "access-control-expose-headers",
]);

export const FORWARDED_METHODS = ["GET", "POST", "PUT", "DELETE"] as const;

/** Pure: the upstream URL, or null when the path tries to leave /auth/v1. */
export function upstreamAuthUrl(upstream: string, path: readonly string[], search: string): URL | null {
  if (path.length === 0 || path.some((segment) => segment === "" || segment === "." || segment === "..")) return null;
  const base = upstream.replace(/\/+$/, "");
  const url = new URL(`${base}/auth/v1/${path.map(encodeURIComponent).join("/")}`);
  if (!url.pathname.startsWith(`${new URL(base).pathname.replace(/\/+$/, "")}/auth/v1/`)) return null;
  url.search = search;
  return url;
}

/** An error body shaped like Supabase Auth's, so supabase-js reports it as usual. */
function authError(status: number, errorCode: string, msg: string): Response {
  return Response.json({ code: status, error_code: errorCode, msg }, { status, headers: { "cache-control": "no-store" } });
}

export async function forwardAuthRequest(
  request: Request,
  path: readonly string[],
  upstream: string,
  fetchImpl: Fetch = fetch,
): Promise<Response> {
  const target = upstreamAuthUrl(upstream, path, new URL(request.url).search);
  if (!target) return authError(404, "not_found", "Not found");

  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!DROP_REQUEST_HEADERS.has(key.toLowerCase())) headers.set(key, value);
  });

  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  let upstreamResponse: Response;
  try {
    upstreamResponse = await fetchImpl(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: "manual",
      cache: "no-store",
      signal: request.signal,
    });
  } catch {
    return authError(502, "upstream_unreachable", "The authentication service is unreachable.");
  }

  const responseHeaders = new Headers();
  upstreamResponse.headers.forEach((value, key) => {
    if (!DROP_RESPONSE_HEADERS.has(key.toLowerCase())) responseHeaders.set(key, value);
  });
  const noBody = upstreamResponse.status === 204 || upstreamResponse.status === 304;
  return new Response(noBody ? null : upstreamResponse.body, {
    status: upstreamResponse.status,
    statusText: upstreamResponse.statusText,
    headers: responseHeaders,
  });
}
