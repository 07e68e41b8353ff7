"use client";

import type { ReactNode } from "react";

/** A control without a width (for rows); `inputClass` fills its line. */
export const controlClass =
  "rounded-md border border-border bg-background px-2.5 py-1.5 text-[13px] text-foreground outline-none transition placeholder:text-muted/70 focus:border-accent focus:ring-2 focus:ring-accent/20 aria-[invalid=true]:border-danger aria-[invalid=true]:focus:ring-danger/20";
export const inputClass = `${controlClass} block w-full`;
export const monoInputClass = `${inputClass} font-mono text-[12px] leading-relaxed`;
export const smallButton =
  "inline-flex h-7 items-center gap-1.5 rounded-md border border-border bg-surface px-2 text-xs font-medium text-foreground transition hover:bg-surface-muted disabled:opacity-50";
export const iconButton =
  "inline-flex size-7 shrink-0 items-center justify-center rounded-md text-muted transition hover:bg-surface-muted hover:text-foreground";

/** Label, help and errors around one control. */
export function FieldShell({
  id,
  label,
  required,
  description,
  errors,
  children,
  aside,
}: {
  id: string;
  label: ReactNode;
  required?: boolean;
  description?: string;
  errors?: readonly string[];
  children: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-xs font-medium text-foreground">
          {label}
          {required ? <span className="ml-0.5 text-danger" aria-hidden="true">*</span> : null}
        </label>
        {aside}
      </div>
      {children}
      {errors?.length ? (
        <ul id={`${id}-errors`} className="space-y-0.5" data-testid="field-errors">
          {errors.map((message, i) => (
            <li key={i} className="text-[11.5px] leading-snug text-danger">
              {message}
            </li>
          ))}
        </ul>
      ) : description ? (
        <p id={`${id}-help`} className="text-[11.5px] leading-snug text-muted">
          {renderTicks(description)}
        </p>
      ) : null}
    </div>
  );
}

/** `code` spans in descriptions written with backticks. */
export function renderTicks(text: string): ReactNode {
  const parts = text.split(/(`[^`]+`)/g);
  return parts.map((part, i) =>
    part.startsWith("`") && part.endsWith("`") && part.length > 2 ? (
      <code key={i} className="rounded bg-surface-muted px-1 font-mono text-[0.92em]">
        {part.slice(1, -1)}
      </code>
    ) : (
      part
    ),
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="border-b border-border px-4 py-4 last:border-b-0">
      <div className="mb-3 flex items-center justify-between">
        <h3 className="text-[11px] font-semibold tracking-wide text-muted uppercase">{title}</h3>
        {actions}
      </div>
      <div className="space-y-3.5">{children}</div>
    </section>
  );
}
