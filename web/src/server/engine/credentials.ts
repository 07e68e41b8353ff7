/**
 * Typed calls to the engine's credential and model-provider endpoints
 * (engine/src/orrery/api/credentials.py). The API key goes to the engine once, on
 * create; nothing the engine returns carries it (only `key_hint`).
 */
import type { EngineClient } from "./client";
import type { CredentialRead, CredentialCreate, ModelProviderRead, CredentialLimitsUpdate } from "@/lib/contracts";

export type { CredentialRead, CredentialCreate, ModelProviderRead, CredentialLimitsUpdate };

const credential = (id: string) => ({ path: { credential_id: id } });

/** GET /api/v1/credentials: newest first, hints only. */
export function listCredentials(engine: EngineClient, signal?: AbortSignal) {
  return engine.GET("/api/v1/credentials", { signal });
}

/** POST /api/v1/credentials: the engine encrypts the key before it is stored. */
export function createCredential(engine: EngineClient, body: CredentialCreate) {
  return engine.POST("/api/v1/credentials", { body });
}

/** PATCH /api/v1/credentials/{id}/limits: the owner's own per-minute limits (null: the operator's). */
export function setCredentialLimits(engine: EngineClient, id: string, body: CredentialLimitsUpdate) {
  return engine.PATCH("/api/v1/credentials/{credential_id}/limits", { params: credential(id), body });
}

/** DELETE /api/v1/credentials/{id} (204; 404 for someone else's). */
export async function deleteCredential(engine: EngineClient, id: string) {
  await engine.DELETE("/api/v1/credentials/{credential_id}", { params: credential(id) });
}

/** GET /api/v1/model-providers: what an agent can use, the demo model first. */
export function listModelProviders(engine: EngineClient, signal?: AbortSignal) {
  return engine.GET("/api/v1/model-providers", { signal });
}
