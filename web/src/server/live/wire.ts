/**
 * tRPC v11's SSE wire format, written by hand for the live-run hub (./hub.ts), byte for byte as
 * `sseStreamProducer` (@trpc/server, stream/sse.ts) writes it, so the browser's
 * `httpSubscriptionLink` cannot tell the two apart:
 *
 * - every message is its fields, each `name: value\n`, in the order event, data, id, then `\n\n`
 *   (so a blank line and one more: tRPC's own framing);
 * - first `event: connected` with the router's `sse.client` options as JSON (the client's
 *   reconnect-after-inactivity timer);
 * - a tracked value: `data: <json>` + `id: <id>`; an untracked one: `data: <json>`, and once the
 *   client holds an id, `id: ` (empty) then an `event: restore-id` carrying that id back, since
 *   EventSource would otherwise give the untracked event the last id;
 * - `event: ping`, `event: return` (the subscription ended: the client closes, no reconnect),
 *   `event: serialized-error` with the formatted error shape.
 *
 * Values are JSON-encoded through the router's transformer (`output.serialize`; none is
 * configured, so plain JSON). tests/server/live/wire.test.ts compares these frames with what
 * tRPC's own producer writes.
 */
const encoder = new TextEncoder();

/** A frame as the bytes every subscriber is sent (encoded once). */
export const bytes = (frame: string): Uint8Array => encoder.encode(frame);

export const connectedFrame = (clientOptions: unknown) => `event: connected\ndata: ${JSON.stringify(clientOptions ?? {})}\n\n\n`;

export const trackedFrame = (id: string, json: string) => `data: ${json}\nid: ${id}\n\n\n`;

/** An untracked value; `restoreId`: the id the client holds (none yet: null). */
export const untrackedFrame = (json: string, restoreId: string | null) =>
  restoreId === null ? `data: ${json}\n\n\n` : `data: ${json}\nid: \n\n\nevent: restore-id\ndata: \nid: ${restoreId}\n\n\n`;

export const PING_FRAME = "event: ping\ndata: \n\n\n";

export const RETURN_FRAME = "event: return\ndata: \n\n\n";

export const errorFrame = (json: string) => `event: serialized-error\ndata: ${json}\n\n\n`;

/** The response headers tRPC sends with a subscription (`sseHeaders`). */
export { sseHeaders as SSE_HEADERS } from "@trpc/server/unstable-core-do-not-import";
