"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { buttonClass, primaryButtonClass } from "@/features/editor/components/dialog";
import { useTRPC } from "@/lib/trpc/client";

import {
  callOutcome,
  parseMapping,
  parseSample,
  refusal,
  signedAfter,
  webhookChanges,
  webhookDraft,
  withCreated,
  type SecretChoice,
  type Webhook,
  type WebhookDraft,
} from "./lib";
import { Field, SectionError, inputClass } from "./ui";

/** A workflow's webhooks: create (the URL shown once, to copy), enable, test a payload, recent calls. */
export function WebhooksSection({ workflowId, inputNames }: { workflowId: string; inputNames: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.triggers.webhooks.queryOptions({ workflowId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.triggers.webhooks.queryKey({ workflowId }) });

  const [name, setName] = useState("");
  const [mapping, setMapping] = useState(() => JSON.stringify(Object.fromEntries(inputNames.map((n) => [n, `{{ body.${n} }}`])), null, 2));
  const [mode, setMode] = useState<"async" | "wait">("async");
  const [secret, setSecret] = useState("");
  const [header, setHeader] = useState("X-Signature");
  const [formError, setFormError] = useState<string | null>(null);
  const [createdUrl, setCreatedUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const create = useMutation(
    trpc.triggers.createWebhook.mutationOptions({
      onSuccess: ({ url, ...hook }) => {
        setCreatedUrl(url); // shown once, in this box: never kept in the list's cache
        setCopied(false);
        setName("");
        queryClient.setQueryData(trpc.triggers.webhooks.queryKey({ workflowId }), (hooks) => withCreated(hooks, hook));
        void refresh();
      },
      onError: (error) => setFormError(error.message),
    }),
  );

  const submit = () => {
    const parsed = parseMapping(mapping);
    if ("error" in parsed) return setFormError(parsed.error);
    setFormError(null);
    create.mutate({ workflowId, name, mapping: parsed.value, responseMode: mode, hmacSecret: secret || null, hmacHeader: secret ? header : null });
  };

  const copy = async () => {
    if (!createdUrl) return;
    await navigator.clipboard?.writeText(createdUrl).catch(() => undefined);
    setCopied(true);
  };

  return (
    <section aria-label="Webhooks" className="space-y-3">
      <h3 className="text-[13px] font-semibold">Webhooks</h3>
      {createdUrl ? (
        <div className="rounded-lg border border-success/40 bg-success/5 p-2.5 text-[12px]" role="status">
          <p className="font-medium">Webhook created. Copy its URL now: it is not shown again.</p>
          <div className="mt-1.5 flex items-center gap-1.5">
            <code className="min-w-0 flex-1 truncate rounded bg-surface px-1.5 py-1 font-mono text-[11px]" data-testid="webhook-url" title={createdUrl}>
              {createdUrl}
            </code>
            <button type="button" className={buttonClass} onClick={() => void copy()}>
              {copied ? "Copied" : "Copy URL"}
            </button>
          </div>
        </div>
      ) : null}
      {list.error ? <SectionError message={list.error.message} /> : null}
      <ul className="space-y-2">
        {(list.data ?? []).map((hook) => (
          <WebhookItem key={hook.id} hook={hook} onChanged={() => void refresh()} />
        ))}
        {list.data?.length === 0 ? <li className="text-[12px] text-muted">No webhooks yet.</li> : null}
      </ul>
      <details className="rounded-lg border border-border p-2.5" data-testid="new-webhook">
        <summary className="cursor-pointer text-[13px] font-medium">New webhook</summary>
        <div className="mt-2 space-y-2">
          <Field label="Name">
            <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} placeholder="Orders form" />
          </Field>
          <Field label="Mapping: input name → template over body, query, headers">
            <textarea className={`${inputClass} h-24 font-mono`} value={mapping} onChange={(e) => setMapping(e.target.value)} aria-label="Mapping" spellCheck={false} />
          </Field>
          <Field label="Answer">
            <select className={inputClass} value={mode} onChange={(e) => setMode(e.target.value as "async" | "wait")}>
              <option value="async">At once (202, the run id)</option>
              <option value="wait">With the outputs (waits for the run)</option>
            </select>
          </Field>
          <Field label="Signing secret (optional: HMAC-SHA256 of the body)">
            <input className={inputClass} value={secret} onChange={(e) => setSecret(e.target.value)} type="password" autoComplete="off" />
          </Field>
          {secret ? (
            <Field label="Signature header">
              <input className={inputClass} value={header} onChange={(e) => setHeader(e.target.value)} />
            </Field>
          ) : null}
          {formError ? <SectionError message={formError} /> : null}
          <button type="button" className={primaryButtonClass} onClick={submit} disabled={create.isPending} data-testid="create-webhook">
            {create.isPending ? "Creating…" : "Create webhook"}
          </button>
        </div>
      </details>
    </section>
  );
}

function WebhookItem({ hook, onChanged }: { hook: Webhook; onChanged(): void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [sample, setSample] = useState('{\n  "example": "value"\n}');
  const calls = useQuery(trpc.triggers.webhookCalls.queryOptions({ id: hook.id }, { enabled: open, refetchInterval: open ? 5000 : false }));
  const toggle = useMutation(trpc.triggers.setWebhookEnabled.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.triggers.deleteWebhook.mutationOptions({ onSuccess: onChanged }));
  const test = useMutation(trpc.triggers.testWebhook.mutationOptions());

  return (
    <li className="rounded-lg border border-border p-2.5 text-[12px]" data-testid="webhook-item">
      <div className="flex items-center gap-2">
        <button type="button" className="min-w-0 flex-1 truncate text-left font-medium" onClick={() => setOpen((v) => !v)} aria-expanded={open}>
          {hook.name || "Untitled webhook"} <span className="font-mono text-muted">…/hooks/{hook.token_prefix}…</span>
        </button>
        <span className={hook.enabled ? "text-success" : "text-muted"}>{hook.enabled ? "On" : "Off"}</span>
        {editing ? null : (
          <button type="button" className={buttonClass} onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        <button type="button" className={buttonClass} onClick={() => toggle.mutate({ id: hook.id, enabled: !hook.enabled })}>
          {hook.enabled ? "Disable" : "Enable"}
        </button>
      </div>
      {editing ? (
        <WebhookEditor
          hook={hook}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onChanged();
          }}
        />
      ) : open ? (
        <div className="mt-2 space-y-2">
          <p className="text-muted">
            {hook.response_mode === "wait" ? `Answers with the outputs (waits up to ${hook.wait_timeout_s} s)` : "Answers 202 at once"}
            {hook.signed ? ` · signed (${hook.hmac_header}, ${hook.hmac_algorithm})` : " · not signed"} · {hook.rate_limit_per_minute}/min
          </p>
          <Field label="Test with a sample body">
            <textarea className={`${inputClass} h-16 font-mono`} value={sample} onChange={(e) => setSample(e.target.value)} spellCheck={false} />
          </Field>
          <button type="button" className={buttonClass} onClick={() => test.mutate({ id: hook.id, body: parseSample(sample) })}>
            Test mapping
          </button>
          {test.data ? (
            <pre className="overflow-x-auto rounded bg-surface-muted p-1.5 font-mono text-[11px]" data-testid="webhook-test-result">
              {test.data.errors?.length ? test.data.errors.map((e) => `${e.field}: ${e.message}`).join("\n") : JSON.stringify(test.data.inputs, null, 2)}
            </pre>
          ) : null}
          <h4 className="font-medium">Recent calls</h4>
          <ul className="space-y-1" data-testid="webhook-calls">
            {(calls.data ?? []).map((call) => {
              const outcome = callOutcome(call.status);
              return (
                <li key={call.id} className="flex items-center gap-2">
                  <span className={outcome.ok ? "text-success" : "text-danger"}>{outcome.label}</span>
                  <time className="text-muted">{new Date(call.at).toLocaleTimeString()}</time>
                  {call.run_id ? (
                    <Link href={`/runs/${call.run_id}`} className="text-accent hover:underline">
                      run
                    </Link>
                  ) : null}
                  {call.error ? <span className="truncate text-muted" title={call.error}>{call.error}</span> : null}
                </li>
              );
            })}
            {calls.data?.length === 0 ? <li className="text-muted">No calls yet.</li> : null}
          </ul>
          <button type="button" className="text-danger hover:underline" onClick={() => remove.mutate({ id: hook.id })}>
            Delete webhook
          </button>
        </div>
      ) : null}
    </li>
  );
}

const SECRET_CHOICES: { value: SecretChoice; label: string; signed: boolean | null }[] = [
  { value: "keep", label: "Keep the current secret", signed: true },
  { value: "keep", label: "Leave calls unsigned", signed: false },
  { value: "new", label: "Set a new secret", signed: true },
  { value: "new", label: "Require a signature: set a secret", signed: false },
  { value: "stop", label: "Stop verifying signatures", signed: true },
];

/**
 * A saved webhook's settings, in place and prefilled; its URL stays the same. The secret is never
 * shown: it is kept, replaced or dropped. Save sends what changed; a refusal (the engine's
 * message) shows here and the form keeps what was typed; Cancel drops the edit.
 */
function WebhookEditor({ hook, onDone }: { hook: Webhook; onDone(saved: boolean): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => webhookDraft(hook));
  const [formError, setFormError] = useState<string | null>(null);
  const set = <K extends keyof WebhookDraft>(key: K, value: WebhookDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const save = useMutation(
    trpc.triggers.updateWebhook.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.triggers.webhooks.queryKey({ workflowId: hook.workflow_id }), (list) =>
          list?.map((h) => (h.id === saved.id ? saved : h)),
        );
        onDone(true);
      },
      onError: (error) => setFormError(refusal(error)),
    }),
  );
  const submit = () => {
    const changes = webhookChanges(hook, draft);
    if ("error" in changes) return setFormError(changes.error);
    if (Object.keys(changes.value).length === 0) return onDone(false);
    setFormError(null);
    save.mutate({ id: hook.id, ...changes.value });
  };
  const signed = signedAfter(hook, draft);

  return (
    <form
      className="mt-2 space-y-2 border-t border-border pt-2"
      aria-label="Edit webhook"
      data-testid="webhook-editor"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p className="text-muted">The URL stays the same.</p>
      <Field label="Name">
        <input className={inputClass} value={draft.name} onChange={(e) => set("name", e.target.value)} />
      </Field>
      <Field label="Mapping: input name → template over body, query, headers">
        <textarea className={`${inputClass} h-24 font-mono`} value={draft.mapping} onChange={(e) => set("mapping", e.target.value)} aria-label="Mapping" spellCheck={false} />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label="Answer">
          <select className={inputClass} value={draft.responseMode} onChange={(e) => set("responseMode", e.target.value as WebhookDraft["responseMode"])}>
            <option value="async">At once (202, the run id)</option>
            <option value="wait">With the outputs</option>
          </select>
        </Field>
        {draft.responseMode === "wait" ? (
          <Field label="Wait at most (s)">
            <input className={inputClass} inputMode="numeric" value={draft.waitTimeoutS} onChange={(e) => set("waitTimeoutS", e.target.value)} />
          </Field>
        ) : null}
        <Field label="Largest body (KB)">
          <input className={inputClass} inputMode="decimal" value={draft.maxBodyKb} onChange={(e) => set("maxBodyKb", e.target.value)} />
        </Field>
        <Field label="Calls per minute">
          <input className={inputClass} inputMode="numeric" value={draft.rateLimit} onChange={(e) => set("rateLimit", e.target.value)} />
        </Field>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-[11px] font-medium text-muted">Signing secret (never shown)</legend>
        {SECRET_CHOICES.filter((c) => c.signed === hook.signed).map((choice) => (
          <label key={choice.value} className="flex items-center gap-1.5">
            <input type="radio" name={`secret-${hook.id}`} checked={draft.secret === choice.value} onChange={() => set("secret", choice.value)} />
            {choice.label}
          </label>
        ))}
      </fieldset>
      {draft.secret === "new" ? (
        <Field label="New signing secret">
          <input className={inputClass} value={draft.newSecret} onChange={(e) => set("newSecret", e.target.value)} type="password" autoComplete="new-password" />
        </Field>
      ) : null}
      {signed ? (
        <div className="grid grid-cols-2 gap-2">
          <Field label="Signature header">
            <input className={inputClass} value={draft.header} onChange={(e) => set("header", e.target.value)} />
          </Field>
          <Field label="Algorithm">
            <select className={inputClass} value={draft.algorithm} onChange={(e) => set("algorithm", e.target.value as WebhookDraft["algorithm"])}>
              <option value="sha256">HMAC-SHA256</option>
              <option value="sha1">HMAC-SHA1</option>
            </select>
          </Field>
          <Field label="Timestamp header (optional)">
            <input className={inputClass} value={draft.timestampHeader} onChange={(e) => set("timestampHeader", e.target.value)} placeholder="X-Timestamp" />
          </Field>
          {draft.timestampHeader.trim() ? (
            <Field label="Timestamp tolerance (s)">
              <input className={inputClass} inputMode="numeric" value={draft.toleranceS} onChange={(e) => set("toleranceS", e.target.value)} />
            </Field>
          ) : null}
        </div>
      ) : null}
      {formError ? <SectionError message={formError} /> : null}
      <div className="flex gap-2">
        <button type="submit" className={primaryButtonClass} disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" className={buttonClass} onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
