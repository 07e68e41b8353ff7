"use client";

import { useState } from "react";

import { Icon } from "../components/icons";
import { INPUT_TYPES, inputRowProblems, inputsToRows, rowsToInputs, type InputRow } from "../lib/inputs";
import { problemsAt } from "../lib/problems";
import type { InputSpec, InputType, Problem } from "../types";
import { controlClass, iconButton, inputClass, smallButton } from "./ui";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The workflow's run inputs: name, type, description, required, default. */
export function InputsEditor({
  inputs,
  onChange,
  problems,
}: {
  inputs: Record<string, InputSpec>;
  onChange(inputs: Record<string, InputSpec>): void;
  problems: readonly Problem[];
}) {
  const [rows, setRows] = useState<InputRow[]>(() => inputsToRows(inputs));
  const [seen, setSeen] = useState(inputs);
  // Follow changes from elsewhere (undo/redo) unless the rows already say the same.
  if (seen !== inputs) {
    setSeen(inputs);
    if (!same(inputs, rowsToInputs(rows))) setRows(inputsToRows(inputs));
  }

  const rowErrors = inputRowProblems(rows);
  const update = (next: InputRow[]) => {
    setRows(next);
    if (inputRowProblems(next).some(Boolean)) return;
    onChange(rowsToInputs(next));
  };
  const patch = (index: number, change: Partial<InputRow>) => update(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));

  return (
    <div className="space-y-2" data-testid="inputs-editor">
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-3 py-4 text-center text-xs text-muted">
          No inputs yet. A run is started with the inputs declared here; templates read them as <code className="font-mono">{"{{ inputs.name }}"}</code>.
        </p>
      ) : null}
      {rows.map((row, index) => {
        const engineErrors = problemsAt(problems, `inputs.${row.name}`, true);
        const error = rowErrors[index] ?? engineErrors[0];
        return (
          <div key={index} className="rounded-lg border border-border bg-background/60 p-2.5" role="group" aria-label={`Input ${row.name || index + 1}`}>
            <div className="flex items-center gap-1.5">
              <input
                aria-label={`Input ${index + 1} name`}
                value={row.name}
                onChange={(e) => patch(index, { name: e.target.value })}
                aria-invalid={!!rowErrors[index] || undefined}
                className={`${controlClass} min-w-0 flex-1 font-mono text-[12px]`}
                spellCheck={false}
              />
              <select
                aria-label={`Input ${index + 1} type`}
                value={row.type}
                onChange={(e) => patch(index, { type: e.target.value as InputType })}
                className={`${controlClass} w-24 shrink-0`}
              >
                {INPUT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
              <button type="button" aria-label={`Remove input ${row.name || index + 1}`} onClick={() => update(rows.filter((_, i) => i !== index))} className={iconButton}>
                <Icon name="trash" className="size-3.5" />
              </button>
            </div>
            <input
              aria-label={`Input ${index + 1} description`}
              value={row.description}
              placeholder="Description"
              onChange={(e) => patch(index, { description: e.target.value })}
              className={`${inputClass} mt-1.5 py-1 text-[12px]`}
            />
            <div className="mt-1.5 flex items-center gap-2">
              {row.type === "boolean" ? (
                <select
                  aria-label={`Input ${index + 1} default`}
                  value={row.defaultText}
                  onChange={(e) => patch(index, { defaultText: e.target.value })}
                  className={`${controlClass} min-w-0 flex-1 py-1 text-[12px]`}
                >
                  <option value="">No default</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : (
                <input
                  aria-label={`Input ${index + 1} default`}
                  value={row.defaultText}
                  placeholder={row.type === "object" ? "Default (JSON object)" : row.type === "array" ? "Default (JSON array)" : "Default"}
                  onChange={(e) => patch(index, { defaultText: e.target.value })}
                  className={`${controlClass} min-w-0 flex-1 py-1 text-[12px] ${row.type === "string" ? "" : "font-mono"}`}
                  spellCheck={false}
                />
              )}
              <label className="flex shrink-0 cursor-pointer items-center gap-1 text-[11.5px] text-muted">
                <input
                  type="checkbox"
                  className="size-3.5 accent-[var(--accent)]"
                  checked={row.required}
                  aria-label={`Input ${index + 1} required`}
                  onChange={(e) => patch(index, { required: e.target.checked })}
                />
                Required
              </label>
            </div>
            {error ? <p className="mt-1 text-[11.5px] text-danger">{error}</p> : null}
          </div>
        );
      })}
      <button
        type="button"
        className={smallButton}
        onClick={() => {
          const taken = new Set(rows.map((r) => r.name));
          let n = 1;
          while (taken.has(n === 1 ? "topic" : `input_${n}`)) n++;
          update([...rows, { name: n === 1 ? "topic" : `input_${n}`, type: "string", description: "", required: true, defaultText: "" }]);
        }}
      >
        <Icon name="plus" className="size-3.5" />
        Add input
      </button>
    </div>
  );
}
