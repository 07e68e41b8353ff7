import type { EngineClient } from "@/server/engine/client";
import { EngineError } from "@/server/engine/errors";

export type Health = {
  /** "down": the engine did not answer at all. */
  status: "ok" | "degraded" | "down";
  db: "up" | "down" | "unknown";
  redis: "up" | "down" | "unknown";
};

/** The engine's health as the UI shows it. Never throws for an engine problem. */
export async function engineHealth(engine: EngineClient, signal?: AbortSignal): Promise<Health> {
  try {
    const health = await engine.health(signal);
    return {
      status: health.status === "ok" ? "ok" : "degraded",
      db: health.db === "up" ? "up" : "down",
      redis: health.redis === "up" ? "up" : "down",
    };
  } catch (error) {
    if (error instanceof EngineError) return { status: "down", db: "unknown", redis: "unknown" };
    throw error;
  }
}
