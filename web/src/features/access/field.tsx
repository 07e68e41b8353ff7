/** A labelled form control with its error or hint, as the settings forms lay them out. */
import type { ReactNode } from "react";

export const inputClass =
  "block h-9 w-full rounded-md border border-border bg-background px-3 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25";

export function Field({ label, id, error, hint, children }: { label: string; id: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
      {error ? (
        <p className="text-xs text-danger" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-muted">{hint}</p>
      ) : null}
    </div>
  );
}
