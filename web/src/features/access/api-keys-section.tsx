"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";

import { Field, inputClass } from "@/components/ui/form";
import { RunFromCode } from "./run-from-code";
import { type ApiKey, type CreatedApiKey, type Scope, SCOPES, describeError, when } from "./types";

/** Settings → API keys: create (the key shown once, with copy), list, revoke; and the run-from-code snippet. */
export function ApiKeysSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const listKey = trpc.apiKeys.list.queryKey();

  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: (key) => {
        queryClient.setQueryData<ApiKey[]>(listKey, (old) => old?.map((k) => (k.id === key.id ? key : k)));
        toast({ title: `Revoked “${key.name}”`, tone: "success" });
      },
      onError: (error) => toast({ title: "Could not revoke the key", description: describeError(error), tone: "error" }),
    }),
  );

  return (
    <section className="space-y-4">
      <div>
        <h2 id="api-keys" className="text-lg font-semibold tracking-tight">
          API keys
        </h2>
        <p className="mt-1 text-sm text-muted">
          Start and read runs from your own scripts and services. A key acts as you, within the scopes you give it; it is shown once, when
          you create it.
        </p>
      </div>

      {created ? <NewKey created={created} onDone={() => setCreated(null)} /> : null}

      <KeyList keys={keys.data} loading={keys.isPending} error={keys.isError ? describeError(keys.error) : null} onRevoke={setRevoking} />
      <CreateKeyForm
        onCreated={(key) => {
          const { key: _secret, ...listed } = key;
          queryClient.setQueryData<ApiKey[]>(listKey, (old) => [listed, ...(old ?? [])]);
          setCreated(key);
        }}
      />
      <RunFromCode />

      <ConfirmDialog
        item={revoking}
        onClose={() => setRevoking(null)}
        title={(key) => (
          <>
            Revoke <span className="break-words">“{key.name}”</span>?
          </>
        )}
        description="Scripts using this key get 401 from their next call. This cannot be undone."
        confirmLabel="Revoke key"
        onConfirm={(key) => revoke.mutate({ id: key.id })}
      />
    </section>
  );
}

function NewKey({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" data-testid="new-api-key" className="space-y-2 rounded-lg border border-accent/40 bg-surface-muted px-4 py-3 text-sm">
      <p className="font-medium">Copy your new key “{created.name}” now: it will not be shown again.</p>
      <div className="flex items-center gap-2">
        <code data-testid="new-api-key-value" className="block min-w-0 flex-1 truncate rounded bg-background px-2 py-1 font-mono text-xs">
          {created.key}
        </code>
        <Button
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(created.key).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function KeyList({
  keys,
  loading,
  error,
  onRevoke,
}: {
  keys: ApiKey[] | undefined;
  loading: boolean;
  error: string | null;
  onRevoke: (key: ApiKey) => void;
}) {
  if (error) return <p role="alert" className="text-sm text-danger">{error}</p>;
  if (loading) return <p className="text-sm text-muted">Loading your keys…</p>;
  if (!keys?.length) {
    return <p className="rounded-lg border border-dashed border-border px-4 py-6 text-center text-sm text-muted">No API keys.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-left text-sm" aria-label="Keys for scripts">
        <thead className="bg-surface-muted text-xs text-muted uppercase">
          <tr>
            <th className="px-3 py-2 font-medium">Name</th>
            <th className="px-3 py-2 font-medium">Key</th>
            <th className="px-3 py-2 font-medium">Scopes</th>
            <th className="px-3 py-2 font-medium">Last used</th>
            <th className="px-3 py-2 font-medium">Expires</th>
            <th className="px-3 py-2" />
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const expired = key.expires_at !== null && key.expires_at !== undefined && new Date(key.expires_at) <= new Date();
            return (
              <tr key={key.id} data-testid="api-key-row" className="border-t border-border">
                <td className="px-3 py-2 font-medium">{key.name}</td>
                <td className="px-3 py-2 font-mono text-xs">{key.prefix}…</td>
                <td className="px-3 py-2 text-muted">{key.scopes.join(", ")}</td>
                <td className="px-3 py-2 text-muted">{when(key.last_used_at)}</td>
                <td className="px-3 py-2 text-muted">{key.expires_at ? when(key.expires_at) : "Never"}</td>
                <td className="px-3 py-2 text-right">
                  {key.revoked_at ? (
                    <span className="text-xs text-muted">Revoked {when(key.revoked_at)}</span>
                  ) : expired ? (
                    <span className="text-xs text-muted">Expired</span>
                  ) : (
                    <Button variant="ghost" size="sm" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name}`}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["runs:write", "runs:read"]);
  const [expires, setExpires] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        setName("");
        setExpires("");
        setError(null);
        onCreated(key);
      },
      onError: (e) => setError(describeError(e)),
    }),
  );

  return (
    <form
      aria-label="Create a key for scripts"
      className="space-y-3 rounded-lg border border-border bg-surface p-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!name.trim()) return setError("Give the key a name.");
        if (!scopes.length) return setError("Choose at least one scope.");
        const expiresAt = expires ? new Date(`${expires}T23:59:59`).toISOString() : null;
        create.mutate({ name: name.trim(), scopes, expiresAt });
      }}
    >
      <h3 className="text-sm font-semibold">Create a key</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Key name" id="api-key-name">
          <input
            id="api-key-name"
            className={inputClass}
            value={name}
            maxLength={100}
            placeholder="e.g. Nightly script"
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field label="Expires on" id="api-key-expires" hint="Leave empty for a key that does not expire.">
          <input id="api-key-expires" type="date" className={inputClass} value={expires} onChange={(event) => setExpires(event.target.value)} />
        </Field>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Scopes</legend>
        {SCOPES.map((scope) => (
          <label key={scope.id} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={scopes.includes(scope.id)}
              onChange={(event) =>
                setScopes((old) => (event.target.checked ? [...old, scope.id] : old.filter((s) => s !== scope.id)))
              }
            />
            <span>
              {scope.label} <span className="font-mono text-xs text-muted">{scope.id}</span>
              <span className="block text-xs text-muted">{scope.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create key
        </Button>
      </div>
    </form>
  );
}
