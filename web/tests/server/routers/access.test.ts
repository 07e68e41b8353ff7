import { describe, expect, it } from "vitest";

import { fakeEngine, json } from "../fake-engine";

const KEY_ID = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const NOW = "2026-01-01T00:00:00Z";
const KEY_READ = { id: KEY_ID, name: "Nightly", prefix: "orr_AbCd1234", scopes: ["runs:write"], created_at: NOW };

describe("apiKeys and secrets procedures", () => {
  it("create a key with its scopes and expiry, and revoke it, through the engine", async () => {
    // Given an engine that answers
    const { calls, caller } = fakeEngine((call) => json(call.method === "POST" && call.url.pathname.endsWith("/revoke") ? KEY_READ : { ...KEY_READ, key: "orr_AbCd1234_x" }, 201));

    // When the settings page creates a key and revokes it
    const created = await caller().apiKeys.create({ name: " Nightly ", scopes: ["runs:write"], expiresAt: "2030-01-01T00:00:00.000Z" });
    await caller().apiKeys.revoke({ id: KEY_ID });

    // Then the engine got the name trimmed, the scopes and the expiry, and the key came back once
    expect(created.key).toBe("orr_AbCd1234_x");
    expect(calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([
      ["POST", "/api/v1/api-keys", { name: "Nightly", scopes: ["runs:write"], expires_at: "2030-01-01T00:00:00.000Z" }],
      ["POST", `/api/v1/api-keys/${KEY_ID}/revoke`, undefined],
    ]);
  });

  it("refuse a key without scopes and a secret with a bad name or a short value before the engine", async () => {
    // Given an engine that must not be called
    const { calls, caller } = fakeEngine(() => json({}));

    // When the forms send what the engine would refuse
    // Then each is refused with a message, and nothing reached the engine
    await expect(caller().apiKeys.create({ name: "x", scopes: [] })).rejects.toThrow(/at least one scope/);
    await expect(caller().secrets.put({ name: "9lives", value: "long enough" })).rejects.toThrow(/Letters, digits/);
    await expect(caller().secrets.put({ name: "TOKEN", value: "abc" })).rejects.toThrow(/at least 4/);
    expect(calls).toEqual([]);
  });

  it("send a secret's value to the engine once, by name", async () => {
    // Given an engine that stores it
    const { calls, caller } = fakeEngine(() => json({ name: "SLACK_TOKEN", created_at: NOW, updated_at: NOW }, 201));
    // When the page saves a secret
    const saved = await caller().secrets.put({ name: "SLACK_TOKEN", value: "xoxb-123456" });
    // Then the value went to the engine under its name, and the answer is its name only
    expect(saved).toEqual({ name: "SLACK_TOKEN", created_at: NOW, updated_at: NOW });
    expect(calls.map((c) => [c.method, c.url.pathname, c.body])).toEqual([["PUT", "/api/v1/secrets/SLACK_TOKEN", { value: "xoxb-123456" }]]);
  });
});
