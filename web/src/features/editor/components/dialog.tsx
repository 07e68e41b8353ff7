"use client";

import { useEffect, useRef, type ReactNode } from "react";

/** A small modal dialog (native <dialog>: focus trap, Escape, backdrop). */
export function Dialog({
  open,
  title,
  children,
  actions,
  onClose,
  testId,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onClose(): void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      data-testid={testId}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-border bg-surface p-0 text-foreground shadow-2xl backdrop:bg-black/40 backdrop:backdrop-blur-[2px]"
    >
      {open ? (
        <div className="p-5">
          <h2 id={testId ? `${testId}-title` : undefined} className="text-base font-semibold">
            {title}
          </h2>
          <div className="mt-2 text-sm leading-relaxed text-muted">{children}</div>
          <div className="mt-5 flex flex-wrap justify-end gap-2">{actions}</div>
        </div>
      ) : null}
    </dialog>
  );
}

export const buttonClass =
  "inline-flex h-8 items-center justify-center gap-1.5 rounded-lg border border-border bg-surface px-3 text-[13px] font-medium text-foreground transition hover:bg-surface-muted disabled:cursor-not-allowed disabled:opacity-50";
export const primaryButtonClass =
  "inline-flex h-8 items-center justify-center gap-1.5 rounded-lg bg-accent px-3 text-[13px] font-medium text-accent-foreground shadow-sm transition hover:brightness-110 disabled:cursor-not-allowed disabled:opacity-60";
export const dangerButtonClass =
  "inline-flex h-8 items-center justify-center gap-1.5 rounded-lg bg-danger px-3 text-[13px] font-medium text-white shadow-sm transition hover:brightness-110";
