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

const key = (id: string) => ({ path: { key_id: id } });
const secret = (name: string) => ({ path: { name } });

/** GET /api/v1/api-keys: newest first; prefix, scopes, expiry, last use; never the key. */
export function listApiKeys(engine: EngineClient, signal?: AbortSignal) {
  return engine.GET("/api/v1/api-keys", { signal });
}

/** POST /api/v1/api-keys: the answer holds the whole key, this once. */
export function createApiKey(engine: EngineClient, body: ApiKeyCreate) {
  return engine.POST("/api/v1/api-keys", { body });
}

/** POST /api/v1/api-keys/{id}/revoke: the key stops working at once. */
export function revokeApiKey(engine: EngineClient, id: string) {
  return engine.POST("/api/v1/api-keys/{key_id}/revoke", { params: key(id) });
}

/** GET /api/v1/secrets: names only. */
export function listSecrets(engine: EngineClient, signal?: AbortSignal) {
  return engine.GET("/api/v1/secrets", { signal });
}

/** PUT /api/v1/secrets/{name}: add, or replace the value (encrypted by the engine). */
export function putSecret(engine: EngineClient, name: string, value: string) {
  return engine.PUT("/api/v1/secrets/{name}", { params: secret(name), body: { value } });
}

/** DELETE /api/v1/secrets/{name} (204; 404 when there is none). */
export async function deleteSecret(engine: EngineClient, name: string) {
  await engine.DELETE("/api/v1/secrets/{name}", { params: secret(name) });
}
