"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";

import { useTRPC } from "@/lib/trpc/client";

import type { RunRead } from "./state/types";
import { fieldKind, type FormValues, type InputSpec, type InputSpecs, initialValues, parseInputs } from "./start/input-form";

export type StartRunDialogProps = {
  workflowId: string;
  /** The workflow's `inputs` declarations (its spec's `inputs`). */
  inputs: InputSpecs;
  /** Pin a version; the workflow's current version when omitted. */
  version?: number | null;
  workflowName?: string;
  /** Values to start from (e.g. an earlier run's inputs); defaults otherwise. */
  initial?: Record<string, unknown>;
  open: boolean;
  onClose: () => void;
  /** Called with the new run before navigating to `/runs/<id>`. */
  onStarted?: (run: RunRead) => void;
};

const fieldClass = "mt-1 w-full rounded-lg border border-border bg-surface px-3 py-2 text-sm shadow-sm placeholder:text-muted/70 aria-[invalid=true]:border-danger";

/**
 * Start a run: a form built from the workflow's input declarations, then the run
 * visualizer. A modal <dialog> (focus is trapped, Esc closes); one Idempotency-Key
 * per opening, so a double submit starts one run.
 */
export function StartRunDialog({ workflowId, inputs, version, workflowName, initial, open, onClose, onStarted }: StartRunDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onCancel={onClose}
      aria-labelledby="start-run-title"
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-2xl border border-border bg-surface p-0 text-foreground shadow-2xl backdrop:bg-black/40 backdrop:backdrop-blur-[2px]"
    >
      {open ? <StartRunForm {...{ workflowId, inputs, version, workflowName, initial, onClose, onStarted }} /> : null}
    </dialog>
  );
}

function StartRunForm({ workflowId, inputs, version, workflowName, initial, onClose, onStarted }: Omit<StartRunDialogProps, "open">) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [values, setValues] = useState<FormValues>(() => initialValues(inputs, initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: (run) => {
        onStarted?.(run);
        router.push(`/runs/${run.id}`);
      },
    }),
  );
  const entries = Object.entries(inputs);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseInputs(inputs, values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      document.getElementById(`${id}-${Object.keys(parsed.errors)[0]}`)?.focus();
      return;
    }
    setErrors({});
    start.mutate({ workflowId, inputs: parsed.inputs, version: version ?? null, idempotencyKey });
  };

  const engineFieldErrors = (start.error?.data as { fieldErrors?: { field?: string; message: string }[] | null } | undefined)?.fieldErrors ?? [];

  return (
    <form onSubmit={submit} noValidate>
      <div className="border-b border-border px-5 py-4">
        <h2 id="start-run-title" className="text-lg font-semibold">
          Run {workflowName ? <span className="text-muted">“{workflowName}”</span> : "workflow"}
        </h2>
        <p className="mt-0.5 text-sm text-muted">{entries.length ? "Fill in the workflow's inputs." : "This workflow takes no inputs."}</p>
      </div>
      <div className="max-h-[60vh] space-y-4 overflow-y-auto px-5 py-4">
        {entries.map(([name, spec]) => (
          <Field key={name} id={`${id}-${name}`} name={name} spec={spec} value={values[name] ?? ""} error={errors[name]} onChange={(v) => setValues((prev) => ({ ...prev, [name]: v }))} />
        ))}
        {start.error ? (
          <div role="alert" className="rounded-lg border border-danger/40 bg-danger-surface px-3 py-2 text-sm text-danger">
            {start.error.message}
            {engineFieldErrors.length ? (
              <ul className="mt-1 list-disc pl-5">
                {engineFieldErrors.map((e, i) => (
                  <li key={i}>{e.field ? `${e.field}: ${e.message}` : e.message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="flex justify-end gap-2 border-t border-border px-5 py-3">
        <button type="button" onClick={onClose} className="rounded-lg border border-border px-3 py-1.5 text-sm font-medium hover:bg-surface-muted">
          Cancel
        </button>
        <button
          type="submit"
          disabled={start.isPending || start.isSuccess}
          className="inline-flex items-center gap-2 rounded-lg bg-accent px-4 py-1.5 text-sm font-medium text-accent-foreground shadow-sm hover:opacity-90 disabled:opacity-60"
        >
          {start.isPending || start.isSuccess ? "Starting…" : "Start run"}
        </button>
      </div>
    </form>
  );
}

function Field({ id, name, spec, value, error, onChange }: { id: string; name: string; spec: InputSpec; value: string | boolean; error?: string; onChange: (v: string | boolean) => void }) {
  const kind = fieldKind(spec);
  const required = spec.required !== false && spec.default === undefined;
  const describedBy = [spec.description ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = { id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, "aria-required": required || undefined };
  const label = (
    <span className="text-sm font-medium">
      {name}
      {required ? <span className="text-danger"> *</span> : <span className="font-normal text-muted"> (optional)</span>}
      <span className="ml-2 text-xs font-normal text-muted">{spec.type}</span>
    </span>
  );
  return (
    <div>
      {kind === "checkbox" ? (
        <label htmlFor={id} className="flex items-center gap-2">
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} className="size-4 accent-[var(--accent)]" />
          {label}
        </label>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          {kind === "select" ? (
            <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)} className={fieldClass}>
              {!required ? <option value="">(default)</option> : <option value="" disabled>Choose…</option>}
              {spec.enum!.map((option) => (
                <option key={String(option)} value={typeof option === "string" ? option : JSON.stringify(option)}>
                  {String(option)}
                </option>
              ))}
            </select>
          ) : kind === "number" ? (
            <input {...common} type="number" inputMode="decimal" step={spec.type === "integer" ? 1 : "any"} value={String(value)} onChange={(e) => onChange(e.target.value)} className={fieldClass} />
          ) : (
            <textarea
              {...common}
              value={String(value)}
              onChange={(e) => onChange(e.target.value)}
              rows={kind === "json" ? 5 : 2}
              spellCheck={kind !== "json"}
              placeholder={kind === "json" ? (spec.type === "array" ? "[ ]" : "{ }") : undefined}
              className={`${fieldClass} ${kind === "json" ? "font-mono text-xs" : ""}`}
            />
          )}
        </>
      )}
      {spec.description ? (
        <p id={`${id}-help`} className="mt-1 text-xs text-muted">
          {spec.description}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
