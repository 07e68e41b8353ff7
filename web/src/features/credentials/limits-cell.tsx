"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import type { CredentialRead } from "@/lib/contracts";

import { describeCredentialError, limitsSummary, parseLimit } from "./lib";

const numberClass =
  "block h-8 w-28 rounded-md border border-border bg-background px-2 text-sm outline-none focus:border-accent focus:ring-2 focus:ring-accent/25";

/** A saved key's own rate limits (requests and tokens per minute, across every worker): shown, and edited in place. */
export function LimitsCell({ credential }: { credential: CredentialRead }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [editing, setEditing] = useState(false);
  const [requests, setRequests] = useState(String(credential.requests_per_minute ?? ""));
  const [tokens, setTokens] = useState(String(credential.tokens_per_minute ?? ""));
  const save = useMutation(
    trpc.credentials.setLimits.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData<CredentialRead[]>(trpc.credentials.list.queryKey(), (old) => old?.map((c) => (c.id === saved.id ? saved : c)));
        setEditing(false);
        toast({ title: "Limits saved", tone: "success" });
      },
      onError: (error) => toast({ title: "Could not save the limits", description: describeCredentialError(error), tone: "error" }),
    }),
  );
  if (!editing) {
    return (
      <span className="flex items-center gap-2">
        <span className="text-muted" data-testid="key-limits">{limitsSummary(credential)}</span>
        <Button variant="ghost" size="sm" onClick={() => setEditing(true)} aria-label={`Edit the limits of ${credential.label}`}>
          Edit
        </Button>
      </span>
    );
  }
  const rpm = parseLimit(requests);
  const tpm = parseLimit(tokens);
  const invalid = rpm === "invalid" || tpm === "invalid";
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (rpm === "invalid" || tpm === "invalid") return;
        save.mutate({ id: credential.id, requestsPerMinute: rpm, tokensPerMinute: tpm });
      }}
    >
      <input aria-label="Requests per minute" inputMode="numeric" placeholder="Requests/min" value={requests} onChange={(e) => setRequests(e.target.value)} className={numberClass} />
      <input aria-label="Tokens per minute" inputMode="numeric" placeholder="Tokens/min" value={tokens} onChange={(e) => setTokens(e.target.value)} className={numberClass} />
      <Button type="submit" size="sm" disabled={invalid || save.isPending}>
        Save
      </Button>
      <Button type="button" variant="ghost" size="sm" onClick={() => setEditing(false)}>
        Cancel
      </Button>
      {invalid ? <span className="text-xs text-danger">A limit is a whole number of at least 1 (empty: the operator&apos;s default).</span> : null}
    </form>
  );
}
