/**
 * The workflow settings the Settings panel edits (`settings` in the document): budgets, node
 * defaults and concurrency per run. Each field has the engine's bounds (engine/src/orrery/spec/
 * document.py) and, for budgets and concurrency, the operator's limit as its default and ceiling
 * (`GET /api/v1/limits`): the browser refuses what the engine would.
 */
import type { OperatorLimits } from "@/lib/contracts";

import type { WorkflowSettings } from "../types";

export type SettingsFieldKey =
  | "max_steps"
  | "max_tokens"
  | "max_cost_usd"
  | "max_duration_s"
  | "timeout_s"
  | "max_attempts"
  | "retry_initial_delay_s"
  | "max_parallel";

export type SettingsField = {
  key: SettingsFieldKey;
  group: "budgets" | "node_defaults" | "top";
  label: string;
  unit?: string;
  integer: boolean;
  /** Lowest value; `exclusiveMin`: the value must be above it. */
  min: number;
  exclusiveMin?: boolean;
  /** The document's own bound (the operator's limit may be lower). */
  max?: number;
  /** The operator's limit that is this field's default and ceiling. */
  operator?: keyof OperatorLimits;
  /** What applies when the field is empty and there is no operator limit to name. */
  fallback?: string;
  help: string;
};

export const SETTINGS_FIELDS: readonly SettingsField[] = [
  { key: "max_steps", group: "budgets", label: "Steps", integer: true, min: 1, max: 100_000, operator: "max_steps", help: "Steps a run may start (each attempt counts)." },
  { key: "max_tokens", group: "budgets", label: "Tokens", integer: true, min: 1, operator: "max_tokens", help: "Model tokens, in and out, a run may use." },
  { key: "max_cost_usd", group: "budgets", label: "Cost", unit: "USD", integer: false, min: 0, exclusiveMin: true, operator: "max_cost_usd", help: "Model cost a run may reach." },
  { key: "max_duration_s", group: "budgets", label: "Time", unit: "s", integer: false, min: 0, exclusiveMin: true, max: 30 * 24 * 3600, operator: "max_duration_s", help: "How long a run may take from its start, waits included." },
  { key: "timeout_s", group: "node_defaults", label: "Timeout per attempt", unit: "s", integer: false, min: 0, exclusiveMin: true, max: 3600, fallback: "each node type's own", help: "For nodes that have a timeout and do not set their own." },
  { key: "max_attempts", group: "node_defaults", label: "Attempts", integer: true, min: 1, max: 10, fallback: "each node type's own", help: "Attempts in all, counting the first; transient errors are retried." },
  { key: "retry_initial_delay_s", group: "node_defaults", label: "Retry backoff", unit: "s", integer: false, min: 0, max: 600, fallback: "each node type's own", help: "Delay before the first retry; it doubles each time, with jitter." },
  { key: "max_parallel", group: "top", label: "Steps at once", integer: true, min: 1, max: 1000, operator: "max_parallel", help: "Steps of one run executing at the same time (1: one after another)." },
];

/** The field's value in the settings (undefined: unset, the default applies). */
export function settingValue(settings: WorkflowSettings | undefined, field: SettingsField): number | undefined {
  const source = field.group === "budgets" ? settings?.budgets : field.group === "node_defaults" ? settings?.node_defaults : settings;
  const value = (source as Record<string, unknown> | null | undefined)?.[field.key];
  return typeof value === "number" ? value : undefined;
}

/** The settings with one field set (a number) or cleared (undefined); empty groups are dropped. */
export function withSetting(settings: WorkflowSettings | undefined, field: SettingsField, value: number | undefined): WorkflowSettings {
  const next: Record<string, unknown> = { ...(settings ?? {}) };
  if (field.group === "top") {
    if (value === undefined) delete next[field.key];
    else next[field.key] = value;
    return next as WorkflowSettings;
  }
  const group: Record<string, unknown> = { ...((next[field.group] as Record<string, unknown> | null | undefined) ?? {}) };
  if (value === undefined) delete group[field.key];
  else group[field.key] = value;
  if (Object.keys(group).length) next[field.group] = group;
  else if (field.group === "budgets") next.budgets = {};
  else delete next[field.group];
  return next as WorkflowSettings;
}

/** The highest value the field takes here: the operator's limit, or the document's bound. */
export function ceilingOf(field: SettingsField, limits: OperatorLimits | undefined): number | undefined {
  const operator = field.operator && limits ? limits[field.operator] : undefined;
  if (operator === undefined) return field.max;
  return field.max === undefined ? operator : Math.min(operator, field.max);
}

/** "Operator default: 1,000" (or the fallback when the operator has no limit for it). */
export function defaultText(field: SettingsField, limits: OperatorLimits | undefined): string {
  if (field.operator) {
    const value = limits?.[field.operator];
    if (value === undefined) return "Operator default";
    return `Operator default: ${formatNumber(value)}${field.unit ? ` ${field.unit}` : ""}`;
  }
  return `Default: ${field.fallback ?? "none"}`;
}

export type Parsed = { ok: true; value: number | undefined } | { ok: false; error: string };

/** What the user typed, checked as the engine would: empty clears the field. */
export function parseSetting(field: SettingsField, text: string, limits: OperatorLimits | undefined): Parsed {
  const trimmed = text.trim().replaceAll(",", "");
  if (!trimmed) return { ok: true, value: undefined };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: "Enter a number." };
  if (field.integer && !Number.isInteger(value)) return { ok: false, error: "Enter a whole number." };
  if (field.exclusiveMin ? value <= field.min : value < field.min) {
    return { ok: false, error: field.exclusiveMin ? `Must be more than ${field.min}.` : `At least ${field.min}.` };
  }
  const ceiling = ceilingOf(field, limits);
  if (ceiling !== undefined && value > ceiling) {
    const fromOperator = field.operator && limits && limits[field.operator] === ceiling;
    return { ok: false, error: `At most ${formatNumber(ceiling)}${fromOperator ? " (the operator's limit)" : ""}.` };
  }
  return { ok: true, value };
}

export function formatNumber(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 6 });
}
