/**
 * Engine API types used by the web.
 *
 * Hand-written for now. A later issue generates the full set from the engine's
 * OpenAPI (contracts/openapi.json) into ./generated/ with one command; these
 * aliases then re-export from there and the hand-written shapes go away.
 */

/** GET /healthz (200 when every dependency answers, 503 otherwise, same body). */
export type EngineHealth = {
  status: "ok" | "degraded";
  db: "up" | "down";
  redis: "up" | "down";
};
