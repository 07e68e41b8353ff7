/**
 * Typed calls to the engine's asset endpoints (engine/src/orrery/api/assets.py): files users
 * upload and runs make. Everything runs as the signed-in user (RLS); the bytes themselves go
 * through the BFF's download route (app/api/assets/[id]/route.ts), never through tRPC.
 */
import type { EngineClient } from "./client";
import type { components, paths } from "@/lib/contracts/generated/openapi";

type Schemas = components["schemas"];

export type AssetRead = Schemas["AssetRead"];
export type AssetPage = Schemas["AssetList"];
/** The kinds a listing filters by (the engine's `kind` query parameter). */
export type AssetKind = NonNullable<NonNullable<paths["/api/v1/assets"]["get"]["parameters"]["query"]>["kind"]>;

const ASSETS = "/api/v1/assets";
const asset = (id: string) => ({ path: { asset_id: id } });

/** GET /api/v1/assets: newest first, filtered by run and kind, a page at a time. */
export function listAssets(
  engine: EngineClient,
  query: { runId?: string; kind?: AssetKind; cursor?: string; limit?: number },
  signal?: AbortSignal,
) {
  return engine.GET("/api/v1/assets", {
    params: { query: { run_id: query.runId, kind: query.kind, cursor: query.cursor, limit: query.limit ?? 50 } },
    signal,
  });
}

/** GET /api/v1/assets/{id} (404 for someone else's). */
export function getAsset(engine: EngineClient, assetId: string, signal?: AbortSignal) {
  return engine.GET("/api/v1/assets/{asset_id}", { params: asset(assetId), signal });
}

/** DELETE /api/v1/assets/{id}: the row and its file. */
export async function deleteAsset(engine: EngineClient, assetId: string) {
  await engine.DELETE("/api/v1/assets/{asset_id}", { params: asset(assetId) });
}

/** The engine path of an asset's bytes (fetched by the BFF's download route with the user's token, streamed as they come). */
export function assetContentPath(assetId: string, download: boolean): string {
  return `${ASSETS}/${encodeURIComponent(assetId)}/content${download ? "?download=true" : ""}`;
}
