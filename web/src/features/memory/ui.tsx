"use client";

import type { ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";

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
