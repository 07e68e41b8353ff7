/** Asset references as they travel in step outputs (`{asset_id, name, mime, size}`), and their URLs. */

export type AssetRef = { asset_id: string; name: string; mime: string; size: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from an output is an asset reference. */
export function isAssetRef(value: unknown): value is AssetRef {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.asset_id === "string" && UUID.test(v.asset_id) && typeof v.mime === "string" && typeof v.name === "string";
}

/** Where the browser gets the bytes: the BFF's download route (the session's token, never the page's). */
export function assetUrl(assetId: string, download = false): string {
  return `/api/assets/${encodeURIComponent(assetId)}${download ? "?download=1" : ""}`;
}

/** Where the browser uploads a file: the BFF's upload route, which streams it to the engine. */
export function uploadUrl(name: string, runId?: string): string {
  const query = new URLSearchParams({ name });
  if (runId) query.set("run_id", runId);
  return `/api/uploads?${query.toString()}`;
}

export function assetKind(mime: string): "image" | "audio" | "video" | "text" | "other" {
  const major = mime.split("/", 1)[0];
  if (major === "image" || major === "audio" || major === "video" || major === "text") return major;
  return mime === "application/json" ? "text" : "other";
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** The subtitle track that goes with a video in the same output (a `video` step's `subtitles`). */
export function subtitlesBeside(siblings: Record<string, unknown> | null, video: AssetRef): AssetRef | null {
  if (!siblings) return null;
  for (const value of Object.values(siblings)) {
    if (isAssetRef(value) && value !== video && value.mime === "text/vtt") return value;
  }
  return null;
}
