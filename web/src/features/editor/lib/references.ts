/**
 * Template references: `{{ steps.<node>.output... }}` and `{{ inputs.<name> }}`.
 * Rewriting them keeps pasted or renamed nodes wired to the right steps.
 */
import type { JsonObject } from "../types";

const DOTTED = /(?<![A-Za-z0-9_.])steps(\s*\.\s*)([A-Za-z_][A-Za-z0-9_]*)/g;
const INDEXED = /(?<![A-Za-z0-9_.])steps(\s*\[\s*)(['"])([A-Za-z_][A-Za-z0-9_]*)\2/g;

/** `text` with every `steps.<old>` whose `<old>` is in `mapping` pointing at the new id. */
export function rewriteStepReferences(text: string, mapping: ReadonlyMap<string, string>): string {
  if (!text.includes("steps")) return text;
  return text
    .replace(DOTTED, (match, dot: string, id: string) => {
      const next = mapping.get(id);
      return next ? `steps${dot}${next}` : match;
    })
    .replace(INDEXED, (match, open: string, quote: string, id: string) => {
      const next = mapping.get(id);
      return next ? `steps${open}${quote}${next}${quote}` : match;
    });
}

/** A deep copy of a config with every string's step references rewritten (keys are left alone). */
export function rewriteConfigReferences<T>(value: T, mapping: ReadonlyMap<string, string>): T {
  if (typeof value === "string") return rewriteStepReferences(value, mapping) as T;
  if (Array.isArray(value)) return value.map((v) => rewriteConfigReferences(v, mapping)) as T;
  if (value && typeof value === "object") {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = rewriteConfigReferences(v, mapping);
    return out as T;
  }
  return value;
}

/** The node ids a config's templates read through `steps.<id>`. */
export function referencedSteps(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === "string") {
    for (const m of value.matchAll(DOTTED)) found.add(m[2]!);
    for (const m of value.matchAll(INDEXED)) found.add(m[3]!);
  } else if (Array.isArray(value)) {
    for (const v of value) referencedSteps(v, found);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) referencedSteps(v, found);
  }
  return found;
}
