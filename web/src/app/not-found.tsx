import Link from "next/link";

import { buttonClasses } from "@/components/ui/button";

/** A URL the app does not have (signed in or not). */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-lg flex-col items-center justify-center px-6 text-center" data-testid="page-not-found">
      <h1 className="text-xl font-semibold tracking-tight">This page does not exist</h1>
      <p className="mt-2 text-sm text-muted">Check the address, or start from your workflows.</p>
      <Link href="/workflows" className={`${buttonClasses({ variant: "primary" })} mt-6`}>
        Go to workflows
      </Link>
    </main>
  );
}
