"use client";

import dynamic from "next/dynamic";
import { createContext, useContext, useId, useState, type ReactNode } from "react";

import { problemsAt } from "../lib/problems";
import { emptyValue, pathString, type FieldSpec } from "../lib/schema-form";
import type { Problem } from "../types";
import { Icon } from "../components/icons";
import { isCodeField } from "./code-problems";
import { TemplateInput } from "./template-input";
import { FieldShell, controlClass, iconButton, inputClass, monoInputClass, smallButton } from "./ui";

export type Path = readonly (string | number)[];

type FormContextValue = {
  nodeId: string | null;
  problems: readonly Problem[] | undefined;
  setValue(path: Path, value: unknown): void;
  /** A type-specific new item for a list (e.g. a router route), or undefined for the generic one. */
  newItem?(path: Path): unknown;
  /** Fields drawn by a custom editor instead (e.g. the agent's output schema). */
  custom?(field: FieldSpec, path: Path, value: unknown): ReactNode | null;
  /** A container's field rendered in an iteration's scope (a map's `result`): suggests the body. */
  bodyField?(path: Path): boolean;
};

export const FormContext = createContext<FormContextValue | null>(null);

function useForm() {
  const form = useContext(FormContext);
  if (!form) throw new Error("SchemaField must be inside a FormContext");
  return form;
}

