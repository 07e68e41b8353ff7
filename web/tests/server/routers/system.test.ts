import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { createCaller } from "@/server/routers/_app";
import { createEngineClient } from "@/server/engine/client";
import type { Context, Session } from "@/server/trpc/init";

function context(respond: () => Response | Promise<Response>, session: Session | null = null): Context {
  const fetch = (async () => respond()) as typeof globalThis.fetch;
  return { session, engine: createEngineClient({ baseUrl: "http://engine", fetch }) };
}

const session: Session = {
  accessToken: "tok",
  claims: { sub: "user-1", email: "ada@example.com", role: "authenticated", aud: "authenticated", exp: 0, iat: 0, iss: "x", aal: "aal1", session_id: "s" },
};

describe("system.health", () => {
  it("reports the engine's status", async () => {
    const caller = createCaller(context(() => Response.json({ status: "ok", db: "up", redis: "up" })));
    await expect(caller.system.health()).resolves.toEqual({ status: "ok", db: "up", redis: "up" });
  });

  it("reports a degraded engine (503 with a body)", async () => {
    const caller = createCaller(context(() => Response.json({ status: "degraded", db: "down", redis: "up" }, { status: 503 })));
    await expect(caller.system.health()).resolves.toEqual({ status: "degraded", db: "down", redis: "up" });
  });

  it("reports an unreachable engine as down, without throwing", async () => {
    const caller = createCaller(
      context(() => {
        throw new TypeError("fetch failed");
      }),
    );
    await expect(caller.system.health()).resolves.toEqual({ status: "down", db: "unknown", redis: "unknown" });
  });
});

describe("system.me", () => {
  it("returns the signed-in user from the claims", async () => {
    const caller = createCaller(context(() => Response.json({}), session));
    await expect(caller.system.me()).resolves.toEqual({ id: "user-1", email: "ada@example.com" });
  });

  it("refuses a signed-out caller", async () => {
    const caller = createCaller(context(() => Response.json({})));
    const error = await caller.system.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
