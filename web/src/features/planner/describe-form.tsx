"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { PlannerChoice } from "./planner-choice";
import type { PlanResult } from "./types";

const MAX_DESCRIPTION = 2000;
const EXAMPLE = "every Monday research three trending topics in my niche, write a script for each, and ask me before saving them to memory";

/** "Describe what you want": a textarea and a button; the planner's valid draft goes to `onDrafted`. */
export function DescribeForm({ onDrafted, busy = false, compact = false }: { onDrafted(result: PlanResult, description: string): void | Promise<void>; busy?: boolean; compact?: boolean }) {
  const trpc = useTRPC();
  const plan = useMutation(trpc.planner.plan.mutationOptions());
  const [text, setText] = useState("");
  const [credentialId, setCredentialId] = useState("");
  const ids = { field: useId(), hint: useId(), error: useId() };
  const error = plan.error ? describeError(plan.error) : null;
  const blank = !text.trim();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (blank) return;
    const description = text.trim();
    const result = await plan.mutateAsync({ description, credentialId: credentialId || null }).catch(() => null);
    if (result) await onDrafted(result, description);
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-2" data-testid="describe-form">
      <label htmlFor={ids.field} className="text-sm font-medium">
        Describe what you want
      </label>
      <textarea
        id={ids.field}
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={MAX_DESCRIPTION}
        rows={compact ? 3 : 2}
        placeholder={`e.g. “${EXAMPLE}”`}
        aria-describedby={error ? `${ids.hint} ${ids.error}` : ids.hint}
        className="block w-full resize-y rounded-md border border-border bg-background px-3 py-2 text-sm shadow-xs outline-none focus:border-accent focus:ring-2 focus:ring-accent/20"
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) void submit(e);
        }}
      />
      <PlannerChoice value={credentialId} onChange={setCredentialId} />
      <div className="flex items-center justify-between gap-3">
        <p id={ids.hint} className="text-xs text-muted">
          The steps, what runs in parallel or once per item, and where you approve, drafted as a workflow you can edit before saving.
        </p>
        <Button type="submit" variant="primary" size="sm" pending={plan.isPending || busy} disabled={blank}>
          Draft it
        </Button>
      </div>
      {error ? (
        <p id={ids.error} role="alert" className="text-xs text-danger">
          {error.message}
        </p>
      ) : null}
    </form>
  );
}
