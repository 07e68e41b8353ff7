import { describe, expect, it } from "vitest";

import {
  callOutcome,
  normalCron,
  parseMapping,
  parseObject,
  parseSample,
  parseWhole,
  refusal,
  sameJson,
  scheduleChanges,
  scheduleDraft,
  webhookChanges,
  webhookDraft,
  withCreated,
  type Schedule,
  type Webhook,
} from "@/features/triggers/lib";

describe("the Triggers panel's helpers", () => {
  it("shows a webhook or schedule just created in its list at once, without a second copy", () => {
    const a = { id: "a", name: "Form" };
    const b = { id: "b", name: "Orders" };
    expect(withCreated([a], b)).toEqual([a, b]);
    expect(withCreated([a, b], { id: "a", name: "Form, as the engine has it" })).toEqual([{ id: "a", name: "Form, as the engine has it" }, b]);
    expect(withCreated(undefined, b)).toBeUndefined();
  });

  it("reads a JSON object of inputs, and says why other text is not one", () => {
    expect(parseObject('{"topic": "tides"}')).toEqual({ value: { topic: "tides" } });
    expect(parseObject("")).toEqual({ value: {} });
    expect(parseObject("[1]")).toEqual({ error: expect.stringContaining("JSON object") });
    expect(parseObject("{topic")).toEqual({ error: expect.stringContaining("Not JSON") });
  });

  it("takes a mapping only when every template is text", () => {
    expect(parseMapping('{"topic": "{{ body.t }}"}')).toEqual({ value: { topic: "{{ body.t }}" } });
    expect(parseMapping('{"count": 3}')).toEqual({ error: expect.stringContaining('"count"') });
  });

  it("sends a sample that is not JSON as text", () => {
    expect(parseSample('{"a": 1}')).toEqual({ a: 1 });
    expect(parseSample("name=Ada")).toBe("name=Ada");
    expect(parseSample("  ")).toBeNull();
  });

  it("names a call's outcome from its status", () => {
    expect(callOutcome(202)).toEqual({ label: "Started", ok: true });
    expect(callOutcome(200)).toEqual({ label: "Ran", ok: true });
    expect(callOutcome(401)).toEqual({ label: "Bad signature", ok: false });
    expect(callOutcome(418)).toEqual({ label: "Error 418", ok: false });
  });
});

const HOOK: Webhook = {
  id: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
  workflow_id: "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b",
  name: "Orders",
  token_prefix: "abcdefgh",
  enabled: true,
  mapping: { topic: "{{ body.topic }}", count: "{{ body.n }}" },
  response_mode: "async",
  wait_timeout_s: 30,
  signed: true,
  hmac_header: "X-Signature",
  hmac_algorithm: "sha256",
  timestamp_header: "X-Timestamp",
  timestamp_tolerance_s: 300,
  max_body_bytes: 256 * 1024,
  rate_limit_per_minute: 60,
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-01T00:00:00Z",
};
const UNSIGNED: Webhook = { ...HOOK, signed: false, hmac_header: null, timestamp_header: null };

const SCHEDULE: Schedule = {
  id: "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
  workflow_id: HOOK.workflow_id,
  name: "Digest",
  cron: "0 9 * * 1",
  timezone: "Europe/Paris",
  inputs: { topic: "tides", depth: { level: 2, tags: ["a"] } },
  paused: false,
  missed: "skip",
  next_fire_at: "2026-12-07T08:00:00Z",
  next_fires: ["2026-12-07T08:00:00Z"],
  last_fire_at: null,
  consecutive_failures: 0,
  max_consecutive_failures: 5,
  disabled_at: null,
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-01T00:00:00Z",
};

