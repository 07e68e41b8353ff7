/** Formatting for run figures: durations, relative times, tokens, cost. Pure. */

import { relativeTime } from "@/lib/time";

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.floor(s % 60)}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

/** A run's time relative to now ("3 minutes ago"), or "—" when it has none. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  return (iso && relativeTime(iso, now)) || "—";
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

export function formatTokens(n: number | null | undefined): string {
  if (!n) return "0";
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatCost(usd: number | null | undefined): string {
  if (!usd) return "$0";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A step's cost in words: "unknown cost" when the model has no known price (never $0), and
 * "(cached)" when the agent's response cache answered (no provider call). */
export function costLabel(attempt: { costUsd: number; costUnknown: boolean; cached: boolean }): string {
  if (attempt.cached) return `${formatCost(0)} (cached)`;
  if (attempt.costUnknown) return "unknown cost";
  return formatCost(attempt.costUsd);
}
