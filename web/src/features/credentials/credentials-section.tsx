"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/form";
import { useToast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import type { CredentialRead } from "@/lib/contracts";

import {
  type CredentialForm,
  type CredentialProvider,
  EMPTY_FORM,
  type FormErrors,
  describeCredentialError,
  formatCreated,
  maskedHint,
  providerLabel,
  validateCredentialForm,
} from "./lib";
import { LimitsCell } from "./limits-cell";

const inputClass =
  "block h-9 w-full rounded-md border border-border bg-background px-3 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25";

/** Settings → Model credentials: the saved provider keys, adding one, deleting one. */
export function CredentialsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const [deleting, setDeleting] = useState<CredentialRead | null>(null);
  const listKey = trpc.credentials.list.queryKey();

  const remove = useMutation(
    trpc.credentials.delete.mutationOptions({
      onSuccess: ({ id }) => {
        queryClient.setQueryData<CredentialRead[]>(listKey, (old) => old?.filter((c) => c.id !== id));
        toast({ title: "Key deleted", tone: "success" });
      },
      onError: (error) => toast({ title: "Could not delete the key", description: describeCredentialError(error), tone: "error" }),
    }),
  );

  return (
    <section aria-labelledby="model-credentials" className="space-y-4">
      <div>
        <h2 id="model-credentials" className="text-lg font-semibold tracking-tight">
          Model credentials
        </h2>
        <p className="mt-1 text-sm text-muted">
          API keys for the model providers your agents use. Keys are encrypted by the engine and never shown again: you only see their
          last characters.
        </p>
      </div>

      <div role="note" data-testid="demo-note" className="rounded-lg border border-border bg-surface-muted px-4 py-3 text-sm">
        <strong className="font-medium">Without a key, agents can use the offline Demo model.</strong>{" "}
        <span className="text-muted">
          It is not a real AI: it writes placeholder text from your prompt (and valid data for an output schema), costs nothing and never
          leaves your machine, so every workflow runs end to end. Add a key to use a real model.
        </span>
      </div>

      <CredentialList
        credentials={credentials.data}
        loading={credentials.isPending}
        error={credentials.isError ? describeCredentialError(credentials.error) : null}
        onDelete={setDeleting}
      />
      <AddCredentialForm />

      <ConfirmDialog
        item={deleting}
        onClose={() => setDeleting(null)}
        title={(credential) => (
          <>
            Delete <span className="break-words">“{credential.label}”</span>?
          </>
        )}
        description="Agents that use this key will fail until you choose another one. This cannot be undone."
        confirmLabel="Delete key"
        onConfirm={(credential) => remove.mutate({ id: credential.id })}
      />
    </section>
  );
}

function CredentialList({
  credentials,
  loading,
  error,
  onDelete,
}: {
  credentials: CredentialRead[] | undefined;
  loading: boolean;
  error: string | null;
  onDelete: (credential: CredentialRead) => void;
}) {
  if (error) return <p role="alert" className="text-sm text-danger">{error}</p>;
  if (loading) return <p className="text-sm text-muted">Loading your keys…</p>;
  if (!credentials?.length) {
    return <p className="rounded-lg border border-dashed border-border px-4 py-6 text-center text-sm text-muted">No saved keys.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-left text-sm" aria-label="Saved keys">
        <thead className="bg-surface-muted text-xs text-muted uppercase">
          <tr>
            <th className="px-3 py-2 font-medium">Provider</th>
            <th className="px-3 py-2 font-medium">Label</th>
            <th className="px-3 py-2 font-medium">Base URL</th>
            <th className="px-3 py-2 font-medium">Key</th>
            <th className="px-3 py-2 font-medium">Your limits</th>
            <th className="px-3 py-2 font-medium">Created</th>
            <th className="px-3 py-2" />
          </tr>
        </thead>
        <tbody>
          {credentials.map((credential) => (
            <tr key={credential.id} data-testid="credential-row" className="border-t border-border">
              <td className="px-3 py-2">{providerLabel(credential.provider)}</td>
              <td className="px-3 py-2 font-medium">{credential.label}</td>
              <td className="max-w-56 truncate px-3 py-2 text-muted">{credential.base_url ?? "—"}</td>
              <td className="px-3 py-2 font-mono text-xs" data-testid="key-hint">
                {maskedHint(credential.key_hint)}
              </td>
              <td className="px-3 py-2">
                <LimitsCell credential={credential} />
              </td>
              <td className="px-3 py-2 text-muted">{formatCreated(credential.created_at)}</td>
              <td className="px-3 py-2 text-right">
                <Button variant="ghost" size="sm" onClick={() => onDelete(credential)} aria-label={`Delete ${credential.label}`}>
                  Delete
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const PROVIDERS: CredentialProvider[] = ["openai", "anthropic", "google", "groq", "mistral", "openai_compatible"];

function AddCredentialForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [form, setForm] = useState<CredentialForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const create = useMutation(
    trpc.credentials.create.mutationOptions({
      onSuccess: (credential) => {
        queryClient.setQueryData<CredentialRead[]>(trpc.credentials.list.queryKey(), (old) => [credential, ...(old ?? [])]);
        setForm({ ...EMPTY_FORM, provider: form.provider });
        setErrors({});
        setServerError(null);
        toast({ title: `Saved “${credential.label}”`, tone: "success" });
      },
      onError: (error) => setServerError(describeCredentialError(error)),
    }),
  );
  const compatible = form.provider === "openai_compatible";
  const set = (field: keyof CredentialForm) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  return (
    <form
      aria-label="Add a key"
      className="space-y-3 rounded-lg border border-border bg-surface p-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const found = validateCredentialForm(form);
        setErrors(found);
        setServerError(null);
        if (Object.keys(found).length) return;
        create.mutate({
          provider: form.provider,
          label: form.label.trim(),
          apiKey: form.apiKey.trim(),
          baseUrl: compatible ? form.baseUrl.trim() : undefined,
        });
      }}
    >
      <h3 className="text-sm font-semibold">Add a key</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Provider" id="credential-provider">
          <select
            id="credential-provider"
            className={inputClass}
            value={form.provider}
            onChange={(event) => set("provider")(event.target.value)}
          >
            {PROVIDERS.map((id) => (
              <option key={id} value={id}>
                {id === "openai_compatible" ? "OpenAI-compatible (Ollama, vLLM, llama.cpp, OpenRouter)" : providerLabel(id)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Label" id="credential-label" error={errors.label}>
          <input
            id="credential-label"
            className={inputClass}
            value={form.label}
            maxLength={100}
            placeholder="e.g. Work account"
            onChange={(event) => set("label")(event.target.value)}
          />
        </Field>
        <Field label="API key" id="credential-key" error={errors.apiKey} hint={compatible ? "Optional for local servers such as Ollama." : undefined}>
          <input
            id="credential-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            className={inputClass}
            value={form.apiKey}
            onChange={(event) => set("apiKey")(event.target.value)}
          />
        </Field>
        {compatible ? (
          <Field label="Base URL" id="credential-base-url" error={errors.baseUrl}>
            <input
              id="credential-base-url"
              type="url"
              className={inputClass}
              value={form.baseUrl}
              placeholder="http://localhost:11434/v1"
              onChange={(event) => set("baseUrl")(event.target.value)}
            />
          </Field>
        ) : null}
      </div>
      {serverError ? (
        <p role="alert" className="text-sm text-danger">
          {serverError}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" pending={create.isPending}>
          Save key
        </Button>
      </div>
    </form>
  );
}
