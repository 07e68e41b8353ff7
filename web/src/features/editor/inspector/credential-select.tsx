"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { credentialOptions, isStaleChoice } from "../lib/credentials";
import { FieldShell, inputClass } from "./ui";

/** The agent's key: a select of the user's saved keys for the node's provider (Settings → Model credentials). */
export function CredentialSelect({
  provider,
  value,
  errors,
  onChange,
}: {
  provider: unknown;
  value: unknown;
  errors: string[];
  onChange(value: string | undefined): void;
}) {
  const id = useId();
  const trpc = useTRPC();
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const options = credentialOptions(credentials.data ?? [], provider);
  const stale = isStaleChoice(options, value);
  const description =
    provider === "demo"
      ? "The demo model is offline and needs no key."
      : options.length === 0 && !credentials.isLoading
        ? "No saved key for this provider yet."
        : "One of your saved keys for this provider.";
  return (
    <FieldShell id={id} label="Credential" required={false} description={description} errors={errors}>
      <div className="flex items-center gap-2">
        <select
          id={id}
          aria-label="Credential"
          value={typeof value === "string" ? value : ""}
          disabled={provider === "demo"}
          onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
          className={inputClass}
        >
          <option value="">{provider === "demo" ? "Not needed" : "Choose a key…"}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {stale ? <option value={String(value)}>A key that no longer exists</option> : null}
        </select>
        <Link href="/settings" className="shrink-0 text-[11.5px] text-accent underline-offset-2 hover:underline">
          Manage keys
        </Link>
      </div>
    </FieldShell>
  );
}
