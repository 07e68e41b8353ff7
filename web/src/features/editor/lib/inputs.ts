/** The workflow's run inputs as editable rows and back (same shape as the output schema editor). */
import type { InputSpec, InputType } from "../types";

export const INPUT_TYPES: readonly InputType[] = ["string", "number", "integer", "boolean", "object", "array"];

export type InputRow = {
  name: string;
  type: InputType;
  description: string;
  required: boolean;
  /** The default as the user typed it ("" = none); parsed by type on write. */
  defaultText: string;
  /** Other keys (e.g. `enum`), kept. */
  enum?: unknown[] | null;
};

export function inputsToRows(inputs: Record<string, InputSpec>): InputRow[] {
  return Object.entries(inputs).map(([name, spec]) => ({
    name,
    type: spec.type,
    description: spec.description ?? "",
    required: spec.required ?? true,
    defaultText: spec.default === undefined ? "" : spec.type === "string" ? String(spec.default) : JSON.stringify(spec.default),
    ...(spec.enum !== undefined ? { enum: spec.enum } : {}),
  }));
}

/** The default typed for its input, or an error in words. */
export function parseDefault(row: Pick<InputRow, "type" | "defaultText">): { value?: unknown; error?: string } {
  const text = row.defaultText;
  if (text === "") return {};
  if (row.type === "string") return { value: text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: row.type === "object" || row.type === "array" ? "Not valid JSON." : `Not a ${row.type}.` };
  }
  const ok =
    (row.type === "number" && typeof value === "number") ||
    (row.type === "integer" && Number.isInteger(value)) ||
    (row.type === "boolean" && typeof value === "boolean") ||
    (row.type === "object" && !!value && typeof value === "object" && !Array.isArray(value)) ||
    (row.type === "array" && Array.isArray(value));
  return ok ? { value } : { error: `Not ${row.type === "integer" || row.type === "array" || row.type === "object" ? "an" : "a"} ${row.type}.` };
}

export function rowsToInputs(rows: readonly InputRow[]): Record<string, InputSpec> {
  const inputs: Record<string, InputSpec> = {};
  for (const row of rows) {
    if (!row.name) continue;
    const spec: InputSpec = { type: row.type, required: row.required };
    if (row.description) spec.description = row.description;
    const parsed = parseDefault(row);
    if (parsed.value !== undefined) spec.default = parsed.value;
    if (row.enum !== undefined) spec.enum = row.enum;
    inputs[row.name] = spec;
  }
  return inputs;
}

export function inputRowProblems(rows: readonly InputRow[]): (string | null)[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  return rows.map((r) => {
    if (!r.name) return "Name the input.";
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(r.name)) return "Letters, digits and _, not starting with a digit.";
    if ((counts.get(r.name) ?? 0) > 1) return "Two inputs have this name.";
    return parseDefault(r).error ?? null;
  });
}
