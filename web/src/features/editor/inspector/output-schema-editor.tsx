"use client";

import { useId, useState } from "react";

import { Icon } from "../components/icons";
import { FIELD_TYPES, newRowName, rowProblems, rowsToSchema, schemaToRows, type FieldType, type SchemaRow } from "../lib/output-schema";
import type { JsonObject } from "../types";
import { JsonInput } from "./schema-field";
import { controlClass, iconButton, smallButton } from "./ui";

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The agent's structured output, edited as fields (name, type, required, description)
 * that write a JSON Schema into `config.output_schema`; or as raw JSON.
 */
export function OutputSchemaEditor({ value, onChange, errors }: { value: unknown; onChange(schema: JsonObject | undefined): void; errors: readonly string[] }) {
  const id = useId();
  const parsed = schemaToRows(value);
  const [mode, setMode] = useState<"fields" | "json">(parsed.editable ? "fields" : "json");
  const [rows, setRows] = useState<SchemaRow[]>(parsed.editable ? parsed.rows : []);
  const [root, setRoot] = useState<JsonObject>(parsed.editable ? parsed.root : {});
  const [seen, setSeen] = useState(value);

  // Follow changes from elsewhere (undo/redo, the JSON view) unless the rows already say the same.
  if (seen !== value) {
    setSeen(value);
    if (!same(value, rowsToSchema(rows, root) ?? undefined)) {
      const next = schemaToRows(value);
      if (next.editable) {
        setRows(next.rows);
        setRoot(next.root);
      } else setMode("json");
    }
  }

  const problems = rowProblems(rows);
  const update = (next: SchemaRow[]) => {
    setRows(next);
    if (rowProblems(next).some(Boolean)) return; // written once every field is valid
    onChange(rowsToSchema(next, root) ?? undefined);
  };
  const patch = (index: number, change: Partial<SchemaRow>) => update(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));

  return (
    <div className="space-y-2" data-testid="output-schema-editor">
      <div className="flex items-center justify-between">
        <span id={id} className="text-xs font-medium">
          Output schema
        </span>
        <div role="tablist" aria-label="Output schema view" className="flex rounded-md border border-border p-0.5 text-[11px]">
          {(["fields", "json"] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              disabled={m === "fields" && !schemaToRows(value).editable}
              onClick={() => setMode(m)}
              className={`rounded px-2 py-0.5 font-medium transition disabled:opacity-40 ${mode === m ? "bg-surface-muted text-foreground" : "text-muted hover:text-foreground"}`}
            >
              {m === "fields" ? "Fields" : "JSON"}
            </button>
          ))}
        </div>
      </div>
      <p className="text-[11.5px] leading-snug text-muted">The agent answers with an object of these fields (structured output). None: free text.</p>
      {errors.map((m, i) => (
        <p key={i} className="text-[11.5px] text-danger">
          {m}
        </p>
      ))}
      {mode === "json" ? (
        <JsonInput id={`${id}-json`} value={value ?? undefined} rows={10} onChange={(v) => onChange(v as JsonObject | undefined)} nullable />
      ) : (
        <>
          {rows.length ? (
            <ul className="space-y-2" aria-labelledby={id}>
              {rows.map((row, index) => (
                <li key={index} className="rounded-lg border border-border bg-background/60 p-2.5" data-testid={`schema-field-${index}`}>
                  <div className="flex items-center gap-1.5">
                    <input
                      aria-label={`Field ${index + 1} name`}
                      value={row.name}
                      onChange={(e) => patch(index, { name: e.target.value })}
                      aria-invalid={!!problems[index] || undefined}
                      className={`${controlClass} min-w-0 flex-1 font-mono text-[12px]`}
                      spellCheck={false}
                    />
                    <select
                      aria-label={`Field ${index + 1} type`}
                      value={row.type}
                      onChange={(e) => patch(index, { type: e.target.value as FieldType })}
                      className={`${controlClass} w-24 shrink-0`}
                    >
                      {FIELD_TYPES.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </select>
                    <button type="button" aria-label={`Remove field ${row.name || index + 1}`} onClick={() => update(rows.filter((_, i) => i !== index))} className={iconButton}>
                      <Icon name="trash" className="size-3.5" />
                    </button>
                  </div>
                  <div className="mt-1.5 flex items-center gap-2">
                    <input
                      aria-label={`Field ${index + 1} description`}
                      value={row.description}
                      placeholder="Description (helps the model)"
                      onChange={(e) => patch(index, { description: e.target.value })}
                      className={`${controlClass} min-w-0 flex-1 py-1 text-[12px]`}
                    />
                    <label className="flex shrink-0 cursor-pointer items-center gap-1 text-[11.5px] text-muted">
                      <input
                        type="checkbox"
                        className="size-3.5 accent-[var(--accent)]"
                        checked={row.required}
                        aria-label={`Field ${index + 1} required`}
                        onChange={(e) => patch(index, { required: e.target.checked })}
                      />
                      Required
                    </label>
                  </div>
                  {problems[index] ? <p className="mt-1 text-[11.5px] text-danger">{problems[index]}</p> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <button
            type="button"
            className={smallButton}
            onClick={() => update([...rows, { name: newRowName(rows), type: "string", required: true, description: "", extra: {} }])}
          >
            <Icon name="plus" className="size-3.5" />
            Add field
          </button>
        </>
      )}
    </div>
  );
}
