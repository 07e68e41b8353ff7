/**
 * Typed calls to the engine's API-key and secret endpoints (engine/src/orrery/api/api_keys.py,
 * secrets.py). A new key comes back once, in the create answer; a secret's value goes to the
 * engine once, on put, and nothing the engine returns carries it.
 */
import type { EngineClient } from "./client";
import type { components } from "@/lib/contracts/generated/openapi";

type Schemas = components["schemas"];

export type ApiKeyRead = Schemas["ApiKeyRead"];
export type ApiKeyCreated = Schemas["ApiKeyCreated"];
export type ApiKeyCreate = Schemas["ApiKeyCreate"];
export type SecretRead = Schemas["SecretRead"];

const API_KEYS = "/api/v1/api-keys";
const SECRETS = "/api/v1/secrets";

/** GET /api/v1/api-keys: newest first; prefix, scopes, expiry, last use; never the key. */
export function listApiKeys(engine: EngineClient, signal?: AbortSignal) {
  return engine.request<ApiKeyRead[]>(API_KEYS, { signal });
}

/** POST /api/v1/api-keys: the answer holds the whole key, this once. */
export function createApiKey(engine: EngineClient, body: ApiKeyCreate) {
  return engine.request<ApiKeyCreated>(API_KEYS, { method: "POST", body });
}

/** POST /api/v1/api-keys/{id}/revoke: the key stops working at once. */
export function revokeApiKey(engine: EngineClient, id: string) {
  return engine.request<ApiKeyRead>(`${API_KEYS}/${encodeURIComponent(id)}/revoke`, { method: "POST" });
}

/** GET /api/v1/secrets: names only. */
export function listSecrets(engine: EngineClient, signal?: AbortSignal) {
  return engine.request<SecretRead[]>(SECRETS, { signal });
}

/** PUT /api/v1/secrets/{name}: add, or replace the value (encrypted by the engine). */
export function putSecret(engine: EngineClient, name: string, value: string) {
  return engine.request<SecretRead>(`${SECRETS}/${encodeURIComponent(name)}`, { method: "PUT", body: { value } });
}

/** DELETE /api/v1/secrets/{name} (204; 404 when there is none). */
export async function deleteSecret(engine: EngineClient, name: string) {
  await engine.request<unknown>(`${SECRETS}/${encodeURIComponent(name)}`, { method: "DELETE" });
}
