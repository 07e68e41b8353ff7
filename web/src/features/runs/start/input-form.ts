/**
 * The start-run form, as data: a field per declared workflow input, its text value,
 * and turning the values back into typed inputs with per-field errors. Pure.
 */
import type { InputSpec } from "../state/types";

export type { InputSpec };
export type InputSpecs = Record<string, InputSpec>;
/** Every field's value as the form holds it: text, or a boolean for checkboxes. */
export type FormValues = Record<string, string | boolean>;

export type ParsedInputs = { ok: true; inputs: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** How a field is edited. */
export function fieldKind(spec: InputSpec): "select" | "checkbox" | "number" | "json" | "text" {
  if (spec.enum?.length) return "select";
  if (spec.type === "boolean") return "checkbox";
  if (spec.type === "number" || spec.type === "integer") return "number";
  if (spec.type === "object" || spec.type === "array") return "json";
  return "text";
}

function toText(spec: InputSpec, value: unknown): string | boolean {
  if (spec.type === "boolean" && !spec.enum?.length) return value === true;
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (spec.type === "object" || spec.type === "array") return JSON.stringify(value, null, 2);
  return String(value);
}

/** The form's starting values: each input's default, or `previous` (a run's inputs) when given. */
export function initialValues(specs: InputSpecs, previous: Record<string, unknown> = {}): FormValues {
  const values: FormValues = {};
  for (const [name, spec] of Object.entries(specs)) values[name] = toText(spec, name in previous ? previous[name] : spec.default);
  return values;
}

function parseOne(spec: InputSpec, raw: string | boolean): { value?: unknown; error?: string } {
  if (typeof raw === "boolean") return { value: raw };
  const text = raw.trim();
  if (text === "") {
    if (spec.required !== false && spec.default === undefined) return { error: "Required." };
    return {}; // left out: the engine applies the default
  }
  if (spec.enum?.length) {
    const match = spec.enum.find((option) => toText(spec, option) === raw);
    return match === undefined ? { error: "Choose one of the options." } : { value: match };
  }
  switch (spec.type) {
    case "integer": {
      const n = Number(text);
      return Number.isInteger(n) ? { value: n } : { error: "A whole number." };
    }
    case "number": {
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: "A number." };
    }
    case "object":
    case "array": {
      try {
        const value: unknown = JSON.parse(text);
        const isArray = Array.isArray(value);
        const ok = spec.type === "array" ? isArray : value !== null && typeof value === "object" && !isArray;
        return ok ? { value } : { error: spec.type === "array" ? "A JSON array, like [1, 2]." : 'A JSON object, like {"key": "value"}.' };
      } catch {
        return { error: "Not valid JSON." };
      }
    }
    default:
      return { value: raw };
  }
}

/** The typed inputs for `runs.start`, or an error per field. */
export function parseInputs(specs: InputSpecs, values: FormValues): ParsedInputs {
  const inputs: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const { value, error } = parseOne(spec, values[name] ?? "");
    if (error) errors[name] = error;
    else if (value !== undefined) inputs[name] = value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, inputs };
}
