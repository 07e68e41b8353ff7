"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type KeyboardEvent } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { applySuggestion, filterSuggestions, openReference, referenceSuggestions, type Suggestion } from "../lib/suggestions";
import { useEditorStoreApi } from "../store/context";
import { useWorkbench } from "../workbench/context";
import { preview, resolveReference } from "../workbench/lib";
import { inputClass, monoInputClass } from "./ui";

/**
 * A text area (or line) for templates: typing `{{` offers the workflow's inputs and the
 * outputs of nodes upstream of `nodeId` (inside a container's body also its variables,
 * `map.item`...); arrows choose, Enter/Tab insert, Escape closes.
 */
export function TemplateInput({
  id,
  nodeId,
  inBody = false,
  value,
  onChange,
  multiline,
  invalid,
  placeholder,
  describedBy,
  expression = false,
}: {
  id: string;
  nodeId: string | null;
  /** A container's own field read in an iteration's scope: suggests its body's steps and variables. */
  inBody?: boolean;
  value: string;
  onChange(value: string): void;
  multiline: boolean;
  invalid?: boolean;
  placeholder?: string;
  describedBy?: string;
  /** A bare reference (`steps.x.output`), completed without braces. */
  expression?: boolean;
}) {
  const store = useEditorStoreApi();
  const trpc = useTRPC();
  // Only the names: offered as `secrets.NAME` (a secret's value never reaches the browser).
  const secretNames = useQuery({ ...trpc.secrets.list.queryOptions(), staleTime: 60_000, select: (list) => list.map((s) => s.name) });
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const [open, setOpen] = useState<{ items: Suggestion[]; active: number } | null>(null);
  const listId = useId();

  const refresh = (text: string, caret: number) => {
    if (!nodeId) return setOpen(null);
    const partial = expression ? { partial: text.slice(0, caret).trim() } : openReference(text, caret);
    if (!partial) return setOpen(null);
    const s = store.getState();
    const items = filterSuggestions(referenceSuggestions(nodeId, s.nodes, s.edges, s.inputs, { inBody, secrets: secretNames.data }), partial.partial);
    setOpen(items.length ? { items, active: 0 } : null);
  };

  const insert = (suggestion: Suggestion) => {
    const el = ref.current;
    const caret = el?.selectionStart ?? value.length;
    const next = expression ? { text: suggestion.value, caret: suggestion.value.length } : applySuggestion(value, caret, suggestion.value);
    onChange(next.text);
    setOpen(null);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!open) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const delta = event.key === "ArrowDown" ? 1 : -1;
      setOpen({ ...open, active: (open.active + delta + open.items.length) % open.items.length });
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      insert(open.items[open.active]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      setOpen(null);
    }
  };

  const common = {
    id,
    ref,
    value,
    placeholder,
    "aria-invalid": invalid || undefined,
    "aria-describedby": describedBy,
    "aria-autocomplete": "list" as const,
    "aria-expanded": !!open,
    "aria-controls": open ? listId : undefined,
    "aria-activedescendant": open ? `${listId}-${open.active}` : undefined,
    role: "combobox",
    spellCheck: false,
    onKeyDown,
    onBlur: () => setTimeout(() => setOpen(null), 120),
    onChange: (e: { target: { value: string; selectionStart: number | null } }) => {
      onChange(e.target.value);
      refresh(e.target.value, e.target.selectionStart ?? e.target.value.length);
    },
    onFocus: expression ? (e: { target: { value: string; selectionStart: number | null } }) => refresh(e.target.value, e.target.selectionStart ?? 0) : undefined,
  };

  return (
    <div className="relative">
      {multiline ? (
        <textarea {...common} rows={Math.min(12, Math.max(3, value.split("\n").length + 1))} className={`${monoInputClass} resize-y`} />
      ) : (
        <input {...common} type="text" className={expression ? monoInputClass : inputClass} />
      )}
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="References"
          className="thin-scroll absolute right-0 left-0 z-40 mt-1 max-h-56 overflow-y-auto rounded-lg border border-border bg-surface p-1 shadow-xl"
          data-testid="reference-suggestions"
        >
          {open.items.map((item, i) => (
            <li
              key={item.value}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === open.active}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(item);
              }}
              className={`flex cursor-pointer items-baseline justify-between gap-3 rounded-md px-2 py-1 ${i === open.active ? "bg-accent/12 text-foreground" : ""}`}
            >
              <span className="min-w-0">
                <span className="block truncate font-mono text-[12px]">{item.value}</span>
                <LastValue reference={item.value} />
              </span>
              <span className="shrink-0 truncate text-[11px] text-muted">{item.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** What a suggested reference resolves to in the workflow's latest run (when it ran). */
function LastValue({ reference }: { reference: string }) {
  const bench = useWorkbench();
  if (!bench) return null;
  const resolved = resolveReference(reference, bench.lastRun, bench.lastInputs);
  if (!resolved.found) return null;
  return (
    <span className="block truncate font-mono text-[11px] text-muted" data-testid="suggestion-value" title="Its value in the last run">
      = {preview(resolved.value, 60)}
    </span>
  );
}
