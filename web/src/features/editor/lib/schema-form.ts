/**
 * A node type's config JSON Schema (2020-12) as form fields. Handles what the
 * engine publishes: strings (templates as text areas), numbers, enums, booleans,
 * arrays (of enums: checkboxes; of objects: a list of sub-forms), objects with
 * properties, maps (`additionalProperties`), `anyOf [X, null]` (optional X), `$ref`
 * into `$defs`. Anything else (e.g. `oneOf`, a free-form object) is edited as JSON.
 */
import type { JsonObject, JsonSchema } from "../types";

type Common = {
  key: string;
  title: string;
  description?: string;
  required: boolean;
  /** `anyOf [X, null]`: the value may be null / left out. */
  nullable: boolean;
  default?: unknown;
  /** Collapsed under "Advanced" (retries, timeouts). */
  advanced: boolean;
};

export type FieldSpec = Common &
  (
    | { kind: "text"; multiline: boolean; template: boolean; reference: boolean; pattern?: string; minLength?: number; maxLength?: number; format?: string }
    | { kind: "number"; integer: boolean; minimum?: number; maximum?: number; exclusiveMinimum?: number }
    | { kind: "boolean" }
    | { kind: "enum"; options: unknown[] }
    | { kind: "multi-enum"; options: unknown[] }
    | { kind: "list"; item: FieldSpec }
    | { kind: "object"; fields: FieldSpec[] }
    | { kind: "map"; value: FieldSpec; keyPattern?: string }
    | { kind: "json" }
  );

export type FieldKind = FieldSpec["kind"];

const ADVANCED = new Set(["timeout_s", "max_attempts", "retry_initial_delay_s", "retries", "max_response_bytes", "max_tokens", "temperature", "fallbacks", "cache"]);
const LONG_TEXT_KEYS = /prompt|instructions|template|message|body|value/i;
const MAX_DEPTH = 6;

/** "retry_initial_delay_s" -> "Retry initial delay (s)" */
export function titleFor(key: string): string {
  const words = key.replace(/_s$/, " (s)").replace(/_mb$/, " (MB)").replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; i < 10 && typeof current.$ref === "string"; i++) {
    const ref = current.$ref as string;
    const match = /^#\/\$defs\/(.+)$/.exec(ref);
    const defs = (root.$defs ?? {}) as Record<string, JsonSchema>;
    const target = match ? defs[match[1]!] : undefined;
    if (!target) return {};
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

const isNullSchema = (s: unknown) => !!s && typeof s === "object" && (s as JsonSchema).type === "null";

/** One field of the form for a property schema. */
export function fieldFor(key: string, raw: JsonSchema, root: JsonSchema, required: boolean, depth = 0): FieldSpec {
  let schema = resolve(raw, root);
  let nullable = false;
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(anyOf)) {
    const rest = anyOf.filter((s) => !isNullSchema(s));
    nullable = rest.length < anyOf.length;
    if (rest.length === 1) {
      const { anyOf: _a, ...outer } = schema;
      schema = { ...resolve(rest[0]!, root), ...outer };
    }
  }
  const common: Common = {
    key,
    title: titleFor(key),
    description: typeof schema.description === "string" ? schema.description : undefined,
    required,
    nullable,
    default: schema.default,
    advanced: depth === 0 && ADVANCED.has(key),
  };
  if (depth > MAX_DEPTH || Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) return { ...common, kind: "json" };
  if (Array.isArray(schema.enum)) return { ...common, kind: "enum", options: schema.enum as unknown[] };
  switch (schema.type) {
    case "string": {
      const format = typeof schema.format === "string" ? schema.format : undefined;
      const template = format === "orrery-template";
      return {
        ...common,
        kind: "text",
        template,
        reference: format === "orrery-reference",
        multiline: template && (LONG_TEXT_KEYS.test(key) || depth > 0),
        pattern: typeof schema.pattern === "string" ? schema.pattern : undefined,
        minLength: typeof schema.minLength === "number" ? schema.minLength : undefined,
        maxLength: typeof schema.maxLength === "number" ? schema.maxLength : undefined,
        format,
      };
    }
    case "number":
    case "integer":
      return {
        ...common,
        kind: "number",
        integer: schema.type === "integer",
        minimum: typeof schema.minimum === "number" ? schema.minimum : undefined,
        maximum: typeof schema.maximum === "number" ? schema.maximum : undefined,
        exclusiveMinimum: typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined,
      };
    case "boolean":
      return { ...common, kind: "boolean" };
    case "array": {
      const items = schema.items && typeof schema.items === "object" ? resolve(schema.items as JsonSchema, root) : {};
      if (Array.isArray(items.enum)) return { ...common, kind: "multi-enum", options: items.enum as unknown[] };
      if (!schema.items) return { ...common, kind: "json" };
      return { ...common, kind: "list", item: fieldFor("item", schema.items as JsonSchema, root, true, depth + 1) };
    }
    case "object": {
      const properties = schema.properties as Record<string, JsonSchema> | undefined;
      if (properties && Object.keys(properties).length) {
        const req = new Set((schema.required as string[] | undefined) ?? []);
        return {
          ...common,
          kind: "object",
          fields: Object.entries(properties).map(([k, s]) => fieldFor(k, s, root, req.has(k), depth + 1)),
        };
      }
      const additional = schema.additionalProperties;
      if (additional && typeof additional === "object") {
        const names = schema.propertyNames as JsonSchema | undefined;
        return {
          ...common,
          kind: "map",
          value: fieldFor("value", additional as JsonSchema, root, true, depth + 1),
          keyPattern: typeof names?.pattern === "string" ? names.pattern : undefined,
        };
      }
      return { ...common, kind: "json" };
    }
    default:
      return { ...common, kind: "json" };
  }
}

/** The form of a config schema: one field per top-level property, in schema order. */
export function formFor(schema: JsonSchema): FieldSpec[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([key, s]) => fieldFor(key, s, schema, required.has(key)));
}

/** A starting value for a new list item or map entry of this field. */
export function emptyValue(field: FieldSpec): unknown {
  if (field.default !== undefined) return structuredClone(field.default);
  switch (field.kind) {
    case "text":
      return "";
    case "number":
      return field.minimum ?? 0;
    case "boolean":
      return false;
    case "enum":
      return field.options[0] ?? null;
    case "multi-enum":
    case "list":
      return [];
    case "object": {
      const value: JsonObject = {};
      for (const f of field.fields) if (f.required) value[f.key] = emptyValue(f);
      return value;
    }
    case "map":
    case "json":
      return {};
  }
}

/** `config.routes[0].name` for the path segments `["routes", 0, "name"]`. */
export function pathString(segments: readonly (string | number)[], prefix = "config"): string {
  return segments.reduce<string>((acc, s) => (typeof s === "number" ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), prefix);
}

/** The config with `value` at `segments` (undefined removes the key); the input is not changed. */
export function setIn(target: unknown, segments: readonly (string | number)[], value: unknown): unknown {
  if (!segments.length) return value;
  const [head, ...rest] = segments;
  if (typeof head === "number") {
    const list = Array.isArray(target) ? [...target] : [];
    list[head] = setIn(list[head], rest, value);
    return list;
  }
  const obj: JsonObject = target && typeof target === "object" && !Array.isArray(target) ? { ...(target as JsonObject) } : {};
  const next = setIn(obj[head!], rest, value);
  if (next === undefined) delete obj[head!];
  else obj[head!] = next;
  return obj;
}

export function getIn(target: unknown, segments: readonly (string | number)[]): unknown {
  let current = target;
  for (const s of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[s];
  }
  return current;
}
