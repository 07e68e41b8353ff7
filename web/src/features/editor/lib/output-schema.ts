/**
 * The agent's output schema as editable rows (name, type, required, description) and
 * back: `{type: "object", properties: {...}, required: [...]}`. Keys the rows do not
 * show (an array's `items`, an `enum`, nested `properties`) are kept as they were.
 */
import type { JsonObject } from "../types";

export const FIELD_TYPES = ["string", "number", "integer", "boolean", "array", "object"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export type SchemaRow = {
  name: string;
  type: FieldType;
  required: boolean;
  description: string;
  /** The property's other keys, kept untouched. */
  extra: JsonObject;
};

export type RowsResult = { rows: SchemaRow[]; root: JsonObject; editable: true } | { editable: false; reason: string };

/** Rows for a schema, or why the visual editor cannot show it (the raw JSON view still can). */
export function schemaToRows(schema: unknown): RowsResult {
  if (schema === null || schema === undefined) return { rows: [], root: {}, editable: true };
  if (typeof schema !== "object" || Array.isArray(schema)) return { editable: false, reason: "The schema is not an object." };
  const { type, properties, required, ...root } = schema as JsonObject;
  if (type !== undefined && type !== "object") return { editable: false, reason: `The output is a ${String(type)}, not an object with fields.` };
  if (properties !== undefined && (typeof properties !== "object" || properties === null || Array.isArray(properties))) {
    return { editable: false, reason: "`properties` is not an object." };
  }
  const req = new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === "string") : []);
  const rows: SchemaRow[] = [];
  for (const [name, raw] of Object.entries((properties ?? {}) as JsonObject)) {
    const prop = (raw && typeof raw === "object" ? raw : {}) as JsonObject;
    const { type: t, description, ...extra } = prop;
    if (typeof t !== "string" || !(FIELD_TYPES as readonly string[]).includes(t)) {
      return { editable: false, reason: `Field \`${name}\` has a type the visual editor does not show.` };
    }
    rows.push({ name, type: t as FieldType, required: req.has(name), description: typeof description === "string" ? description : "", extra });
  }
  return { rows, root, editable: true };
}

/** The JSON Schema for rows; null when there are none (no structured output). */
export function rowsToSchema(rows: readonly SchemaRow[], root: JsonObject = {}): JsonObject | null {
  if (!rows.length) return null;
  const properties: JsonObject = {};
  for (const row of rows) {
    const prop: JsonObject = { type: row.type };
    if (row.description) prop.description = row.description;
    const extra = { ...row.extra };
    if (row.type !== "array") delete extra.items;
    if (row.type !== "object") {
      delete extra.properties;
      delete extra.required;
    }
    if (row.type === "array" && !extra.items) extra.items = { type: "string" };
    Object.assign(prop, extra);
    properties[row.name] = prop;
  }
  const schema: JsonObject = { type: "object", properties, required: rows.filter((r) => r.required).map((r) => r.name) };
  return { ...schema, ...root, type: "object", properties, required: schema.required };
}

/** Problems with the rows (shown inline before they are written). */
export function rowProblems(rows: readonly SchemaRow[]): (string | null)[] {
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(r.name, (seen.get(r.name) ?? 0) + 1);
  return rows.map((r) => {
    if (!r.name) return "Name the field.";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(r.name)) return "Letters, digits and _, not starting with a digit.";
    if ((seen.get(r.name) ?? 0) > 1) return "Two fields have this name.";
    return null;
  });
}

export function newRowName(rows: readonly SchemaRow[]): string {
  const taken = new Set(rows.map((r) => r.name));
  for (let n = 1; ; n++) if (!taken.has(`field_${n}`)) return `field_${n}`;
}
