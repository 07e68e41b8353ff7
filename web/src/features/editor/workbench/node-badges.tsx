"use client";

import { StatusBadge } from "@/features/runs/status";

import { useWorkbench, useWorkbenchOverlay } from "./context";

/**
 * On a canvas node: a pin badge when its output is pinned, and, with the last-run overlay on,
 * the status the workflow's latest run left on it and a one-line preview of its output.
 */
export function NodeWorkbenchBadges({ id }: { id: string }) {
  const bench = useWorkbenchOverlay();
  if (!bench) return null;
  const pinned = bench.pins.has(id);
  const last = bench.overlay ? bench.lastRun.get(id) : undefined;
  if (!pinned && !bench.overlay) return null;
  return (
    <div className="flex items-center gap-1.5 border-t border-border px-3 py-1 text-[11px]" data-testid={`node-${id}-workbench`}>
      {pinned ? (
        <span
          className="rounded-full bg-amber-100 px-1.5 py-px font-medium text-amber-800 dark:bg-amber-900/40 dark:text-amber-200"
          data-testid={`node-${id}-pinned`}
          title="Its output is pinned: test runs use it"
        >
          pinned
        </span>
      ) : null}
      {bench.overlay ? (
        last ? (
          <>
            <StatusBadge status={last.status as "succeeded"} className="!px-1.5 !py-px !text-[10.5px]" />
            <span className="min-w-0 truncate font-mono text-muted" title={last.preview} data-testid={`node-${id}-last-output`}>
              {last.preview}
            </span>
          </>
        ) : (
          <span className="text-muted">not run</span>
        )
      ) : null}
    </div>
  );
}

/** The toolbar's toggle of the last-run overlay on the canvas. */
export function LastRunToggle({ className }: { className: string }) {
  const bench = useWorkbench();
  if (!bench) return null;
  return (
    <button
      type="button"
      onClick={() => bench.setOverlay(!bench.overlay)}
      aria-pressed={bench.overlay}
      className={className}
      data-testid="last-run-toggle"
      title={bench.lastRunId ? "Show what the latest run left on each node" : "The workflow has not run yet"}
    >
      {bench.overlay ? "Hide last run" : "Show last run"}
    </button>
  );
}
