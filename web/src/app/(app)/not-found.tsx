import Link from "next/link";

import { buttonClasses } from "@/components/ui/button";

/** A workflow, run or collection that does not exist, or is not yours (the app does not say which). */
export default function AppNotFound() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center" data-testid="page-not-found">
      <h1 className="text-xl font-semibold tracking-tight">Not found</h1>
      <p className="mt-2 text-sm text-muted">There is nothing here, or it is not yours. It may have been deleted.</p>
      <div className="mt-6 flex justify-center">
        <Link href="/workflows" className={buttonClasses({ variant: "primary" })}>
          Go to workflows
        </Link>
      </div>
    </div>
  );
}
