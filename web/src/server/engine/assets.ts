/**
 * Typed calls to the engine's asset endpoints (engine/src/orrery/api/assets.py): files users
 * upload and runs make. Everything runs as the signed-in user (RLS); the bytes themselves go
 * through the BFF's download route (app/api/assets/[id]/route.ts), never through tRPC.
 */
import type { EngineClient } from "./client";
import type { components } from "@/lib/contracts/generated/openapi";

type Schemas = components["schemas"];

export type AssetRead = Schemas["AssetRead"];
export type AssetPage = Schemas["AssetList"];
export type AssetKind = "image" | "audio" | "video" | "text" | "other";

const ASSETS = "/api/v1/assets";
const id = (value: string) => encodeURIComponent(value);

/** GET /api/v1/assets: newest first, filtered by run and kind, a page at a time. */
export function listAssets(
  engine: EngineClient,
  query: { runId?: string; kind?: AssetKind; cursor?: string; limit?: number },
  signal?: AbortSignal,
) {
  return engine.request<AssetPage>(`${ASSETS}/`, {
    query: { run_id: query.runId, kind: query.kind, cursor: query.cursor, limit: query.limit ?? 50 },
    signal,
  });
}

/** GET /api/v1/assets/{id} (404 for someone else's). */
export function getAsset(engine: EngineClient, assetId: string, signal?: AbortSignal) {
  return engine.request<AssetRead>(`${ASSETS}/${id(assetId)}`, { signal });
}

/** DELETE /api/v1/assets/{id}: the row and its file. */
export async function deleteAsset(engine: EngineClient, assetId: string) {
  await engine.request<unknown>(`${ASSETS}/${id(assetId)}`, { method: "DELETE" });
}

/** The engine path of an asset's bytes (fetched by the BFF with the user's token). */
export function assetContentPath(assetId: string, download: boolean): string {
  return `${ASSETS}/${id(assetId)}/content${download ? "?download=true" : ""}`;
}
