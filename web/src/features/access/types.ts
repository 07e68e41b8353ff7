/** What the access features read, typed from the tRPC router (never from server code). */

import type { RouterOutputs } from "@/lib/trpc/types";


export type ApiKey = RouterOutputs["apiKeys"]["list"][number];
export type CreatedApiKey = RouterOutputs["apiKeys"]["create"];
export type Secret = RouterOutputs["secrets"]["list"][number];
export type Scope = ApiKey["scopes"][number];

export const SCOPES: { id: Scope; label: string; detail: string }[] = [
  { id: "runs:write", label: "Run workflows", detail: "start, cancel, retry runs and decide approvals" },
  { id: "runs:read", label: "Read runs", detail: "runs, their steps, outputs and events" },
  { id: "workflows:write", label: "Manage workflows", detail: "create, change and delete workflows" },
];

/** A date the way the settings page shows it, or a dash. */
export function when(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "—" : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The message to show for a failed mutation or query (a field's zod message first). */
export function describeError(error: unknown): string {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    message?: unknown;
    data?: { zodError?: { fieldErrors?: Record<string, unknown> } };
  };
  for (const messages of Object.values(e.data?.zodError?.fieldErrors ?? {})) {
    if (Array.isArray(messages) && typeof messages[0] === "string") return messages[0];
  }
  const message = typeof e.message === "string" ? e.message.trim() : "";
  return message || "Something went wrong. Try again.";
}