const CodeEditor = dynamic(() => import("./code-editor"), {
  ssr: false,
  loading: () => <div className="h-40 animate-pulse rounded-md border border-border bg-surface-muted" aria-busy="true" />,
});

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** One field of a schema-generated form, recursively. */
export function SchemaField({ field, path, value }: { field: FieldSpec; path: Path; value: unknown }) {
  const form = useForm();
  const id = useId();
  const custom = form.custom?.(field, path, value);
  if (custom) return <>{custom}</>;

  const p = pathString(path);
  const deep = field.kind === "json" || field.kind === "multi-enum";
  const errors = problemsAt(form.problems, p, deep);
  const invalid = errors.length > 0;
  const describedBy = invalid ? `${id}-errors` : field.description ? `${id}-help` : undefined;
  const set = (v: unknown) => form.setValue(path, v);
  const shell = (control: ReactNode, aside?: ReactNode) => (
    <FieldShell id={id} label={field.title} required={field.required} description={field.description} errors={errors} aside={aside}>
      {control}
    </FieldShell>
  );

  switch (field.kind) {
    case "text": {
      const text = typeof value === "string" ? value : "";
      const placeholder = typeof field.default === "string" && field.default ? field.default : field.nullable ? "Not set" : undefined;
      const onText = (t: string) => set(t === "" && (field.nullable || (!field.required && field.default === undefined)) ? undefined : t);
      if (isCodeField(field)) {
        return shell(<CodeEditor id={id} value={text} onChange={onText} problems={errors} describedBy={describedBy} />);
      }
      if (field.template || field.reference) {
        return shell(
          <TemplateInput
            id={id}
            nodeId={form.nodeId}
            inBody={form.bodyField?.(path)}
            value={text}
            onChange={onText}
            multiline={field.multiline}
            invalid={invalid}
            placeholder={field.reference ? "steps.node.output.field" : placeholder}
            describedBy={describedBy}
            expression={field.reference}
          />,
          field.template ? <span className="font-mono text-[10.5px] text-muted">{"{{ }}"}</span> : null,
        );
      }
      return shell(
        <input
          id={id}
          type="text"
          value={text}
          placeholder={placeholder}
          onChange={(e) => onText(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className={field.pattern ? monoInputClass : inputClass}
          spellCheck={false}
        />,
      );
    }
    case "number":
      return shell(<NumberInput id={id} field={field} value={value} onChange={set} invalid={invalid} describedBy={describedBy} />);
    case "boolean": {
      const checked = typeof value === "boolean" ? value : field.default === true;
      return (
        <div className="space-y-1">
          <label htmlFor={id} className="flex cursor-pointer items-start gap-2.5">
            <input
              id={id}
              type="checkbox"
              checked={checked}
              onChange={(e) => set(e.target.checked)}
              className="mt-0.5 size-4 shrink-0 accent-[var(--accent)]"
              aria-describedby={describedBy}
            />
            <span>
              <span className="block text-xs font-medium">{field.title}</span>
              {field.description ? <span className="block text-[11.5px] leading-snug text-muted">{field.description}</span> : null}
            </span>
          </label>
          {errors.map((m, i) => (
            <p key={i} className="text-[11.5px] text-danger">
              {m}
            </p>
          ))}
        </div>
      );
    }
    case "enum": {
      const current = value === undefined ? field.default : value;
      const index = field.options.findIndex((o) => o === current);
      return shell(
        <select
          id={id}
          value={index === -1 ? "" : String(index)}
          onChange={(e) => set(e.target.value === "" ? (field.nullable ? null : undefined) : field.options[Number(e.target.value)])}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className={inputClass}
        >
          {field.nullable || index === -1 ? <option value="">{field.nullable ? "None" : "Choose…"}</option> : null}
          {field.options.map((o, i) => (
            <option key={i} value={String(i)}>
              {String(o)}
            </option>
          ))}
        </select>,
      );
    }
    case "multi-enum": {
      const list = Array.isArray(value) ? value : [];
      return shell(
        <div id={id} role="group" aria-describedby={describedBy} className="flex flex-wrap gap-1.5">
          {field.options.map((o) => {
            const on = list.includes(o);
            return (
              <label
                key={String(o)}
                className={`inline-flex cursor-pointer items-center gap-1.5 rounded-md border px-2 py-1 font-mono text-[11.5px] transition ${on ? "border-accent bg-accent/10 text-foreground" : "border-border text-muted hover:text-foreground"}`}
              >
                <input
                  type="checkbox"
                  className="size-3.5 accent-[var(--accent)]"
                  checked={on}
                  onChange={(e) => set(e.target.checked ? [...list, o] : list.filter((x) => x !== o))}
                />
                {String(o)}
              </label>
            );
          })}
        </div>,
      );
    }
    case "object": {
      const obj = isObject(value) ? value : {};
      return (
        <fieldset className="space-y-3 rounded-lg border border-border p-3">
          <legend className="px-1 text-xs font-medium">{field.title}</legend>
          {field.fields.map((f) => (
            <SchemaField key={f.key} field={f} path={[...path, f.key]} value={obj[f.key]} />
          ))}
        </fieldset>
      );
    }
    case "list":
      return <ListField field={field} path={path} value={value} errors={errors} id={id} />;
    case "map":
      return <MapField field={field} path={path} value={value} errors={errors} id={id} />;
    case "json":
      return shell(<JsonInput id={id} value={value} onChange={set} nullable={field.nullable} invalid={invalid} describedBy={describedBy} />);
  }
}

function NumberInput({
  id,
  field,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  field: Extract<FieldSpec, { kind: "number" }>;
  value: unknown;
  onChange(v: unknown): void;
  invalid: boolean;
  describedBy?: string;
}) {
  const external = typeof value === "number" ? String(value) : "";
  const [text, setText] = useState(external);
  const [synced, setSynced] = useState(external);
  if (external !== synced) {
    setSynced(external);
    if (Number(text) !== Number(external) || text === "") setText(external);
  }
  const parsed = text.trim() === "" ? undefined : Number(text);
  const bad = parsed !== undefined && (Number.isNaN(parsed) || (field.integer && !Number.isInteger(parsed)));
  return (
    <>
      <input
        id={id}
        type="number"
        inputMode={field.integer ? "numeric" : "decimal"}
        step={field.integer ? 1 : "any"}
        min={field.minimum ?? field.exclusiveMinimum}
        max={field.maximum}
        value={text}
        placeholder={field.default !== undefined && field.default !== null ? String(field.default) : field.nullable ? "Not set" : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const t = e.target.value.trim();
          const n = Number(t);
          if (t === "") onChange(undefined);
          else if (!Number.isNaN(n) && (!field.integer || Number.isInteger(n))) onChange(n);
        }}
        aria-invalid={invalid || bad || undefined}
        aria-describedby={describedBy}
        className={inputClass}
      />
      {bad ? <p className="text-[11.5px] text-danger">{field.integer ? "A whole number." : "A number."}</p> : null}
    </>
  );
}

/** JSON for what has no form of its own (router conditions, free-form objects). */
export function JsonInput({
  id,
  value,
  onChange,
  nullable,
  invalid,
  describedBy,
  rows,
}: {
  id: string;
  value: unknown;
  onChange(v: unknown): void;
  nullable?: boolean;
  invalid?: boolean;
  describedBy?: string;
  rows?: number;
}) {
  const external = value === undefined ? "" : JSON.stringify(value, null, 2);
  const [text, setText] = useState(external);
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  // Follow outside changes (undo) unless the text already means the same value.
  if (seen !== value) {
    setSeen(value);
    let same = false;
    try {
      same = !!text.trim() && JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
    } catch {
      /* half-typed JSON gives way to the real value */
    }
    if (!same) {
      setText(external);
      setError(null);
    }
  }
  return (
    <>
      <textarea
        id={id}
        value={text}
        rows={rows ?? Math.min(10, Math.max(3, text.split("\n").length))}
        spellCheck={false}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (!t.trim()) {
            setError(null);
            onChange(nullable ? undefined : undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(t);
            setError(null);
            onChange(parsed);
          } catch {
            setError("Not valid JSON yet.");
          }
        }}
        aria-invalid={invalid || !!error || undefined}
        aria-describedby={describedBy}
        className={`${monoInputClass} resize-y`}
      />
      {error ? <p className="text-[11.5px] text-danger">{error}</p> : null}
    </>
  );
}

