"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { OperatorLimits } from "@/lib/contracts";

import { FieldShell, inputClass } from "../inspector/ui";
import { problemsAt } from "../lib/problems";
import { SETTINGS_FIELDS, defaultText, parseSetting, settingValue, withSetting, type SettingsField } from "../lib/settings";
import { useEditor, useEditorStoreApi } from "../store/context";
import { Icon } from "./icons";

const GROUPS: readonly { group: SettingsField["group"]; title: string; note: string }[] = [
  { group: "budgets", title: "Budgets per run", note: "A run that would go over one stops, naming it. Empty: the operator's limit." },
  { group: "node_defaults", title: "Node defaults", note: "For every node that does not set its own." },
  { group: "top", title: "Concurrency", note: "At most the operator's limit." },
];

/**
 * The editor's Settings panel: the workflow's budgets (steps, tokens, cost, time), node defaults
 * (timeout, attempts, retry backoff) and concurrency per run. Each field shows the operator's
 * default, refuses what the engine would (above the operator's limit, out of bounds), and is an
 * edit of the draft like any other: saved with it, undone with ⌘Z.
 */
export function SettingsPanel({ onClose }: { onClose(): void }) {
  const trpc = useTRPC();
  const limits = useQuery(trpc.nodeTypes.limits.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return (
    <aside
      aria-label="Workflow settings"
      data-testid="settings-panel"
      className="thin-scroll absolute top-3 right-3 bottom-3 z-20 flex w-[min(24rem,calc(100%-1.5rem))] flex-col overflow-y-auto rounded-xl border border-border bg-surface shadow-xl"
    >
      <header className="sticky top-0 z-10 flex items-center justify-between border-b border-border bg-surface px-3.5 py-2">
        <h2 className="text-[13px] font-semibold">Workflow settings</h2>
        <button type="button" aria-label="Close settings" onClick={onClose} className="rounded p-1 text-muted hover:bg-surface-muted hover:text-foreground">
          <Icon name="x" className="size-4" />
        </button>
      </header>
      {limits.error ? (
        <p className="px-3.5 pt-3 text-xs text-danger" role="alert">
          The operator&apos;s limits could not be read ({describeError(limits.error).message}); the engine still checks them on save.
        </p>
      ) : null}
      {GROUPS.map(({ group, title, note }) => (
        <section key={group} className="space-y-3 border-b border-border px-3.5 py-3.5 last:border-b-0">
          <div>
            <h3 className="text-[11px] font-semibold tracking-wide text-muted uppercase">{title}</h3>
            <p className="mt-0.5 text-[11.5px] text-muted">{note}</p>
          </div>
          {SETTINGS_FIELDS.filter((f) => f.group === group).map((field) => (
            <SettingInput key={field.key} field={field} limits={limits.data} />
          ))}
        </section>
      ))}
    </aside>
  );
}

function pathOf(field: SettingsField): string {
  return field.group === "top" ? `settings.${field.key}` : `settings.${field.group}.${field.key}`;
}

function SettingInput({ field, limits }: { field: SettingsField; limits: OperatorLimits | undefined }) {
  const store = useEditorStoreApi();
  const stored = useEditor((s) => settingValue(s.settings, field));
  const general = useEditor((s) => s.problems.general);
  const saved = useMemo(() => problemsAt(general, pathOf(field)), [general, field]);
  const [text, setText] = useState(stored === undefined ? "" : String(stored));
  const [seen, setSeen] = useState(stored);
  // Undo, redo or a reload changed the stored value: show it (unless the text already means it).
  if (seen !== stored) {
    setSeen(stored);
    const now = parseSetting(field, text, undefined);
    if (!(now.ok && now.value === stored)) setText(stored === undefined ? "" : String(stored));
  }
  const parsed = parseSetting(field, text, limits);

  const change = (next: string) => {
    setText(next);
    const result = parseSetting(field, next, limits);
    if (!result.ok || result.value === stored) return;
    const { settings, actions } = store.getState();
    actions.setSettings(withSetting(settings, field, result.value), { key: `settings:${field.key}` });
  };

  const id = `setting-${field.key}`;
  const errors = parsed.ok ? saved : [parsed.error];
  const hint = defaultText(field, limits);
  return (
    <FieldShell id={id} label={field.unit ? `${field.label} (${field.unit})` : field.label} description={`${field.help} ${hint}.`} errors={errors}>
      <input
        id={id}
        inputMode={field.integer ? "numeric" : "decimal"}
        className={inputClass}
        value={text}
        placeholder={hint}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length ? `${id}-errors` : `${id}-help`}
        data-testid={id}
        onChange={(e) => change(e.target.value)}
      />
    </FieldShell>
  );
}
