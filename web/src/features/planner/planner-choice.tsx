"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";

import { useTRPC } from "@/lib/trpc/client";

/**
 * Who plans: the offline demo planner, or one of the user's saved keys (its provider's
 * default model reads the request through structured output). `value` is a credential id, or
 * "" for the demo planner.
 */
export function PlannerChoice({ value, onChange }: { value: string; onChange(credentialId: string): void }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.credentials.list.queryOptions());
  const id = useId();
  if (!keys.data?.length) return null; // no saved key: the demo planner, nothing to choose
  return (
    <div className="flex items-center gap-2 text-xs text-muted">
      <label htmlFor={id}>Planner</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid="planner-choice"
        className="h-7 rounded-md border border-border bg-background px-2 text-xs text-foreground"
      >
        <option value="">Demo planner (offline)</option>
        {keys.data.map((key) => (
          <option key={key.id} value={key.id}>
            {key.label} ({key.provider})
          </option>
        ))}
      </select>
    </div>
  );
}
