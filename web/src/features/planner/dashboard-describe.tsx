"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { DescribeForm } from "./describe-form";
import { nameFromDescription, stashNewDraft } from "./draft-stash";

/**
 * The dashboard's "Describe what you want": drafts a workflow and opens it in the editor as a
 * new, unsaved workflow (`/workflows/new`). Nothing is saved on the engine until the user
 * saves it there: a draft left unsaved leaves no workflow behind.
 */
export function DashboardDescribe() {
  const router = useRouter();
  const [opening, setOpening] = useState(false);

  return (
    <section className="mb-6 rounded-xl border border-border bg-surface p-4 shadow-xs" aria-label="Draft a workflow from a sentence">
      <DescribeForm
        busy={opening}
        onDrafted={(result, description) => {
          setOpening(true);
          const key = stashNewDraft(result, nameFromDescription(description));
          router.push(`/workflows/new?draft=${encodeURIComponent(key)}`);
        }}
      />
    </section>
  );
}
