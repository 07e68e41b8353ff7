import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { fakeEngine, type Respond, SESSION } from "../fake-engine";

/** A caller signed in as `session` (signed out by default) on an engine answering with `respond`. */
const callerOn = (respond: Respond, session: typeof SESSION | null = null) => fakeEngine(respond).caller(session);

describe("system.health", () => {
  it("reports the engine's status", async () => {
    const caller = callerOn(() => Response.json({ status: "ok", db: "up", redis: "up" }));
    await expect(caller.system.health()).resolves.toEqual({ status: "ok", db: "up", redis: "up" });
  });

  it("reports a degraded engine (503 with a body)", async () => {
    const caller = callerOn(() => Response.json({ status: "degraded", db: "down", redis: "up" }, { status: 503 }));
    await expect(caller.system.health()).resolves.toEqual({ status: "degraded", db: "down", redis: "up" });
  });

  it("reports an unreachable engine as down, without throwing", async () => {
    const caller = callerOn(() => {
      throw new TypeError("fetch failed");
    });
    await expect(caller.system.health()).resolves.toEqual({ status: "down", db: "unknown", redis: "unknown" });
  });
});

describe("system.me", () => {
  it("returns the signed-in user from the claims", async () => {
    const caller = callerOn(() => Response.json({}), SESSION);
    await expect(caller.system.me()).resolves.toEqual({ id: "user-1", email: "ada@example.com" });
  });

  it("refuses a signed-out caller", async () => {
    const caller = callerOn(() => Response.json({}));
    const error = await caller.system.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
