"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import { formatDateTime, formatRelative, shortId } from "@/features/runs/format";
import { StatusBadge } from "@/features/runs/status";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { WorkflowRead } from "@/lib/contracts";

import { Icon } from "../components/icons";
import { useEditorStoreApi } from "../store/context";
import { documentOf, isDirty } from "../store/store";
import { canvasDiff } from "./version-canvas";
import { VersionCanvas } from "./version-canvas-view";
import { diffSpecs, jsonLineDiff, runsByVersion, type NodeDiff, type SpecLike } from "./versions";

const CHANGE_STYLE = {
  added: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-200",
  removed: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-200",
  moved: "bg-sky-100 text-sky-800 dark:bg-sky-900/40 dark:text-sky-200",
  changed: "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-200",
} as const;

/**
 * The editor's Versions panel: every saved version with its time and author and the runs it
 * made; a version's diff against the current draft (nodes added, removed, moved, reconfigured,
 * each config as a JSON line diff), also drawn on a read-only canvas; and restoring a version
 * as a new version.
 */
export function VersionsPanel({
  workflowId,
  currentVersion,
  onRestored,
  onClose,
}: {
  workflowId: string;
  currentVersion: number;
  onRestored(fresh: WorkflowRead): void;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.workflows.versions.queryOptions({ id: workflowId }, { staleTime: 0 }));
  const runs = useQuery(trpc.runs.list.queryOptions({ workflowId, limit: 100 }, { staleTime: 10_000 }));
  const me = useQuery(trpc.system.me.queryOptions(undefined, { staleTime: Infinity }));
  const counts = useMemo(() => runsByVersion(runs.data?.items ?? []), [runs.data]);
  const [picked, setPicked] = useState<number | null>(null);

  return (
    <aside
      aria-label="Versions"
      data-testid="versions-panel"
      className="thin-scroll absolute top-3 right-3 bottom-3 z-20 flex w-[min(30rem,calc(100%-1.5rem))] flex-col overflow-y-auto rounded-xl border border-border bg-surface shadow-xl"
    >
      <header className="sticky top-0 z-10 flex items-center justify-between border-b border-border bg-surface px-3.5 py-2">
        <h2 className="text-[13px] font-semibold">{picked ? `Version ${picked} against the draft` : "Versions"}</h2>
        <span className="flex items-center gap-1">
          {picked ? (
            <button type="button" onClick={() => setPicked(null)} className="rounded px-1.5 py-0.5 text-xs text-accent hover:underline">
              All versions
            </button>
          ) : null}
          <button type="button" aria-label="Close versions" onClick={onClose} className="rounded p-1 text-muted hover:bg-surface-muted hover:text-foreground">
            <Icon name="x" className="size-4" />
          </button>
        </span>
      </header>
      {picked ? (
        <VersionDiff
          workflowId={workflowId}
          version={picked}
          currentVersion={currentVersion}
          runs={(runs.data?.items ?? []).filter((r) => r.workflow_version === picked)}
          onRestored={onRestored}
        />
      ) : (
        <ul className="divide-y divide-border" data-testid="version-list">
          {versions.isPending ? <li className="p-3.5 text-xs text-muted">Loading…</li> : null}
          {versions.error ? <li className="p-3.5 text-xs text-danger">{describeError(versions.error).message}</li> : null}
          {(versions.data ?? []).map((v) => (
            <li key={v.version}>
              <button
                type="button"
                onClick={() => setPicked(v.version)}
                className="flex w-full items-center justify-between gap-3 px-3.5 py-2.5 text-left hover:bg-surface-muted"
                data-testid={`version-${v.version}`}
              >
                <span>
                  <span className="font-mono text-[13px] font-semibold">v{v.version}</span>
                  {v.version === currentVersion ? <span className="ml-2 rounded bg-accent/12 px-1.5 py-px text-[11px] text-accent">current</span> : null}
                  <span className="block text-[11.5px] text-muted" title={formatDateTime(v.created_at)}>
                    {formatRelative(v.created_at)} · by {v.created_by === me.data?.id ? "you" : shortId(v.created_by)} · {v.node_count} nodes
                  </span>
                </span>
                <span className="shrink-0 text-[11.5px] text-muted">
                  {counts.get(v.version) ?? 0} run{counts.get(v.version) === 1 ? "" : "s"}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

type RunItem = { id: string; status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled"; created_at: string; kind?: string };

function VersionDiff({
  workflowId,
  version,
  currentVersion,
  runs,
  onRestored,
}: {
  workflowId: string;
  version: number;
  currentVersion: number;
  runs: RunItem[];
  onRestored(fresh: WorkflowRead): void;
}) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const saved = useQuery(trpc.workflows.version.queryOptions({ id: workflowId, version }, { staleTime: Infinity }));
  const update = useMutation(trpc.workflows.update.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const draft = useMemo(() => documentOf(store.getState()), [store]);
  const diff = useMemo(() => (saved.data ? diffSpecs(saved.data.spec as SpecLike, draft as SpecLike) : null), [saved.data, draft]);
  const [drawn, setDrawn] = useState(false);
  const drawing = useMemo(() => (drawn && saved.data ? canvasDiff(saved.data.spec as SpecLike, draft as SpecLike) : null), [drawn, saved.data, draft]);
  const dirty = isDirty(store.getState());

  const restore = async () => {
    if (!saved.data) return;
    setError(null);
    try {
      const fresh = await update.mutateAsync({ id: workflowId, spec: saved.data.spec, basedOnVersion: currentVersion });
      onRestored(fresh);
    } catch (e) {
      setError(describeError(e).message);
    }
  };

  if (saved.error) return <p className="p-3.5 text-xs text-danger">{describeError(saved.error).message}</p>;
  if (!diff) return <p className="p-3.5 text-xs text-muted">Loading…</p>;
  return (
    <div className="space-y-4 p-3.5" data-testid="version-diff">
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-muted">
          {diff.same ? "Same as the draft." : `${diff.nodes.length} node${diff.nodes.length === 1 ? "" : "s"} differ from the draft.`}
          {dirty ? " Restoring discards the draft’s unsaved changes." : ""}
        </p>
        <span className="flex shrink-0 flex-wrap justify-end gap-1.5">
          <button
            type="button"
            onClick={() => setDrawn(true)}
            className="inline-flex shrink-0 items-center gap-1.5 rounded-lg border border-border px-2.5 py-1 text-xs font-medium hover:bg-surface-muted"
            data-testid="diff-canvas-open"
          >
            <Icon name="workflow" className="size-3.5" />
            On the canvas
          </button>
          <button
            type="button"
            onClick={() => void restore()}
            disabled={update.isPending || version === currentVersion}
            className="inline-flex shrink-0 items-center gap-1.5 rounded-lg border border-border px-2.5 py-1 text-xs font-medium hover:bg-surface-muted disabled:opacity-50"
            data-testid="restore-version"
          >
            <Icon name="undo" className="size-3.5" />
            Restore as a new version
          </button>
        </span>
      </div>
      {drawing ? <VersionCanvas diff={drawing} title={`Version ${version} → the draft`} onClose={() => setDrawn(false)} /> : null}
      {error ? (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
      {diff.nodes.length ? (
        <ul className="space-y-2" data-testid="diff-nodes">
          {diff.nodes.map((n) => (
            <DiffNode key={n.id} node={n} />
          ))}
        </ul>
      ) : null}
      {diff.edgesAdded.length || diff.edgesRemoved.length ? (
        <div className="text-xs">
          <h3 className="mb-1 font-semibold text-muted uppercase">Connections</h3>
          <ul className="font-mono text-[11.5px]">
            {diff.edgesRemoved.map((e) => (
              <li key={`-${e}`} className="text-danger">
                − {e}
              </li>
            ))}
            {diff.edgesAdded.map((e) => (
              <li key={`+${e}`} className="text-success">
                + {e}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {diff.inputsChanged ? <p className="text-xs text-muted">The workflow’s inputs differ.</p> : null}
      <div className="text-xs">
        <h3 className="mb-1 font-semibold text-muted uppercase">Runs of v{version}</h3>
        {runs.length === 0 ? <p className="text-muted">None among the latest 100 runs.</p> : null}
        <ul className="space-y-1">
          {runs.slice(0, 20).map((r) => (
            <li key={r.id} className="flex items-center gap-2">
              <StatusBadge status={r.status} />
              <Link href={`/runs/${r.id}`} className="font-mono text-accent hover:underline">
                {shortId(r.id)}
              </Link>
              {r.kind && r.kind !== "run" ? <span className="rounded bg-surface-muted px-1.5 text-[11px] text-muted">{r.kind}</span> : null}
              <span className="text-muted">{formatRelative(r.created_at)}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function DiffNode({ node }: { node: NodeDiff }) {
  const [open, setOpen] = useState(node.changes.includes("changed"));
  const lines = useMemo(() => (open ? jsonLineDiff(node.before, node.after) : []), [open, node]);
  return (
    <li className="rounded-lg border border-border" data-testid={`diff-node-${node.id}`} data-changes={node.changes.join(" ")}>
      <button type="button" onClick={() => setOpen((v) => !v)} className="flex w-full items-center gap-2 px-2.5 py-1.5 text-left text-xs">
        <Icon name={open ? "chevron-down" : "chevron-right"} className="size-3.5 text-muted" />
        <span className="font-medium">{node.label}</span>
        <span className="font-mono text-muted">{node.id}</span>
        <span className="ml-auto flex gap-1">
          {node.changes.map((c) => (
            <span key={c} className={`rounded px-1.5 py-px text-[10.5px] font-medium ${CHANGE_STYLE[c]}`}>
              {c}
            </span>
          ))}
        </span>
      </button>
      {open ? (
        <pre className="max-h-64 overflow-auto border-t border-border bg-surface-muted px-2.5 py-1.5 font-mono text-[11px] leading-relaxed">
          {lines.map((l, i) => (
            <div key={i} className={l.kind === "added" ? "bg-emerald-500/10 text-success" : l.kind === "removed" ? "bg-red-500/10 text-danger" : "text-muted"}>
              {l.kind === "added" ? "+ " : l.kind === "removed" ? "− " : "  "}
              {l.text}
            </div>
          ))}
        </pre>
      ) : null}
    </li>
  );
}
