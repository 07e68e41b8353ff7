"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

import { Button } from "./button";

export type DialogProps = {
  open: boolean;
  /** Esc, a click on the backdrop, or a Cancel button. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Max width class (default `max-w-md`). */
  size?: "sm" | "md" | "lg";
};

const SIZES = { sm: "max-w-sm", md: "max-w-md", lg: "max-w-2xl" } as const;

/**
 * A modal dialog on the native `<dialog>` (showModal): the rest of the page is
 * inert (focus stays inside), Esc closes, focus returns to where it was.
 * Content mounts only while open, so forms inside start fresh each time.
 * Put `autoFocus` on the control that should take focus first.
 */
export function Dialog({ open, onClose, title, description, children, size = "md" }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault(); // the parent owns `open`
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose(); // the backdrop
      }}
      className={`m-auto w-[calc(100%-2rem)] ${SIZES[size]} rounded-xl border border-border bg-surface p-0 text-foreground shadow-2xl transition-[opacity,scale] duration-150 backdrop:bg-black/40 backdrop:backdrop-blur-[2px] starting:scale-95 starting:opacity-0 dark:backdrop:bg-black/60`}
    >
      {open ? (
        <div className="p-5">
          <h2 id={titleId} className="text-base font-semibold tracking-tight">
            {title}
          </h2>
          {description ? (
            <div id={descriptionId} className="mt-1.5 text-sm text-muted">
              {description}
            </div>
          ) : null}
          {children ? <div className="mt-4">{children}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}

/** Right-aligned dialog actions. */
export function DialogFooter({ children }: { children: ReactNode }) {
  return <div className="mt-5 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">{children}</div>;
}

export type ConfirmDialogProps<T> = {
  /** What is to be confirmed; null: the dialog is closed. */
  item: T | null;
  onClose: () => void;
  title: (item: T) => ReactNode;
  description: ReactNode;
  /** The danger button's label, e.g. "Delete key". */
  confirmLabel: string;
  onConfirm: (item: T) => void;
};

/** "Delete X?": Cancel (focused first, so Enter is safe) and a danger button that confirms. */
export function ConfirmDialog<T>({ item, onClose, title, description, confirmLabel, onConfirm }: ConfirmDialogProps<T>) {
  return (
    <Dialog open={item !== null} onClose={onClose} size="sm" title={item !== null ? title(item) : null} description={description}>
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            if (item !== null) onConfirm(item);
            onClose();
          }}
        >
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
