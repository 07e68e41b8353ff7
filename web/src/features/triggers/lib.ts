/** Small pure helpers of the Triggers panel (unit-tested in tests/features/triggers). */

import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";

export type Schedule = RouterOutputs["triggers"]["schedules"][number];
export type Webhook = RouterOutputs["triggers"]["webhooks"][number];
export type WebhookCall = RouterOutputs["triggers"]["webhookCalls"][number];
/** What a webhook's Save sends: the fields that changed (its id added by the caller). */
export type WebhookPatch = Omit<RouterInputs["triggers"]["updateWebhook"], "id">;
export type SchedulePatch = Omit<RouterInputs["triggers"]["updateSchedule"], "id">;
type Parsed<T> = { value: T } | { error: string };

/** A JSON object typed into a textarea: the object, or the reason it is not one. */
/**
 * A cached list with the item the engine just answered with (a create): in place of its old
 * copy, else at the end (the lists are oldest first). Shown at once, so the list never says
 * "none yet" beside what was just made while its refetch is on the way; an unloaded list
 * stays unloaded (its fetch brings it).
 */
export function withCreated<T extends { id: string }>(list: T[] | undefined, item: T): T[] | undefined {
  if (!list) return list;
  return list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item];
}

export function parseObject(text: string): { value: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return { error: "Write a JSON object: { \"name\": … }" };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `Not JSON: ${(error as Error).message}` };
  }
}

