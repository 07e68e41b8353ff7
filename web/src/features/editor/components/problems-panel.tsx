"use client";

import { useEditor, useEditorStoreApi } from "../store/context";
import type { Problem } from "../types";
import { Icon } from "./icons";

/** Every validation problem; a problem about a node selects and centres it. */
export function ProblemsPanel({ onClose }: { onClose(): void }) {
  const problems = useEditor((s) => s.problems.all);
  const actions = useEditor((s) => s.actions);
  const store = useEditorStoreApi();
  const edgeSource = (id: string) => store.getState().edges.find((e) => e.id === id)?.source;

  const go = (p: Problem) => {
    const target = p.node_id ?? (p.edge_id ? edgeSource(p.edge_id) : undefined);
    if (target) actions.requestFocus(target);
    if (p.edge_id && !p.node_id) actions.select([], [p.edge_id]);
  };

  return (
    <section
      aria-label="Problems"
      data-testid="problems-panel"
      className="absolute right-3 bottom-3 left-3 z-20 mx-auto flex max-h-[40%] max-w-3xl flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-xl"
    >
      <header className="flex items-center justify-between border-b border-border px-3.5 py-2">
        <h2 className="text-[13px] font-semibold">
          {problems.length ? `${problems.length} problem${problems.length === 1 ? "" : "s"}` : "No problems"}
        </h2>
        <button type="button" aria-label="Close problems" onClick={onClose} className="rounded p-1 text-muted hover:bg-surface-muted hover:text-foreground">
          <Icon name="x" className="size-4" />
        </button>
      </header>
      <ul className="thin-scroll overflow-y-auto p-1.5">
        {problems.length === 0 ? (
          <li className="flex items-center gap-2 px-2 py-3 text-[13px] text-muted">
            <Icon name="check-circle" className="size-4 text-success" />
            The workflow is valid: it can run.
          </li>
        ) : null}
        {problems.map((p, i) => {
          const linked = !!(p.node_id || p.edge_id);
          return (
            <li key={i}>
              <button
                type="button"
                disabled={!linked}
                onClick={() => go(p)}
                className="flex w-full items-start gap-2.5 rounded-lg px-2 py-1.5 text-left text-[13px] transition enabled:hover:bg-surface-muted"
              >
                <Icon name="alert" className="mt-0.5 size-3.5 shrink-0 text-danger" />
                <span className="min-w-0 flex-1 leading-snug">
                  {p.message}
                  {p.path ? <span className="ml-1.5 font-mono text-[11px] text-muted">{p.path}</span> : null}
                </span>
                {p.node_id ? (
                  <span className="shrink-0 rounded-md bg-surface-muted px-1.5 py-0.5 font-mono text-[11px] text-muted">{p.node_id}</span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