function ListField({ field, path, value, errors, id }: { field: Extract<FieldSpec, { kind: "list" }>; path: Path; value: unknown; errors: string[]; id: string }) {
  const form = useForm();
  const list = Array.isArray(value) ? value : [];
  const singular = field.title.replace(/s$/, "").toLowerCase() || "item";
  const add = () => {
    const item = form.newItem?.(path) ?? emptyValue(field.item);
    form.setValue(path, [...list, item]);
  };
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between">
        <span id={id} className="text-xs font-medium">
          {field.title}
          <span className="ml-1.5 font-normal text-muted">{list.length}</span>
        </span>
        <button type="button" onClick={add} className={smallButton}>
          <Icon name="plus" className="size-3.5" />
          Add {singular}
        </button>
      </div>
      {field.description ? <p className="text-[11.5px] text-muted">{field.description}</p> : null}
      {errors.map((m, i) => (
        <p key={i} className="text-[11.5px] text-danger">
          {m}
        </p>
      ))}
      {list.map((item, index) => (
        <div key={index} className="relative rounded-lg border border-border bg-background/60 p-3 pt-2.5" aria-label={`${singular} ${index + 1}`} role="group">
          <div className="mb-2 flex items-center justify-between">
            <span className="text-[11px] font-semibold text-muted uppercase">
              {singular} {index + 1}
            </span>
            <button
              type="button"
              aria-label={`Remove ${singular} ${index + 1}`}
              onClick={() => form.setValue(path, list.filter((_, i) => i !== index))}
              className={iconButton}
            >
              <Icon name="trash" className="size-3.5" />
            </button>
          </div>
          {field.item.kind === "object" ? (
            <div className="space-y-3">
              {field.item.fields.map((f) => (
                <SchemaField key={f.key} field={f} path={[...path, index, f.key]} value={isObject(item) ? item[f.key] : undefined} />
              ))}
            </div>
          ) : (
            <SchemaField field={{ ...field.item, title: `${singular} ${index + 1}` }} path={[...path, index]} value={item} />
          )}
        </div>
      ))}
    </div>
  );
}

function MapField({ field, path, value, errors, id }: { field: Extract<FieldSpec, { kind: "map" }>; path: Path; value: unknown; errors: string[]; id: string }) {
  const form = useForm();
  const obj = isObject(value) ? value : {};
  const entries = Object.entries(obj);
  const keyRe = field.keyPattern ? new RegExp(field.keyPattern) : null;
  const write = (next: [string, unknown][]) => form.setValue(path, next.length || !field.nullable ? Object.fromEntries(next) : undefined);
  const add = () => {
    let n = entries.length + 1;
    while (`key_${n}` in obj) n++;
    write([...entries, [`key_${n}`, emptyValue(field.value)]]);
  };
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between">
        <span id={id} className="text-xs font-medium">
          {field.title}
        </span>
        <button type="button" onClick={add} className={smallButton}>
          <Icon name="plus" className="size-3.5" />
          Add
        </button>
      </div>
      {field.description ? <p className="text-[11.5px] text-muted">{field.description}</p> : null}
      {errors.map((m, i) => (
        <p key={i} className="text-[11.5px] text-danger">
          {m}
        </p>
      ))}
      {entries.map(([key, v], index) => (
        <div key={index} className="flex items-start gap-1.5">
          <input
            aria-label={`${field.title} name ${index + 1}`}
            defaultValue={key}
            onBlur={(e) => {
              const k = e.target.value.trim();
              if (!k || k === key || k in obj) {
                e.target.value = key;
                return;
              }
              write(entries.map(([ek, ev]) => (ek === key ? [k, ev] : [ek, ev])));
            }}
            aria-invalid={(keyRe && !keyRe.test(key)) || undefined}
            className={`${controlClass} w-28 shrink-0 font-mono text-[12px]`}
            spellCheck={false}
          />
          <div className="min-w-0 flex-1">
            {field.value.kind === "text" ? (
              <TemplateInput
                id={`${id}-${index}`}
                nodeId={form.nodeId}
                inBody={form.bodyField?.(path)}
                value={typeof v === "string" ? v : ""}
                onChange={(t) => write(entries.map(([ek, ev]) => (ek === key ? [ek, t] : [ek, ev])))}
                multiline={false}
                expression={field.value.reference}
                invalid={problemsAt(form.problems, pathString([...path, key])).length > 0}
              />
            ) : (
              <SchemaField field={{ ...field.value, title: key }} path={[...path, key]} value={v} />
            )}
          </div>
          <button type="button" aria-label={`Remove ${key}`} onClick={() => write(entries.filter(([ek]) => ek !== key))} className={iconButton}>
            <Icon name="x" className="size-3.5" />
          </button>
        </div>
      ))}
    </div>
  );
}
