/**
 * The BFF's download route: an asset's bytes, fetched from the engine with the signed-in
 * user's session (`Authorization: Bearer`), streamed back with the engine's type and
 * disposition. The browser's <img>, <audio> and <video> point here; no token reaches the page.
 * `?download=1` asks for an attachment. A `Range` header goes to the engine and its part comes
 * back (206, or 416 past the end), so a player can seek and a download can resume.
 */
import { env } from "@/env";
import { assetContentPath } from "@/server/engine/assets";
import { createTRPCContext } from "@/server/trpc/init";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PASSED = [
  "content-type",
  "content-length",
  "content-disposition",
  "content-range",
  "accept-ranges",
  "x-content-type-options",
  "content-security-policy",
  "cache-control",
];

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) return Response.json({ detail: "Not an asset id." }, { status: 404 });
  const { session } = await createTRPCContext();
  if (!session) return Response.json({ detail: "Sign in to continue." }, { status: 401 });
  const download = new URL(request.url).searchParams.has("download");
  let upstream: Response;
  try {
    upstream = await fetch(`${env().engineUrl.replace(/\/+$/, "")}${assetContentPath(id, download)}`, {
      headers: { authorization: `Bearer ${session.accessToken}`, ...rangeOf(request) },
      cache: "no-store",
      signal: request.signal,
    });
  } catch {
    return Response.json({ detail: "The engine is unreachable." }, { status: 503 });
  }
  if (!upstream.ok && upstream.status !== 416) {
    return new Response(upstream.body, { status: upstream.status, headers: { "content-type": "application/json" } });
  }
  const headers = new Headers();
  for (const name of PASSED) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers });
}

/** The request's `Range` header, passed on as it is (the engine reads it, or ignores it). */
function rangeOf(request: Request): Record<string, string> {
  const range = request.headers.get("range");
  return range && range.length <= 200 ? { range } : {};
}
