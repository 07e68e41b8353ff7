/**
 * A router condition (engine/src/orrery/nodes/router/conditions.py) as the visual builder edits
 * it: comparisons `field operator value` in groups whose items must all (`all`) or any (`any`)
 * hold, nested. `fromCondition` reads the document's JSON into that model, `toCondition` writes
 * it back: for every condition the builder can show, `toCondition(fromCondition(c))` is `c`.
 * What it cannot show (a `not`, a malformed condition) is refused with the reason, and the
 * inspector keeps it as raw JSON rather than lose any of it.
 */
import type { JsonObject } from "../../types";

export const OPERATORS = [
  { op: "equals", label: "equals" },
  { op: "not_equals", label: "does not equal" },
  { op: "contains", label: "contains" },
  { op: "not_contains", label: "does not contain" },
  { op: "gt", label: ">" },
  { op: "gte", label: "≥" },
  { op: "lt", label: "<" },
  { op: "lte", label: "≤" },
  { op: "exists", label: "exists" },
  { op: "not_exists", label: "does not exist" },
  { op: "is_empty", label: "is empty" },
  { op: "is_not_empty", label: "is not empty" },
] as const;

export type Operator = (typeof OPERATORS)[number]["op"];

/** Operators that take no value (`right` is not used). */
export const UNARY: ReadonlySet<Operator> = new Set(["exists", "not_exists", "is_empty", "is_not_empty"]);

export type Rule = { kind: "rule"; left: string; op: Operator; right?: unknown };
export type Group = { kind: "group"; combine: "all" | "any"; items: Item[] };
export type Item = Rule | Group;

export type ReadResult = { ok: true; item: Item } | { ok: false; reason: string };

const KNOWN = new Set<string>(OPERATORS.map((o) => o.op));
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** The builder's model of a condition, or why the builder cannot show it. */
export function fromCondition(condition: unknown): ReadResult {
  if (!isObject(condition)) return { ok: false, reason: "The condition is not a JSON object." };
  const keys = Object.keys(condition);
  if ("not" in condition) return { ok: false, reason: "It uses `not`, which the builder has no form for." };
  for (const combine of ["all", "any"] as const) {
    if (!(combine in condition)) continue;
    const children = condition[combine];
    if (keys.length !== 1) return { ok: false, reason: `A \`${combine}\` group has other keys beside it.` };
    if (!Array.isArray(children)) return { ok: false, reason: `\`${combine}\` is not a list.` };
    const items: Item[] = [];
    for (const child of children) {
      const read = fromCondition(child);
      if (!read.ok) return read;
      items.push(read.item);
    }
    return { ok: true, item: { kind: "group", combine, items } };
  }
  if (keys.some((k) => k !== "left" && k !== "op" && k !== "right")) {
    return { ok: false, reason: `It has keys the builder does not know: ${keys.filter((k) => !["left", "op", "right"].includes(k)).join(", ")}.` };
  }
  const { left, op } = condition;
  if (typeof left !== "string") return { ok: false, reason: "Its field (`left`) is not a reference." };
  if (typeof op !== "string" || !KNOWN.has(op)) return { ok: false, reason: `Its operator (\`op\`) is not one the builder knows.` };
  const rule: Rule = { kind: "rule", left, op: op as Operator };
  if ("right" in condition) rule.right = condition.right;
  return { ok: true, item: rule };
}

/** The document's JSON for the builder's model. */
export function toCondition(item: Item): JsonObject {
  if (item.kind === "group") return { [item.combine]: item.items.map(toCondition) };
  const condition: JsonObject = { left: item.left, op: item.op };
  if (item.right !== undefined) condition.right = item.right;
  return condition;
}

/** The builder always shows a group at the top: a lone comparison is a group of one. */
export function rootGroup(item: Item): Group {
  return item.kind === "group" ? item : { kind: "group", combine: "all", items: [item] };
}

/**
 * The condition for the top group as edited: a lone comparison stays one (when it was one to
 * begin with, `wasRule`, and the group is still `all` of that single comparison).
 */
export function fromRoot(group: Group, wasRule: boolean): JsonObject {
  const only = group.items.length === 1 ? group.items[0] : undefined;
  if (wasRule && group.combine === "all" && only?.kind === "rule") return toCondition(only);
  return toCondition(group);
}

export function newRule(left = "inputs"): Rule {
  return { kind: "rule", left, op: "equals", right: "" };
}

/** The rule with another operator: a unary one drops the value, a binary one gets one. */
export function withOperator(rule: Rule, op: Operator): Rule {
  if (UNARY.has(op)) {
    const { right: _dropped, ...rest } = rule;
    return { ...rest, op };
  }
  return { ...rule, op, right: rule.right === undefined ? "" : rule.right };
}

/**
 * A value as the builder's text box shows it: a string as itself, unless it would read as
 * another JSON value (`"5"`, `"true"`: then quoted); anything else as JSON.
 */
export function valueText(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") {
    try {
      JSON.parse(value);
      return JSON.stringify(value);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value);
}

/** What the value box's text means: JSON when it reads as JSON (`5`, `true`, `"5"`, `[1]`), else the text itself. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
