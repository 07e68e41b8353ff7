"use client";

import Link from "next/link";
import { useEffect } from "react";

import { Button, buttonClasses } from "@/components/ui/button";

/**
 * A page of the app that failed to render: say so in words, offer to try again (the same
 * page, re-rendered) or go back to the workflows; the header and the footer stay. Next
 * replaces a server error's message with a digest in production: it names the log line.
 */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.warn("page failed to render", error.digest ?? error.message);
  }, [error]);
  return (
    <div role="alert" className="mx-auto max-w-lg py-16 text-center" data-testid="page-error">
      <h1 className="text-xl font-semibold tracking-tight">This page could not be shown</h1>
      <p className="mt-2 text-sm text-muted">
        Something went wrong while loading it. Nothing you saved is lost. Try again; if it keeps happening, the engine may be down
        (its status is at the bottom of the page).
      </p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-muted">Reference: {error.digest}</p> : null}
      <div className="mt-6 flex justify-center gap-3">
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
        <Link href="/workflows" className={buttonClasses({ variant: "secondary" })}>
          Go to workflows
        </Link>
      </div>
    </div>
  );
}