/** Any JSON value (a sample payload); text that is not JSON is sent as text. */
export function parseSample(text: string): unknown {
  if (!text.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A mapping's templates, all strings (the engine renders them). */
export function parseMapping(text: string): { value: Record<string, string> } | { error: string } {
  const parsed = parseObject(text);
  if ("error" in parsed) return parsed;
  const bad = Object.entries(parsed.value).find(([, v]) => typeof v !== "string");
  if (bad) return { error: `The template for "${bad[0]}" must be text, like "{{ body.${bad[0]} }}".` };
  return { value: parsed.value as Record<string, string> };
}

/** The time zone of this browser (a new schedule's default). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** `Mon 7 Dec, 09:00` in the given time zone. */
export function formatFire(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(new Date(iso));
  } catch {
    return iso;
  }
}

/** How a webhook call ended, in words. */
export function callOutcome(status: number): { label: string; ok: boolean } {
  if (status === 200 || status === 202) return { label: status === 200 ? "Ran" : "Started", ok: true };
  const words: Record<number, string> = { 400: "Bad body", 401: "Bad signature", 404: "Disabled", 413: "Too large", 422: "Bad inputs", 429: "Rate limited", 503: "Unavailable" };
  return { label: words[status] ?? `Error ${status}`, ok: false };
}

/** Two JSON values alike, whatever the order of their keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A whole number typed in a field, within the engine's limits, or why it is not one. */
export function parseWhole(text: string, label: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { error: `${label}: write a whole number.` };
  const value = Number(trimmed);
  if (value < min || value > max) return { error: `${label}: between ${min} and ${max}.` };
  return { value };
}

/** A cron expression as the engine keeps it (its fields one space apart). */
export const normalCron = (text: string) => text.trim().split(/\s+/).join(" ");

// -- a schedule's edit ------------------------------------------------------------------

/** A schedule's edit form: every field as typed. */
export type ScheduleDraft = { name: string; cron: string; timezone: string; inputs: string; missed: "skip" | "run_once"; maxFailures: string };

/** The edit form of a saved schedule, prefilled. */
export function scheduleDraft(schedule: Schedule): ScheduleDraft {
  return {
    name: schedule.name,
    cron: schedule.cron,
    timezone: schedule.timezone,
    inputs: JSON.stringify(schedule.inputs, null, 2),
    missed: schedule.missed,
    maxFailures: String(schedule.max_consecutive_failures),
  };
}

/** What Save sends for this form: only the fields that differ from the saved schedule. */
export function scheduleChanges(schedule: Schedule, draft: ScheduleDraft): Parsed<SchedulePatch> {
  const patch: SchedulePatch = {};
  if (draft.name.trim().length > 200) return { error: "Name: at most 200 characters." };
  const cron = normalCron(draft.cron);
  if (!cron) return { error: "Write a cron expression." };
  if (cron.length > 200) return { error: "Cron: at most 200 characters." };
  const timezone = draft.timezone.trim();
  if (!timezone || timezone.length > 64) return { error: "Write a time zone, like Europe/Paris or UTC." };
  const inputs = parseObject(draft.inputs);
  if ("error" in inputs) return { error: `Inputs: ${inputs.error}` };
  const maxFailures = parseWhole(draft.maxFailures, "Pause after failures", 1, 1000);
  if ("error" in maxFailures) return maxFailures;
  if (draft.name.trim() !== schedule.name) patch.name = draft.name.trim();
  if (cron !== schedule.cron) patch.cron = cron;
  if (timezone !== schedule.timezone) patch.timezone = timezone;
  if (!sameJson(inputs.value, schedule.inputs)) patch.inputs = inputs.value;
  if (draft.missed !== schedule.missed) patch.missed = draft.missed;
  if (maxFailures.value !== schedule.max_consecutive_failures) patch.maxConsecutiveFailures = maxFailures.value;
  return { value: patch };
}

// -- a webhook's edit -------------------------------------------------------------------

/** What happens to the signing secret (never shown: the engine does not return it). */
export type SecretChoice = "keep" | "new" | "stop";

/** A webhook's edit form: every field as typed. */
export type WebhookDraft = {
  name: string;
  mapping: string;
  responseMode: "async" | "wait";
  waitTimeoutS: string;
  maxBodyKb: string;
  rateLimit: string;
  secret: SecretChoice;
  newSecret: string;
  algorithm: "sha256" | "sha1";
  header: string;
  timestampHeader: string;
  toleranceS: string;
};

/** The edit form of a saved webhook, prefilled (the secret kept; a header to start from). */
export function webhookDraft(hook: Webhook): WebhookDraft {
  return {
    name: hook.name,
    mapping: JSON.stringify(hook.mapping, null, 2),
    responseMode: hook.response_mode,
    waitTimeoutS: String(hook.wait_timeout_s),
    maxBodyKb: String(Math.round((hook.max_body_bytes / 1024) * 1000) / 1000),
    rateLimit: String(hook.rate_limit_per_minute),
    secret: "keep",
    newSecret: "",
    algorithm: hook.hmac_algorithm,
    header: hook.hmac_header ?? "X-Signature",
    timestampHeader: hook.timestamp_header ?? "",
    toleranceS: String(hook.timestamp_tolerance_s),
  };
}

/** Whether calls will have to be signed once this form is saved. */
export const signedAfter = (hook: Webhook, draft: WebhookDraft) => draft.secret === "new" || (draft.secret === "keep" && hook.signed);

const HEADER = /^[A-Za-z0-9-]+$/;

/** A header name typed, or why it is not one (`optional`: empty is none). */
function parseHeader(text: string, label: string, optional: boolean): Parsed<string | null> {
  const trimmed = text.trim();
  if (!trimmed) return optional ? { value: null } : { error: `${label}: write the header's name, like X-Signature.` };
  if (trimmed.length > 100 || !HEADER.test(trimmed)) return { error: `${label}: letters, digits and dashes only.` };
  return { value: trimmed };
}

/**
 * What Save sends for this form: only the fields that differ from the saved webhook. The
 * secret's choice: keep sends nothing of it, a new one sends it (and the signature header when
 * the webhook was not signed: the engine needs both), stop sends `hmacSecret: null` (and clears
 * a timestamp header, which only meant something with a signature).
 */
export function webhookChanges(hook: Webhook, draft: WebhookDraft): Parsed<WebhookPatch> {
  if (draft.name.trim().length > 200) return { error: "Name: at most 200 characters." };
  const mapping = parseMapping(draft.mapping);
  if ("error" in mapping) return { error: `Mapping: ${mapping.error}` };
  const long = Object.keys(mapping.value).find((k) => (mapping.value[k] ?? "").length > 10_000);
  if (long) return { error: `Mapping: the template for "${long}" is over 10000 characters.` };
  const wait = parseWhole(draft.waitTimeoutS, "Wait at most (s)", 1, 300);
  if ("error" in wait) return wait;
  const rate = parseWhole(draft.rateLimit, "Calls per minute", 1, 100_000);
  if ("error" in rate) return rate;
  const kb = Number(draft.maxBodyKb.trim());
  if (!draft.maxBodyKb.trim() || !Number.isFinite(kb) || kb <= 0 || kb > 10 * 1024) return { error: "Largest body (KB): a number up to 10240." };
  const maxBodyBytes = Math.max(1, Math.round(kb * 1024));

  const patch: WebhookPatch = {};
  if (draft.name.trim() !== hook.name) patch.name = draft.name.trim();
  if (!sameJson(mapping.value, hook.mapping)) patch.mapping = mapping.value;
  if (draft.responseMode !== hook.response_mode) patch.responseMode = draft.responseMode;
  if (wait.value !== hook.wait_timeout_s) patch.waitTimeoutS = wait.value;
  if (rate.value !== hook.rate_limit_per_minute) patch.rateLimitPerMinute = rate.value;
  if (maxBodyBytes !== hook.max_body_bytes) patch.maxBodyBytes = maxBodyBytes;

  if (draft.secret === "stop") {
    if (!hook.signed) return { value: patch };
    patch.hmacSecret = null;
    if (hook.timestamp_header) patch.timestampHeader = null;
    return { value: patch };
  }
  if (draft.secret === "new") {
    if (draft.newSecret.length < 8) return { error: "The new secret: at least 8 characters." };
    if (draft.newSecret.length > 500) return { error: "The new secret: at most 500 characters." };
    patch.hmacSecret = draft.newSecret;
  }
  if (!signedAfter(hook, draft)) return { value: patch };
  const header = parseHeader(draft.header, "Signature header", false);
  if ("error" in header) return header;
  const stamp = parseHeader(draft.timestampHeader, "Timestamp header", true);
  if ("error" in stamp) return stamp;
  const tolerance = parseWhole(draft.toleranceS, "Timestamp tolerance (s)", 1, 86_400);
  if ("error" in tolerance) return tolerance;
  if (header.value !== hook.hmac_header || !hook.signed) patch.hmacHeader = header.value;
  if (draft.algorithm !== hook.hmac_algorithm) patch.hmacAlgorithm = draft.algorithm;
  if (stamp.value !== (hook.timestamp_header ?? null)) patch.timestampHeader = stamp.value;
  if (tolerance.value !== hook.timestamp_tolerance_s) patch.timestampToleranceS = tolerance.value;
  return { value: patch };
}

/** A refused save in words: the engine's message, then what it said of each field. */
export function refusal(error: { message: string; data?: unknown }): string {
  const fields = (error.data as { fieldErrors?: { field?: string; message: string }[] | null } | undefined)?.fieldErrors ?? [];
  return [error.message, ...fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message))].join("\n");
}
