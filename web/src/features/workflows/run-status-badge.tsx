import Link from "next/link";

import type { LastRun } from "@/lib/contracts";

import { relativeTime } from "@/lib/time";

const LOOK: Record<LastRun["status"], { label: string; className: string; dot: string }> = {
  queued: { label: "Queued", className: "bg-surface-muted text-muted", dot: "bg-muted" },
  running: { label: "Running", className: "bg-accent/10 text-accent", dot: "bg-accent animate-pulse" },
  waiting: { label: "Waiting", className: "bg-warning/12 text-warning", dot: "bg-warning" },
  succeeded: { label: "Succeeded", className: "bg-success/12 text-success", dot: "bg-success" },
  failed: { label: "Failed", className: "bg-danger/12 text-danger", dot: "bg-danger" },
  cancelled: { label: "Cancelled", className: "bg-surface-muted text-muted", dot: "bg-muted" },
};

/** The last run's status as a coloured pill linking to the run; "Never run" without one. */
export function RunStatusBadge({ run, className = "" }: { run: LastRun | null | undefined; className?: string }) {
  if (!run) return <span className={`text-xs text-muted ${className}`}>Never run</span>;
  const look = LOOK[run.status];
  return (
    <Link
      href={`/runs/${run.id}`}
      title={`Last run ${relativeTime(run.created_at)}`}
      data-status={run.status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium transition hover:brightness-110 hover:underline ${look.className} ${className}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${look.dot}`} />
      <span className="sr-only">Last run: </span>
      {look.label}
    </Link>
  );
}
