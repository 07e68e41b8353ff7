/** Form pieces every page draws the same way: a labelled control with its error or hint. */
import type { ReactNode } from "react";

/** A text input / select, as every form draws them. */
export const inputClass =
  "block h-9 w-full rounded-md border border-border bg-background px-3 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25 aria-invalid:border-danger";
export const textareaClass =
  "block w-full rounded-md border border-border bg-background px-3 py-2 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25 aria-invalid:border-danger";

/** A labelled control with its error (or hint) under it; `describedBy` ties them to the control. */
export function Field({ label, id, error, hint, children }: { label: ReactNode; id: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {error ? (
        <p className="text-xs text-danger" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-muted" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The aria props of a control inside <Field>. */
export const describedBy = (id: string, error?: string, hint?: unknown) => ({
  "aria-invalid": error ? true : undefined,
  "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
});
