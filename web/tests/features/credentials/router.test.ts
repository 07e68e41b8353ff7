import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { fakeEngine } from "../../server/fake-engine";

const ID = "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b";
const READ = { id: ID, provider: "openai_compatible", label: "Ollama", base_url: "http://localhost:11434/v1", key_hint: "", requests_per_minute: null, tokens_per_minute: null, created_at: "2026-01-01T00:00:00Z" };

describe("credentials router", () => {
  it("creates a credential in the engine's shape, the base URL only for OpenAI-compatible", async () => {
    // Given an engine that saves what it is sent
    const engine = fakeEngine(() => Response.json(READ, { status: 201 }));

    // When the settings page saves an OpenAI-compatible endpoint and an OpenAI key
    await engine.caller().credentials.create({ provider: "openai_compatible", label: " Ollama ", baseUrl: "http://localhost:11434/v1" });
    await engine.caller().credentials.create({ provider: "openai", label: "Work", apiKey: " sk-abc ", baseUrl: "http://ignored" });

    // Then the engine got its own field names, trimmed
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
      ["POST", "/api/v1/credentials", { provider: "openai_compatible", label: "Ollama", api_key: "", base_url: "http://localhost:11434/v1" }],
      ["POST", "/api/v1/credentials", { provider: "openai", label: "Work", api_key: "sk-abc", base_url: null }],
    ]);
  });

  it("refuses a form the engine would refuse, before calling it", async () => {
    const engine = fakeEngine(() => Response.json(READ));
    await expect(engine.caller().credentials.create({ provider: "openai", label: "Work" })).rejects.toBeInstanceOf(TRPCError);
    await expect(engine.caller().credentials.create({ provider: "openai_compatible", label: "x" })).rejects.toThrow(/base URL/);
    expect(engine.calls).toEqual([]);
  });

  it("sets a key's own limits in the engine's shape; empty is the operator's default; a zero is refused before the call", async () => {
    // Given an engine that answers the key with its limits
    const engine = fakeEngine(() => Response.json({ ...READ, requests_per_minute: 30, tokens_per_minute: null }));

    // When the settings page saves 30 requests a minute and no token limit
    const saved = await engine.caller().credentials.setLimits({ id: ID, requestsPerMinute: 30, tokensPerMinute: null });

    // Then the engine got a PATCH of its own field names, and the key comes back with them
    expect(engine.calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
      ["PATCH", `/api/v1/credentials/${ID}/limits`, { requests_per_minute: 30, tokens_per_minute: null }],
    ]);
    expect(saved.requests_per_minute).toBe(30);
    await expect(engine.caller().credentials.setLimits({ id: ID, requestsPerMinute: 0, tokensPerMinute: null })).rejects.toBeInstanceOf(TRPCError);
    expect(engine.calls).toHaveLength(1);
  });

  it("lists and deletes; signed out is refused", async () => {
    const engine = fakeEngine((call) => (call.method === "DELETE" ? new Response(null, { status: 204 }) : Response.json([READ])));
    await expect(engine.caller().credentials.list()).resolves.toEqual([READ]);
    await expect(engine.caller().credentials.delete({ id: ID })).resolves.toEqual({ id: ID });
    expect(engine.calls.at(-1)?.url.pathname).toBe(`/api/v1/credentials/${ID}`);
    const error = await engine.caller(null).credentials.list().catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });

  it("passes the engine's conflict on", async () => {
    const engine = fakeEngine(() => Response.json({ status_code: 409, detail: "You already have a key labelled “Work”." }, { status: 409 }));
    const error = await engine.caller().credentials.create({ provider: "groq", label: "Work", apiKey: "gsk_1" }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect((error as TRPCError).message).toContain("labelled “Work”");
  });
});
