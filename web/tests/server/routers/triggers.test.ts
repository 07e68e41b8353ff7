import { describe, expect, it } from "vitest";

import { scheduleUpdateInput, webhookUpdateInput } from "@/server/routers/triggers";

import { fakeEngine, json, sent } from "../fake-engine";

const HOOK = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
const SCHEDULE = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const WORKFLOW = "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b";
const NOW = "2026-12-01T00:00:00Z";
const HOOK_READ = {
  id: HOOK,
  workflow_id: WORKFLOW,
  name: "Orders",
  token_prefix: "abcdefgh",
  enabled: true,
  mapping: { topic: "{{ body.title }}" },
  response_mode: "async",
  wait_timeout_s: 30,
  signed: true,
  hmac_header: "X-Signature",
  hmac_algorithm: "sha256",
  timestamp_header: null,
  timestamp_tolerance_s: 300,
  max_body_bytes: 262144,
  rate_limit_per_minute: 60,
  created_at: NOW,
  updated_at: NOW,
};
const SCHEDULE_READ = {
  id: SCHEDULE,
  workflow_id: WORKFLOW,
  name: "Digest",
  cron: "0 9 * * 1",
  timezone: "UTC",
  inputs: {},
  paused: false,
  missed: "skip",
  next_fire_at: "2026-12-07T09:00:00Z",
  next_fires: ["2026-12-07T09:00:00Z", "2026-12-14T09:00:00Z", "2026-12-21T09:00:00Z"],
  max_consecutive_failures: 5,
  created_at: NOW,
  updated_at: NOW,
};

describe("triggers router: editing", () => {
  it("forwards a webhook's edit as a PATCH of only the fields given, with the user's token", async () => {
    // Given an engine that answers the edited webhook
    const engine = fakeEngine(() => json(HOOK_READ));

    // When the panel saves a new mapping and a new secret, then stops verifying signatures
    const saved = await engine.caller().triggers.updateWebhook({ id: HOOK, mapping: { topic: "{{ body.title }}" }, hmacSecret: "a-new-secret" });
    await engine.caller().triggers.updateWebhook({ id: HOOK, hmacSecret: null, timestampHeader: null });
    await engine.caller().triggers.updateWebhook({ id: HOOK, name: " Orders ", rateLimitPerMinute: 120, maxBodyBytes: 1024, hmacAlgorithm: "sha1", timestampToleranceS: 60 });

    // Then the engine got each PATCH in its own names, nothing else, null kept as null
    expect(sent(engine.calls)).toEqual([
      ["PATCH", `/api/v1/webhooks/${HOOK}`, { mapping: { topic: "{{ body.title }}" }, hmac_secret: "a-new-secret" }],
      ["PATCH", `/api/v1/webhooks/${HOOK}`, { hmac_secret: null, timestamp_header: null }],
      ["PATCH", `/api/v1/webhooks/${HOOK}`, { name: "Orders", rate_limit_per_minute: 120, max_body_bytes: 1024, hmac_algorithm: "sha1", timestamp_tolerance_s: 60 }],
    ]);
    expect(engine.calls.every((c) => c.headers.get("authorization") === "Bearer tok")).toBe(true);
    expect(saved.token_prefix).toBe("abcdefgh");
  });

  it("forwards a schedule's edit and answers its next fires", async () => {
    const engine = fakeEngine(() => json(SCHEDULE_READ));
    const saved = await engine.caller().triggers.updateSchedule({ id: SCHEDULE, cron: "0 9 * * 1", maxConsecutiveFailures: 3, missed: "run_once" });
    expect(sent(engine.calls)).toEqual([["PATCH", `/api/v1/schedules/${SCHEDULE}`, { cron: "0 9 * * 1", max_consecutive_failures: 3, missed: "run_once" }]]);
    expect(engine.calls[0]?.headers.get("authorization")).toBe("Bearer tok");
    expect(saved.next_fires).toHaveLength(3);
  });

  it("passes the engine's refusal on with its message and fields", async () => {
    // Given an engine that refuses the cron
    const engine = fakeEngine(() =>
      json({ status_code: 422, detail: "`61 * * * *` is not a cron expression", errors: [{ field: "cron", message: "five fields" }] }, 422),
    );
    // When the panel saves it, then the error says what the engine said
    const error = await engine
      .caller()
      .triggers.updateSchedule({ id: SCHEDULE, cron: "61 * * * *" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: "`61 * * * *` is not a cron expression" });
  });

  it("takes only the fields the engine takes, within its limits", () => {
    const ok = (schema: typeof webhookUpdateInput | typeof scheduleUpdateInput, value: unknown) => schema.safeParse(value).success;
    expect(ok(webhookUpdateInput, { id: HOOK })).toBe(true);
    expect(ok(webhookUpdateInput, { id: HOOK, hmacSecret: null, hmacHeader: null, timestampHeader: null })).toBe(true);
    // Unknown fields, a URL token, a bad id: refused (strict)
    expect(ok(webhookUpdateInput, { id: HOOK, token: "x" })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, enabled: false, url: "x" })).toBe(false);
    expect(ok(webhookUpdateInput, { id: "nope" })).toBe(false);
    // The engine's limits
    expect(ok(webhookUpdateInput, { id: HOOK, hmacSecret: "short" })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, hmacSecret: "x".repeat(501) })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, hmacHeader: "X Signature" })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, hmacHeader: "" })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, hmacAlgorithm: "md5" })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, waitTimeoutS: 301 })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, timestampToleranceS: 86_401 })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, maxBodyBytes: 10 * 1024 * 1024 + 1 })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, rateLimitPerMinute: 0 })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, rateLimitPerMinute: 1.5 })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, mapping: { topic: 3 } })).toBe(false);
    expect(ok(webhookUpdateInput, { id: HOOK, name: "x".repeat(201) })).toBe(false);

    expect(ok(scheduleUpdateInput, { id: SCHEDULE, cron: "*/5 * * * *", timezone: "Europe/Paris", inputs: { a: 1 } })).toBe(true);
    expect(ok(scheduleUpdateInput, { id: SCHEDULE, paused: true })).toBe(false);
    expect(ok(scheduleUpdateInput, { id: SCHEDULE, cron: " " })).toBe(false);
    expect(ok(scheduleUpdateInput, { id: SCHEDULE, cron: "x".repeat(201) })).toBe(false);
    expect(ok(scheduleUpdateInput, { id: SCHEDULE, timezone: "x".repeat(65) })).toBe(false);
    expect(ok(scheduleUpdateInput, { id: SCHEDULE, missed: "all" })).toBe(false);
    expect(ok(scheduleUpdateInput, { id: SCHEDULE, maxConsecutiveFailures: 0 })).toBe(false);
    expect(ok(scheduleUpdateInput, { id: SCHEDULE, maxConsecutiveFailures: 1001 })).toBe(false);
  });
});
