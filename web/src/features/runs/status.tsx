/** How each run / node state looks: color, icon, label. One table, used everywhere. */
import type { NodeStatus, RunStatus } from "./state/types";

/** `handled`: a step that failed into its error branch (the run went on). */
type Status = NodeStatus | RunStatus | "handled";

export const RUN_STATUSES: readonly RunStatus[] = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"];

type Look = { label: string; text: string; bg: string; ring: string; dot: string };

export const STATUS_LOOK: Record<Status, Look> = {
  pending: { label: "Pending", text: "text-muted", bg: "bg-surface-muted", ring: "border-border", dot: "bg-muted/50" },
  queued: { label: "Queued", text: "text-slate-600 dark:text-slate-300", bg: "bg-slate-500/10", ring: "border-slate-400/60", dot: "bg-slate-400" },
  running: { label: "Running", text: "text-sky-700 dark:text-sky-300", bg: "bg-sky-500/10", ring: "border-sky-500", dot: "bg-sky-500" },
  waiting: { label: "Waiting", text: "text-amber-700 dark:text-amber-300", bg: "bg-amber-500/10", ring: "border-amber-500", dot: "bg-amber-500" },
  succeeded: { label: "Succeeded", text: "text-emerald-700 dark:text-emerald-300", bg: "bg-emerald-500/10", ring: "border-emerald-500", dot: "bg-emerald-500" },
  failed: { label: "Failed", text: "text-red-700 dark:text-red-300", bg: "bg-red-500/10", ring: "border-red-500", dot: "bg-red-500" },
  handled: { label: "Failed, handled", text: "text-orange-700 dark:text-orange-300", bg: "bg-orange-500/10", ring: "border-dashed border-orange-500", dot: "bg-orange-500" },
  skipped: { label: "Skipped", text: "text-muted", bg: "bg-surface-muted", ring: "border-dashed border-border", dot: "bg-muted/40" },
  cancelled: { label: "Cancelled", text: "text-zinc-600 dark:text-zinc-300", bg: "bg-zinc-500/10", ring: "border-zinc-400", dot: "bg-zinc-400" },
};

export function StatusIcon({ status, className = "size-3.5" }: { status: Status; className?: string }) {
  const common = { viewBox: "0 0 16 16", fill: "none", stroke: "currentColor", strokeWidth: 1.75, strokeLinecap: "round" as const, strokeLinejoin: "round" as const, className, "aria-hidden": true };
  switch (status) {
    case "running":
      return (
        <svg {...common} className={`${className} animate-spin`}>
          <path d="M8 2a6 6 0 1 1-6 6" />
        </svg>
      );
    case "succeeded":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.25" />
          <path d="m5.5 8.2 1.8 1.8 3.3-3.6" />
        </svg>
      );
    case "failed":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.25" />
          <path d="M6 6l4 4M10 6l-4 4" />
        </svg>
      );
    case "waiting":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.25" />
          <path d="M6.5 5.5v5M9.5 5.5v5" />
        </svg>
      );
    case "handled":
      return (
        <svg {...common}>
          <path d="M3 3v5a4 4 0 0 0 4 4h6M10 9l3 3-3 3" />
        </svg>
      );
    case "skipped":
      return (
        <svg {...common}>
          <path d="M3.5 4.5 8 8l-4.5 3.5zM8.5 4.5 13 8l-4.5 3.5z" />
        </svg>
      );
    case "cancelled":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.25" />
          <path d="M4 12 12 4" />
        </svg>
      );
    case "queued":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.25" />
          <path d="M8 4.8V8l2 1.5" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.25" strokeDasharray="2.5 2.5" />
        </svg>
      );
  }
}

export function StatusBadge({ status, className = "" }: { status: Status; className?: string }) {
  const look = STATUS_LOOK[status];
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${look.bg} ${look.text} ${className}`} data-status={status}>
      <StatusIcon status={status} className="size-3.5" />
      {look.label}
    </span>
  );
}
