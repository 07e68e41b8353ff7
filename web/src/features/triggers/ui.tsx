"use client";

import type { ReactNode } from "react";

export const inputClass =
  "mt-1 block w-full rounded-md border border-border bg-surface px-2 py-1 text-[12px] text-foreground shadow-sm focus-visible:outline-2 focus-visible:outline-accent";

/** A labelled field of the Triggers panel. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block text-[11px] font-medium text-muted">
      {label}
      {children}
    </label>
  );
}

export function SectionError({ message }: { message: string }) {
  return (
    <p role="alert" className="rounded-md border border-danger/40 bg-danger-surface px-2 py-1 text-[12px] whitespace-pre-line text-danger">
      {message}
    </p>
  );
}
