/**
 * The engine's API reference (Swagger UI, served by the engine from files it ships: no CDN)
 * through the web's own origin, at the same paths: /schema, /schema/swagger,
 * /schema/openapi.json and /schema/assets/*. The browser may not reach the engine itself
 * (ENGINE_URL is server to server, e.g. http://engine:8000 in docker-compose), and the
 * page's assets are absolute /schema/assets/... paths, so one pass-through serves it whole.
 * Only these paths, only GET.
 */
const ASSET = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:js|css|png|map)$/;

/** The engine path for the requested segments, or null when it is not part of the reference. */
export function docsPath(segments: readonly string[] | undefined): string | null {
  const parts = segments ?? [];
  if (parts.length === 0) return "/schema";
  if (parts.length === 1 && (parts[0] === "swagger" || parts[0] === "openapi.json")) return `/schema/${parts[0]}`;
  if (parts.length === 2 && parts[0] === "assets" && ASSET.test(parts[1]!)) return `/schema/assets/${parts[1]}`;
  return null;
}

const PASSED_HEADERS = ["content-type", "cache-control", "etag", "last-modified"];

/** The engine's answer for a reference page or asset (404 for anything else; 503 when the engine is down). */
export async function forwardDocs(segments: readonly string[] | undefined, engineUrl: string): Promise<Response> {
  const path = docsPath(segments);
  if (path === null) return new Response("Not found", { status: 404 });
  let upstream: Response;
  try {
    upstream = await fetch(`${engineUrl}${path}`, { cache: "no-store", signal: AbortSignal.timeout(10_000) });
  } catch {
    return new Response("The engine is unavailable; its API reference cannot be shown right now.", {
      status: 503,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers });
}
