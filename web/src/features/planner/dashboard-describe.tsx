"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { blankSpec } from "@/features/workflows/lib/blank-spec";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { DescribeForm } from "./describe-form";
import { nameFromDescription, stashDraft } from "./draft-stash";

/**
 * The dashboard's "Describe what you want": drafts a workflow, makes a blank workflow to hold
 * it, and opens the editor with the draft as an unsaved change (nothing of the draft is saved
 * until the user saves it there).
 */
export function DashboardDescribe() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.workflows.create.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  return (
    <section className="mb-6 rounded-xl border border-border bg-surface p-4 shadow-xs" aria-label="Draft a workflow from a sentence">
      <DescribeForm
        busy={create.isPending || create.isSuccess}
        onDrafted={async (result, description) => {
          setError(null);
          try {
            const workflow = await create.mutateAsync({ name: nameFromDescription(description), spec: blankSpec() });
            stashDraft(workflow.id, result);
            router.push(`/workflows/${workflow.id}/edit`);
          } catch (e) {
            setError(describeError(e).message);
          }
        }}
      />
      {error ? (
        <p role="alert" className="mt-2 text-xs text-danger">
          Could not open the draft: {error}
        </p>
      ) : null}
    </section>
  );
}
