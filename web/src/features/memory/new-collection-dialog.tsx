"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { EmbeddingProvider, MemoryCollectionRead } from "@/lib/contracts";

import { collectionHref } from "./hooks";
import { type CollectionForm, type CollectionFormErrors, DEFAULT_MODEL, EMBEDDING_OPTIONS, EMPTY_COLLECTION_FORM, keysFor, validateCollectionForm } from "./lib";
import { Field, describedBy, inputClass, textareaClass } from "@/components/ui/form";

/** "New collection": name, description, embedding model (built-in, or a provider's with a saved key). */
export function NewCollectionDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="New collection" description="Documents added to it are split into chunks and embedded with the model you choose here.">
      {open ? <NewCollectionForm onClose={onClose} /> : null}
    </Dialog>
  );
}

function NewCollectionForm({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const ids = { name: useId(), description: useId(), provider: useId(), key: useId(), model: useId(), error: useId() };
  const [form, setForm] = useState<CollectionForm>(EMPTY_COLLECTION_FORM);
  const [errors, setErrors] = useState<CollectionFormErrors>({});
  const usesProvider = form.provider !== "local";
  const credentials = useQuery(trpc.credentials.list.queryOptions(undefined, { enabled: usesProvider }));
  const keys = keysFor(form.provider, credentials.data);

  const create = useMutation(
    trpc.memory.createCollection.mutationOptions({
      onSuccess: (collection) => {
        queryClient.setQueryData<MemoryCollectionRead[]>(trpc.memory.collections.queryKey(), (old) =>
          [...(old ?? []), collection].sort((a, b) => a.name.localeCompare(b.name)),
        );
        queryClient.setQueryData(trpc.memory.collection.queryKey({ id: collection.id }), collection);
        router.push(collectionHref(collection.id));
      },
    }),
  );
  const serverError = create.error ? describeError(create.error) : null;

  function setProvider(provider: EmbeddingProvider) {
    setForm((f) => ({ ...f, provider, model: provider === "local" ? "" : DEFAULT_MODEL[provider], credentialId: "" }));
    setErrors((e) => ({ ...e, model: undefined, credentialId: undefined }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    // A single key for the provider is the choice, even if the select was never touched.
    const credentialId = form.credentialId || (keys.length === 1 ? keys[0]!.id : "");
    const found = validateCollectionForm({ ...form, credentialId });
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate({
      name: form.name.trim(),
      description: form.description.trim(),
      provider: form.provider,
      model: usesProvider ? form.model.trim() : undefined,
      credentialId: usesProvider ? credentialId : undefined,
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-describedby={serverError ? ids.error : undefined} className="space-y-3">
      <Field label="Name" id={ids.name} error={errors.name} hint="Workflow nodes find the collection by this name.">
        <input
          id={ids.name}
          className={inputClass}
          value={form.name}
          maxLength={100}
          autoFocus
          placeholder="e.g. Channel style guide"
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          {...describedBy(ids.name, errors.name, true)}
        />
      </Field>
      <Field label="Description" id={ids.description} error={errors.description}>
        <textarea
          id={ids.description}
          className={textareaClass}
          rows={2}
          maxLength={1000}
          value={form.description}
          placeholder="What is in it (optional)"
          onChange={(e) => setForm((f) => ({ ...f, description: e.target.value }))}
          {...describedBy(ids.description, errors.description)}
        />
      </Field>
      <Field
        label="Embedding model"
        id={ids.provider}
        hint={usesProvider ? "The model is tried once when the collection is created." : "Runs on the engine's machine: no key, nothing leaves it."}
      >
        <select id={ids.provider} className={inputClass} value={form.provider} onChange={(e) => setProvider(e.target.value as EmbeddingProvider)} {...describedBy(ids.provider, undefined, true)}>
          {EMBEDDING_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      {usesProvider ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Key" id={ids.key} error={errors.credentialId}>
            {credentials.isPending ? (
              <select id={ids.key} className={inputClass} disabled>
                <option>Loading your keys…</option>
              </select>
            ) : keys.length === 0 ? (
              <p id={ids.key} className="rounded-md border border-dashed border-border px-3 py-2 text-xs text-muted">
                {credentials.isError ? `Your keys could not be loaded: ${describeError(credentials.error).message}` : "No saved key for this provider. "}
                <Link href="/settings" className="font-medium text-accent underline-offset-2 hover:underline">
                  Add one in Settings
                </Link>
              </p>
            ) : (
              <select
                id={ids.key}
                className={inputClass}
                value={form.credentialId || (keys.length === 1 ? keys[0]!.id : "")}
                onChange={(e) => setForm((f) => ({ ...f, credentialId: e.target.value }))}
                {...describedBy(ids.key, errors.credentialId)}
              >
                {keys.length > 1 ? <option value="">Choose a key…</option> : null}
                {keys.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Model name" id={ids.model} error={errors.model}>
            <input
              id={ids.model}
              className={inputClass}
              value={form.model}
              maxLength={200}
              spellCheck={false}
              placeholder={form.provider === "openai" ? "text-embedding-3-small" : "e.g. nomic-embed-text"}
              onChange={(e) => setForm((f) => ({ ...f, model: e.target.value }))}
              {...describedBy(ids.model, errors.model)}
            />
          </Field>
        </div>
      ) : null}
      {serverError ? (
        <div id={ids.error} role="alert" className="rounded-md bg-danger-surface px-3 py-2 text-sm text-danger">
          {serverError.message}
          {serverError.details.length ? <p className="mt-1">{serverError.details.join(" ")}</p> : null}
        </div>
      ) : null}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={create.isPending || create.isSuccess}>
          Create collection
        </Button>
      </DialogFooter>
    </form>
  );
}
