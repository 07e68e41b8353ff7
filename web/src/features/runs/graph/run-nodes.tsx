"use client";
/**
 * The run graph's node components: a step (status, attempt, time; a sub-workflow's child
 * run; a failure its error branch took) and a container (its item counts, the item its body
 * shows). Memoized: React Flow redraws a node only when its data object changes.
 */
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { createContext, memo, useContext } from "react";

import { formatDuration } from "../format";
import { nodeElapsedMs } from "../state/selectors";
import type { RunStatus } from "../state/types";
import { STATUS_LOOK, StatusBadge, StatusIcon } from "../status";
import { useNow } from "../use-now";
import type { RunContainerData, RunNodeData } from "./build";
import { NodeTypeIcon } from "./node-icon";
import styles from "./run-graph.module.css";

/** The statuses of the run's child runs (sub-workflow steps), polled while they run. */
export const ChildRunsContext = createContext<ReadonlyMap<string, RunStatus>>(new Map());

const HANDLE = "!size-2 !border-0 !bg-border";

function Handles({ error }: { error: boolean }) {
  return (
    <>
      <Handle type="target" id="in" position={Position.Left} isConnectable={false} className={HANDLE} />
      <Handle type="source" id="out" position={Position.Right} isConnectable={false} className={HANDLE} />
      {/* Where an error branch leaves (hidden when there is none: the edge still needs its handle). */}
      <Handle type="source" id="error" position={Position.Bottom} isConnectable={false} className={error ? "!size-2 !border-0 !bg-orange-500" : "!size-0 !border-0 !opacity-0"} style={{ left: "auto", right: 18 }} />
    </>
  );
}

function StepLine({ data }: { data: RunNodeData }) {
  const look = STATUS_LOOK[data.status];
  const live = data.status === "running" || data.status === "waiting";
  const now = useNow(live, 200);
  const elapsed = nodeElapsedMs(data.attempt, now);
  return (
    <div className={`flex items-center justify-between text-xs ${look.text}`}>
      <span className="inline-flex items-center gap-1 font-medium">
        <StatusIcon status={data.status} className="size-3.5" />
        {data.unpicked ? (
          <span className="font-normal text-muted">pick an item</span>
        ) : data.rateLimited ? (
          <span data-testid="rate-limit-wait">waiting for rate limit</span>
        ) : (
          look.label
        )}
        {data.attempts > 1 ? <span className="font-normal text-muted">· try {data.attempt?.attempt ?? data.attempts}</span> : null}
      </span>
      <span className="tabular-nums text-muted">{elapsed !== null ? formatDuration(elapsed) : ""}</span>
    </div>
  );
}

/** A sub-workflow step's child run and its status (live while it runs). */
function ChildLine({ runId }: { runId: string }) {
  const status = useContext(ChildRunsContext).get(runId);
  return (
    <div className="mt-1 flex items-center gap-1 text-[11px] text-muted" data-testid="run-node-child">
      child run {status ? <StatusBadge status={status} className="!px-1.5 !py-0 !text-[10.5px]" /> : null}
    </div>
  );
}

export const RunNode = memo(function RunNode({ data, selected }: NodeProps<Node<RunNodeData, "run">>) {
  const look = STATUS_LOOK[data.status];
  return (
    <div
      className={`group relative w-56 rounded-xl border-2 bg-surface px-3 py-2.5 shadow-sm transition-[border-color,box-shadow,opacity] ${look.ring} ${
        selected ? "ring-2 ring-accent ring-offset-2 ring-offset-background" : ""
      } ${data.status === "skipped" || data.unpicked ? "opacity-60" : ""} ${data.status === "running" ? styles.pulse : ""}`}
      data-testid={`run-node-${data.label}`}
      data-node-status={data.status}
    >
      <div className="flex items-center gap-2">
        <span className={`flex size-7 shrink-0 items-center justify-center rounded-lg ${look.bg} ${look.text}`}>
          <NodeTypeIcon type={data.nodeType} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-medium leading-tight">{data.label}</div>
          <div className="truncate text-[11px] text-muted">{data.nodeType}</div>
        </div>
      </div>
      <div className="mt-2">
        <StepLine data={data} />
      </div>
      {data.attempt?.childRunId ? <ChildLine runId={data.attempt.childRunId} /> : null}
      <Handles error={data.status === "handled"} />
    </div>
  );
});

/**
 * "12 of 40 done · 1 failed · 3 running": of "12+" while the list's length is not known yet, of
 * "up to 5" for a loop that has not ended.
 */
export function progressText(data: Pick<RunContainerData, "progress" | "count" | "limit">): string {
  const p = data.progress;
  const of = data.count.exact ? String(data.count.count) : data.limit !== null ? `up to ${data.limit}` : data.count.count ? `${data.count.count}+` : "…";
  const parts = [`${p?.succeeded ?? 0} of ${of} done`];
  if (p?.failed) parts.push(`${p.failed} failed`);
  if (p?.running) parts.push(`${p.running} running`);
  if (p?.cancelled) parts.push(`${p.cancelled} cancelled`);
  return parts.join(" · ");
}

export const RunContainer = memo(function RunContainer({ id, data, selected }: NodeProps<Node<RunContainerData, "container">>) {
  const look = STATUS_LOOK[data.status];
  const p = data.progress;
  const total = Math.max(1, data.count.count);
  const pct = (n: number | undefined) => `${Math.min(100, ((n ?? 0) / total) * 100)}%`;
  return (
    <div
      className={`flex h-full w-full flex-col rounded-2xl border-2 bg-surface/60 shadow-sm ${look.ring} ${selected ? "ring-2 ring-accent ring-offset-2 ring-offset-background" : ""} ${
        data.unpicked ? "opacity-70" : ""
      }`}
      data-testid={`run-node-${data.label}`}
      data-node-status={data.status}
    >
      <div className="flex items-start gap-2 px-3 pt-2.5">
        <span className={`flex size-7 shrink-0 items-center justify-center rounded-lg ${look.bg} ${look.text}`}>
          <NodeTypeIcon type={data.nodeType} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-medium leading-tight">{data.label}</div>
          <div className="w-56">
            <StepLine data={data} />
          </div>
        </div>
        {data.pickedName !== null ? (
          <span className="shrink-0 rounded-md bg-accent/10 px-1.5 py-0.5 text-[11px] font-medium text-accent" data-testid={`run-container-${id}-picked`}>
            showing {data.pickedName}
          </span>
        ) : null}
      </div>
      <div className="px-3 pt-1.5 pb-2">
        <div className="flex h-1.5 overflow-hidden rounded-full bg-surface-muted" aria-hidden="true">
          <span className="bg-emerald-500" style={{ width: pct(p?.succeeded) }} />
          <span className="bg-red-500" style={{ width: pct(p?.failed) }} />
          <span className="bg-sky-500" style={{ width: pct(p?.running) }} />
        </div>
        <div
          className="mt-1 text-[11.5px] tabular-nums text-muted"
          data-testid={`run-container-${id}-progress`}
          data-done={p?.succeeded ?? 0}
          data-failed={p?.failed ?? 0}
          data-running={p?.running ?? 0}
          data-total={data.count.exact ? data.count.count : undefined}
        >
          {progressText(data)}
        </div>
      </div>
      <div className="mx-2 mb-2 flex-1 rounded-xl border border-dashed border-border/80" />
      <Handles error={data.status === "handled"} />
    </div>
  );
});
