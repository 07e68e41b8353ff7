"use client";

import type { ReactNode } from "react";

import { Button } from "./button";

/** A problem that stops the page (or part of it) from showing what it should, with a retry
 * (and a way to dismiss it, for a problem that does not block the page). */
export function ErrorBanner({
  title,
  children,
  onRetry,
  retrying,
  onDismiss,
}: {
  title: string;
  children: ReactNode;
  onRetry?: () => void;
  retrying?: boolean;
  onDismiss?: () => void;
}) {
  return (
    <div role="alert" className="mb-4 flex gap-3 rounded-lg border border-danger/30 bg-danger-surface px-4 py-3 text-sm">
      <span className="mt-0.5 text-danger [&_svg]:size-4">
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" />
          <path d="M12 9v4M12 17h.01" />
        </svg>
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
      {onDismiss ? (
        <button type="button" onClick={onDismiss} aria-label="Dismiss" className="-m-1 self-start rounded p-1 text-muted hover:text-foreground [&_svg]:size-4">
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
            <path d="M18 6 6 18M6 6l12 12" />
          </svg>
        </button>
      ) : null}
    </div>
  );
}
