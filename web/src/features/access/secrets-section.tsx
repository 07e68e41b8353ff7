"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";

import { Field, inputClass } from "@/components/ui/form";
import { type Secret, describeError, when } from "./types";

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Settings → Secrets: names only; add, replace a value, delete. Values are never shown back. */
export function SecretsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const secrets = useQuery(trpc.secrets.list.queryOptions());
  const [deleting, setDeleting] = useState<Secret | null>(null);
  const [replacing, setReplacing] = useState<string>("");
  const listKey = trpc.secrets.list.queryKey();

  const remove = useMutation(
    trpc.secrets.delete.mutationOptions({
      onSuccess: ({ name }) => {
        queryClient.setQueryData<Secret[]>(listKey, (old) => old?.filter((s) => s.name !== name));
        toast({ title: `Deleted ${name}`, tone: "success" });
      },
      onError: (error) => toast({ title: "Could not delete the secret", description: describeError(error), tone: "error" }),
    }),
  );

  return (
    <section aria-labelledby="secrets" className="space-y-4">
      <div>
        <h2 id="secrets" className="text-lg font-semibold tracking-tight">
          Secrets
        </h2>
        <p className="mt-1 text-sm text-muted">
          Tokens and passwords your workflows use, in any node as <code className="font-mono text-xs">{"{{ secrets.NAME }}"}</code>.
          They are encrypted, read only by the worker while a step runs, and masked wherever they would show up.
        </p>
      </div>
      {secrets.isError ? (
        <p role="alert" className="text-sm text-danger">
          {describeError(secrets.error)}
        </p>
      ) : secrets.isPending ? (
        <p className="text-sm text-muted">Loading your secrets…</p>
      ) : !secrets.data.length ? (
        <p className="rounded-lg border border-dashed border-border px-4 py-6 text-center text-sm text-muted">No secrets.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border">
          <table className="w-full text-left text-sm" aria-label="Secrets">
            <thead className="bg-surface-muted text-xs text-muted uppercase">
              <tr>
                <th className="px-3 py-2 font-medium">Name</th>
                <th className="px-3 py-2 font-medium">Value</th>
                <th className="px-3 py-2 font-medium">Updated</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {secrets.data.map((secret) => (
                <tr key={secret.name} data-testid="secret-row" className="border-t border-border">
                  <td className="px-3 py-2 font-mono text-xs">{secret.name}</td>
                  <td className="px-3 py-2 text-muted">••••••••</td>
                  <td className="px-3 py-2 text-muted">{when(secret.updated_at)}</td>
                  <td className="space-x-1 px-3 py-2 text-right">
                    <Button variant="ghost" size="sm" onClick={() => setReplacing(secret.name)} aria-label={`Replace ${secret.name}`}>
                      Replace
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setDeleting(secret)} aria-label={`Delete ${secret.name}`}>
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SecretForm name={replacing} onSaved={() => setReplacing("")} />

      <ConfirmDialog
        item={deleting}
        onClose={() => setDeleting(null)}
        title={(secret) => <>Delete {secret.name}?</>}
        description="Steps that read it fail until you add it again. This cannot be undone."
        confirmLabel="Delete secret"
        onConfirm={(secret) => remove.mutate({ name: secret.name })}
      />
    </section>
  );
}

function SecretForm({ name: replacing, onSaved }: { name: string; onSaved: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [typed, setTyped] = useState("");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const name = replacing || typed;
  const put = useMutation(
    trpc.secrets.put.mutationOptions({
      onSuccess: (secret) => {
        queryClient.setQueryData<Secret[]>(trpc.secrets.list.queryKey(), (old) =>
          [...(old ?? []).filter((s) => s.name !== secret.name), secret].sort((a, b) => a.name.localeCompare(b.name)),
        );
        setTyped("");
        setValue("");
        setError(null);
        onSaved();
        toast({ title: `Saved ${secret.name}`, tone: "success" });
      },
      onError: (e) => setError(describeError(e)),
    }),
  );
  return (
    <form
      aria-label={replacing ? `Replace ${replacing}` : "Add a secret"}
      className="space-y-3 rounded-lg border border-border bg-surface p-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!NAME.test(name)) return setError("Letters, digits and _, not starting with a digit (e.g. SLACK_TOKEN).");
        if (value.length < 4) return setError("A secret is at least 4 characters.");
        put.mutate({ name, value });
      }}
    >
      <h3 className="text-sm font-semibold">{replacing ? `Replace ${replacing}` : "Add a secret"}</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Secret name" id="secret-name">
          <input
            id="secret-name"
            className={`${inputClass} font-mono`}
            value={name}
            readOnly={Boolean(replacing)}
            maxLength={64}
            placeholder="SLACK_TOKEN"
            onChange={(event) => setTyped(event.target.value)}
          />
        </Field>
        <Field label="Secret value" id="secret-value" hint="Never shown again.">
          <input
            id="secret-value"
            type="password"
            autoComplete="off"
            spellCheck={false}
            className={inputClass}
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
        </Field>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        {replacing ? (
          <Button variant="ghost" onClick={onSaved}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" variant="primary" pending={put.isPending}>
          Save secret
        </Button>
      </div>
    </form>
  );
}
