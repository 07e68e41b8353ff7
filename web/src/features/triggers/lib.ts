/** Small pure helpers of the Triggers panel (unit-tested in tests/features/triggers). */

import type { RouterOutputs } from "@/lib/trpc/types";

export type Schedule = RouterOutputs["triggers"]["schedules"][number];
export type Webhook = RouterOutputs["triggers"]["webhooks"][number];
export type WebhookCall = RouterOutputs["triggers"]["webhookCalls"][number];

/** A JSON object typed into a textarea: the object, or the reason it is not one. */
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
