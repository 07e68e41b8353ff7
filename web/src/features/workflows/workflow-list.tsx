"use client";

import Link from "next/link";

import { Menu } from "@/components/ui/menu";
import { Skeleton } from "@/components/ui/skeleton";
import type { WorkflowSummary } from "@/lib/contracts";

import { editorHref } from "./hooks";
import { CopyIcon, DownloadIcon, OpenIcon, PencilIcon, TrashIcon } from "./icons";
import { absoluteTime, relativeTime } from "@/lib/time";

import { plural } from "./lib/format";
import { RunStatusBadge } from "./run-status-badge";

export type RowActions = {
  rename: (workflow: WorkflowSummary) => void;
  duplicate: (workflow: WorkflowSummary) => void;
  exportJson: (workflow: WorkflowSummary) => void;
  remove: (workflow: WorkflowSummary) => void;
};

const GRID = "grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 sm:grid-cols-[minmax(0,1fr)_7.5rem_4rem_8rem_2rem]";

export function WorkflowList({ workflows, actions, busyId }: { workflows: WorkflowSummary[]; actions: RowActions; busyId?: string | null }) {
  return (
    <div className="rounded-xl border border-border bg-surface shadow-xs">
      <div className={`${GRID} hidden border-b border-border px-4 py-2 text-xs font-medium text-muted sm:grid`} aria-hidden="true">
        <span>Name</span>
        <span>Last run</span>
        <span>Version</span>
        <span>Edited</span>
        <span />
      </div>
      <ul aria-label="Workflows" className="divide-y divide-border">
        {workflows.map((workflow) => (
          <WorkflowRow key={workflow.id} workflow={workflow} actions={actions} busy={busyId === workflow.id} />
        ))}
      </ul>
    </div>
  );
}

function WorkflowRow({ workflow, actions, busy }: { workflow: WorkflowSummary; actions: RowActions; busy: boolean }) {
  return (
    <li data-testid="workflow-row" data-workflow-id={workflow.id} aria-busy={busy || undefined} className={`${GRID} relative px-4 py-3 transition hover:bg-surface-muted/60 first:rounded-t-xl last:rounded-b-xl`}>
      <div className="min-w-0">
        {/* The name's link covers the row; the badge and menu sit above it. */}
        <Link href={editorHref(workflow.id)} className="block truncate text-sm font-medium after:absolute after:inset-0 after:content-[''] focus-visible:outline-none focus-visible:after:rounded-[inherit] focus-visible:after:ring-2 focus-visible:after:ring-accent">
          {workflow.name}
        </Link>
        <p className="mt-0.5 truncate text-xs text-muted">{workflow.description || <span className="italic">No description</span>}</p>
        <p className="mt-1 flex items-center gap-2 text-xs text-muted sm:hidden">
          <span className="relative z-10">
            <RunStatusBadge run={workflow.last_run} />
          </span>
          v{workflow.current_version} · {relativeTime(workflow.updated_at)}
        </p>
      </div>
      <div className="relative z-10 hidden sm:block">
        <RunStatusBadge run={workflow.last_run} />
      </div>
      <span className="hidden text-sm text-muted tabular-nums sm:block" title={plural(workflow.node_count, "node")}>
        v{workflow.current_version}
      </span>
      <time dateTime={workflow.updated_at} title={absoluteTime(workflow.updated_at)} className="hidden text-sm text-muted sm:block">
        {relativeTime(workflow.updated_at)}
      </time>
      <div className="relative z-10 justify-self-end">
        <Menu
          label={`Actions for ${workflow.name}`}
          items={[
            { label: "Open in editor", href: editorHref(workflow.id), icon: <OpenIcon /> },
            { label: "Rename…", onSelect: () => actions.rename(workflow), icon: <PencilIcon /> },
            { label: "Duplicate", onSelect: () => actions.duplicate(workflow), icon: <CopyIcon /> },
            { label: "Export JSON", onSelect: () => actions.exportJson(workflow), icon: <DownloadIcon /> },
            "separator",
            { label: "Delete…", onSelect: () => actions.remove(workflow), icon: <TrashIcon />, danger: true },
          ]}
        />
      </div>
    </li>
  );
}

export function WorkflowListSkeleton({ rows = 4 }: { rows?: number }) {
  return (
    <div className="rounded-xl border border-border bg-surface" aria-busy="true" aria-label="Loading workflows">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={`${GRID} border-b border-border px-4 py-3.5 last:border-b-0`}>
          <div className="space-y-2">
            <Skeleton className="h-4 w-48" />
            <Skeleton className="h-3 w-72 max-w-full" />
          </div>
          <Skeleton className="hidden h-5 w-20 rounded-full sm:block" />
          <Skeleton className="hidden h-4 w-8 sm:block" />
          <Skeleton className="hidden h-4 w-20 sm:block" />
          <Skeleton className="size-6" />
        </div>
      ))}
    </div>
  );
}
