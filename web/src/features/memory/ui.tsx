"use client";

import type { ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { AlertIcon } from "@/features/workflows/icons";

/** A text input / textarea / select, as the other forms draw them. */
export const inputClass =
  "block h-9 w-full rounded-md border border-border bg-background px-3 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25 aria-invalid:border-danger";
export const textareaClass =
  "block w-full rounded-md border border-border bg-background px-3 py-2 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25 aria-invalid:border-danger";

/** A labelled control with its error (or hint) under it, tied to it by aria-describedby. */
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

/** A problem that stops the page (or part of it) from showing what it should, with a retry. */
export function ErrorBanner({ title, children, onRetry, retrying }: { title: string; children: ReactNode; onRetry?: () => void; retrying?: boolean }) {
  return (
    <div role="alert" className="mb-4 flex gap-3 rounded-lg border border-danger/30 bg-danger-surface px-4 py-3 text-sm">
      <span className="mt-0.5 text-danger [&_svg]:size-4">
        <AlertIcon />
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-medium text-danger">{title}</p>
        <div className="mt-0.5 break-words text-foreground/80">{children}</div>
      </div>
      {onRetry ? (
        <Button variant="secondary" size="sm" pending={retrying} onClick={onRetry}>
          Retry
        </Button>
      ) : null}
    </div>
  );
}

/** "Delete “name”?" with what goes with it; the dashboard's delete dialog, for memory. */
export function ConfirmDeleteDialog({
  name,
  description,
  confirmLabel,
  onClose,
  onConfirm,
}: {
  /** null: closed. */
  name: string | null;
  description: ReactNode;
  confirmLabel: string;
  onClose: () => void;
  onConfirm: () => void;
}) {
  return (
    <Dialog
      open={name !== null}
      onClose={onClose}
      size="sm"
      title={
        <>
          Delete <span className="break-words">“{name}”</span>?
        </>
      }
      description={description}
    >
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}

/** The memory icon (lucide "brain-circuit"-like: stacked layers). */
export function MemoryIcon({ className = "size-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className={className}>
      <ellipse cx="12" cy="5" rx="8" ry="3" />
      <path d="M4 5v6c0 1.66 3.58 3 8 3s8-1.34 8-3V5" />
      <path d="M4 11v6c0 1.66 3.58 3 8 3s8-1.34 8-3v-6" />
    </svg>
  );
}