describe("a webhook's edit", () => {
  it("starts from the saved settings, the secret kept and never shown", () => {
    const draft = webhookDraft(HOOK);
    expect(draft).toMatchObject({ name: "Orders", responseMode: "async", waitTimeoutS: "30", maxBodyKb: "256", rateLimit: "60", secret: "keep", newSecret: "" });
    expect(draft).toMatchObject({ header: "X-Signature", algorithm: "sha256", timestampHeader: "X-Timestamp", toleranceS: "300" });
    expect(JSON.parse(draft.mapping)).toEqual(HOOK.mapping);
    // Unchanged, Save has nothing to send
    expect(webhookChanges(HOOK, draft)).toEqual({ value: {} });
  });

  it("sends only the fields that changed (a mapping in another key order is the same)", () => {
    const draft = {
      ...webhookDraft(HOOK),
      name: " Orders v2 ",
      mapping: '{"count": "{{ body.n }}", "topic": "{{ body.topic }}"}',
      rateLimit: "120",
      maxBodyKb: "1024",
      responseMode: "wait" as const,
    };
    expect(webhookChanges(HOOK, draft)).toEqual({ value: { name: "Orders v2", responseMode: "wait", rateLimitPerMinute: 120, maxBodyBytes: 1024 * 1024 } });
    const remapped = { ...webhookDraft(HOOK), mapping: '{"topic": "{{ body.title }}"}' };
    expect(webhookChanges(HOOK, remapped)).toEqual({ value: { mapping: { topic: "{{ body.title }}" } } });
  });

  it("turns the secret's three choices into the PATCH body", () => {
    // Keep: nothing of the secret; a header changed is sent
    expect(webhookChanges(HOOK, { ...webhookDraft(HOOK), header: "X-Hub-Signature" })).toEqual({ value: { hmacHeader: "X-Hub-Signature" } });
    // New: the secret alone (the engine keeps the header)
    expect(webhookChanges(HOOK, { ...webhookDraft(HOOK), secret: "new", newSecret: "a-new-secret" })).toEqual({ value: { hmacSecret: "a-new-secret" } });
    // Stop: null, and the timestamp header goes with it
    expect(webhookChanges(HOOK, { ...webhookDraft(HOOK), secret: "stop", header: "ignored!" })).toEqual({ value: { hmacSecret: null, timestampHeader: null } });
    // An unsigned webhook given a secret sends its header too (the engine needs both)
    expect(webhookChanges(UNSIGNED, { ...webhookDraft(UNSIGNED), secret: "new", newSecret: "first-secret" })).toEqual({
      value: { hmacSecret: "first-secret", hmacHeader: "X-Signature" },
    });
    // Kept unsigned: the signing fields are not read
    expect(webhookChanges(UNSIGNED, { ...webhookDraft(UNSIGNED), header: "" })).toEqual({ value: {} });
  });

  it("says what is wrong before anything is sent", () => {
    const draft = webhookDraft(HOOK);
    expect(webhookChanges(HOOK, { ...draft, secret: "new", newSecret: "short" })).toEqual({ error: expect.stringContaining("at least 8") });
    expect(webhookChanges(HOOK, { ...draft, mapping: "{topic" })).toEqual({ error: expect.stringContaining("Not JSON") });
    expect(webhookChanges(HOOK, { ...draft, mapping: '{"n": 3}' })).toEqual({ error: expect.stringContaining('"n"') });
    expect(webhookChanges(HOOK, { ...draft, header: "X Signature" })).toEqual({ error: expect.stringContaining("Signature header") });
    expect(webhookChanges(HOOK, { ...draft, rateLimit: "0" })).toEqual({ error: expect.stringContaining("between 1 and 100000") });
    expect(webhookChanges(HOOK, { ...draft, waitTimeoutS: "1.5" })).toEqual({ error: expect.stringContaining("whole number") });
    expect(webhookChanges(HOOK, { ...draft, maxBodyKb: "20000" })).toEqual({ error: expect.stringContaining("Largest body") });
    expect(webhookChanges(HOOK, { ...draft, name: "x".repeat(201) })).toEqual({ error: expect.stringContaining("Name") });
    expect(webhookChanges(HOOK, { ...draft, mapping: JSON.stringify({ topic: "x".repeat(10_001) }) })).toEqual({ error: expect.stringContaining('"topic"') });
  });
});

describe("a schedule's edit", () => {
  it("starts from the saved schedule and sends only what changed", () => {
    const draft = scheduleDraft(SCHEDULE);
    expect(draft).toMatchObject({ name: "Digest", cron: "0 9 * * 1", timezone: "Europe/Paris", missed: "skip", maxFailures: "5" });
    expect(scheduleChanges(SCHEDULE, draft)).toEqual({ value: {} });
    // Inputs in another key order, a cron with extra spaces: unchanged
    expect(scheduleChanges(SCHEDULE, { ...draft, cron: " 0  9 * * 1", inputs: '{"depth": {"tags": ["a"], "level": 2}, "topic": "tides"}' })).toEqual({ value: {} });
    expect(scheduleChanges(SCHEDULE, { ...draft, cron: "*/5 * * * *", missed: "run_once", maxFailures: "3", inputs: '{"topic": "sea"}' })).toEqual({
      value: { cron: "*/5 * * * *", missed: "run_once", maxConsecutiveFailures: 3, inputs: { topic: "sea" } },
    });
  });

  it("says why the cron or the inputs cannot be sent", () => {
    const draft = scheduleDraft(SCHEDULE);
    expect(scheduleChanges(SCHEDULE, { ...draft, cron: "  " })).toEqual({ error: expect.stringContaining("cron") });
    expect(scheduleChanges(SCHEDULE, { ...draft, inputs: "{topic" })).toEqual({ error: expect.stringContaining("Not JSON") });
    expect(scheduleChanges(SCHEDULE, { ...draft, inputs: "[1]" })).toEqual({ error: expect.stringContaining("JSON object") });
    expect(scheduleChanges(SCHEDULE, { ...draft, maxFailures: "1001" })).toEqual({ error: expect.stringContaining("between 1 and 1000") });
    expect(scheduleChanges(SCHEDULE, { ...draft, timezone: "" })).toEqual({ error: expect.stringContaining("time zone") });
    expect(scheduleChanges(SCHEDULE, { ...draft, name: "x".repeat(201) })).toEqual({ error: expect.stringContaining("Name") });
  });
});

describe("a refused save", () => {
  it("reads the engine's message and what it said of each field", () => {
    expect(refusal({ message: "the webhook's mapping has problems", data: { fieldErrors: [{ field: "mapping.topic", message: "unexpected '}'" }] } })).toBe(
      "the webhook's mapping has problems\nmapping.topic: unexpected '}'",
    );
    expect(refusal({ message: "The engine is unreachable.", data: { fieldErrors: null } })).toBe("The engine is unreachable.");
  });

  it("compares JSON whatever its key order", () => {
    expect(sameJson({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(normalCron(" 0\t9  * * 1 ")).toBe("0 9 * * 1");
    expect(parseWhole("12", "N", 1, 20)).toEqual({ value: 12 });
  });
});
