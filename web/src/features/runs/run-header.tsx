"use client";

import Link from "next/link";
import { type ReactNode, useMemo } from "react";

import { formatCost, formatDateTime, formatDuration, formatRelative, formatTokens, shortId } from "./format";
import { ValueView } from "./inspector/json-tree";
import { runElapsedMs, someCostUnknown, TERMINAL_RUN } from "./state/selectors";
import type { RunState } from "./state/types";
import { StatusBadge } from "./status";
import { useNow } from "./use-now";

const button =
  "inline-flex items-center gap-1.5 rounded-lg border border-border bg-surface px-3 py-1.5 text-sm font-medium shadow-sm transition hover:bg-surface-muted disabled:cursor-not-allowed disabled:opacity-50";
const primary =
  "inline-flex items-center gap-1.5 rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-accent-foreground shadow-sm transition hover:opacity-90 disabled:cursor-not-allowed disabled:opacity-50";

const TRIGGER_LABEL = { manual: "you", api: "an API key", webhook: "webhook", schedule: "schedule" } as const;

function Stat({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div className="min-w-0" title={title}>
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className="truncate text-sm font-medium tabular-nums">{children}</dd>
    </div>
  );
}

/** `topic: owls · audience: curious beginners`: the inputs on one line, for the folded summary. */
function preview(inputs: Record<string, unknown>): string {
  return Object.entries(inputs)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ")
    .slice(0, 200);
}

export type RunHeaderProps = {
  state: RunState;
  connection: string;
  nodeLabel: (id: string) => string;
  /** The node "Retry" starts from (the selected node, else the failing one); null hides it. */
  retryFrom: string | null;
  /** The user asked to cancel and the run has not ended yet. */
  cancelling: boolean;
  onCancel: () => void;
  onRetry: () => void;
  onRunAgain: () => void;
  onReview: (nodeId: string) => void;
  /** A waiting node's child run (a sub-workflow step waits for it), or null (an approval). */
  childRunOf?: (nodeId: string) => string | null;
  busy: { cancel: boolean; retry: boolean; again: boolean };
  error: string | null;
};

/**
 * The run's bar above its graph, kept short so the graph gets the room: where it is, its
 * status, figures and actions on one line; what waits for a person or failed below; inputs
 * and outputs folded under it.
 */
export function RunHeader({ state, connection, nodeLabel, retryFrom, cancelling, onCancel, onRetry, onRunAgain, onReview, childRunOf = () => null, busy, error }: RunHeaderProps) {
  const { run } = state;
  const terminal = TERMINAL_RUN.has(run.status);
  const now = useNow(!terminal, 500);
  const waitingAll = run.status === "waiting" ? run.waitingNodes : [];
  // A sub-workflow step waits for its child run, not for a person.
  const waiting = waitingAll.filter((id) => !childRunOf(id));
  const children = waitingAll.flatMap((id) => {
    const child = childRunOf(id);
    return child ? [{ id, child }] : [];
  });
  const inputCount = Object.keys(run.inputs).length;
  const startedAt = run.startedAt ?? run.createdAt;
  // Intl formatting is slow enough to count when the bar redraws every frame of a busy run.
  const startedTitle = useMemo(() => formatDateTime(startedAt), [startedAt]);
  const inputsPreview = useMemo(() => preview(run.inputs), [run.inputs]);
  return (
    <div className="border-b border-border bg-surface">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 px-4 py-2.5">
        <div className="min-w-0">
          <nav aria-label="Breadcrumb" className="text-xs text-muted">
            <Link href="/runs" className="hover:text-foreground">
              Runs
            </Link>
            <span aria-hidden="true"> / </span>
            {run.parent ? (
              <>
                <Link href={parentHref(run.parent)} className="hover:text-foreground" data-testid="parent-run-link" title="The run whose step started this one">
                  {shortId(run.parent.runId)}
                  {run.parent.nodeId ? ` · ${run.parent.nodeId}` : ""}
                </Link>
                <span aria-hidden="true"> / </span>
              </>
            ) : null}
            <code title={run.id}>{shortId(run.id)}</code>
            <span aria-hidden="true"> · </span>
            started{" "}
            <time dateTime={startedAt} title={startedTitle}>
              {formatRelative(startedAt, now)}
            </time>
            {run.trigger && run.trigger.kind !== "manual" ? (
              <span data-testid="run-trigger">
                {" "}
                by {TRIGGER_LABEL[run.trigger.kind]}
                {run.trigger.name ? <strong className="font-medium text-foreground"> {run.trigger.name}</strong> : null}
              </span>
            ) : null}
          </nav>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate text-lg font-semibold tracking-tight">{run.workflowName ?? "Untitled workflow"}</h1>
            <span className="rounded-md bg-surface-muted px-1.5 py-0.5 text-xs text-muted">v{run.version}</span>
            {run.kind && run.kind !== "run" ? (
              <span className="rounded-md bg-accent/12 px-1.5 py-0.5 text-xs font-medium text-accent" data-testid="run-kind">
                {run.kind}
              </span>
            ) : null}
            {run.forkedFrom ? (
              <span className="text-xs text-muted" data-testid="forked-from">
                forked from{" "}
                {run.forkedFrom.runId ? (
                  <Link href={`/runs/${run.forkedFrom.runId}`} className="text-accent hover:underline">
                    {shortId(run.forkedFrom.runId)}
                  </Link>
                ) : (
                  "a deleted run"
                )}{" "}
                at <code>{run.forkedFrom.step}</code>
                {run.forkedFrom.runId ? (
                  <>
                    {" · "}
                    <Link href={`/runs/${run.id}/compare`} className="font-medium text-accent hover:underline" data-testid="compare-link">
                      Compare with the origin
                    </Link>
                  </>
                ) : null}
              </span>
            ) : null}
            <span data-testid="run-status">
              <StatusBadge status={run.status} className="text-sm" />
            </span>
            {!terminal ? (
              <span className="inline-flex items-center gap-1.5 text-xs text-muted" data-testid="live-indicator" data-connection={connection}>
                <span className={`size-1.5 rounded-full ${connection === "pending" ? "animate-pulse bg-emerald-500" : "bg-amber-500"}`} aria-hidden="true" />
                {connection === "pending" ? "Live" : connection === "error" ? "Not live (reload to retry)" : "Connecting…"}
              </span>
            ) : null}
          </div>
        </div>
        <dl className="flex gap-5">
          <Stat label="Duration">{formatDuration(runElapsedMs(state, now))}</Stat>
          <Stat label="Tokens (in / out)">
            {formatTokens(run.tokensIn)} / {formatTokens(run.tokensOut)}
          </Stat>
          <Stat label="Cost">
            {someCostUnknown(state) ? (
              <span title="A step's model has no known price: its cost is not counted" data-testid="run-cost-floor">
                at least {formatCost(run.costUsd)}
              </span>
            ) : (
              formatCost(run.costUsd)
            )}
          </Stat>
        </dl>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {!terminal ? (
            <button type="button" className={button} onClick={onCancel} disabled={busy.cancel || cancelling}>
              {cancelling ? "Cancelling…" : "Cancel run"}
            </button>
          ) : null}
          {terminal && retryFrom ? (
            <button type="button" className={run.status === "failed" ? primary : button} onClick={onRetry} disabled={busy.retry}>
              Retry from {nodeLabel(retryFrom)}
            </button>
          ) : null}
          <button type="button" className={button} onClick={onRunAgain} disabled={busy.again} title="A new run with the same inputs, on the workflow's current version">
            Run again
          </button>
          <Link href={`/workflows/${run.workflowId}/edit`} className={button}>
            Open in editor
          </Link>
        </div>
      </div>

      {waiting.length ? (
        <div className="flex flex-wrap items-center gap-2 border-t border-amber-500/30 bg-amber-500/10 px-4 py-1.5 text-sm">
          <span className="font-medium text-amber-800 dark:text-amber-200">Waiting for approval:</span>
          {waiting.map((id) => (
            <button key={id} type="button" onClick={() => onReview(id)} className="rounded-md bg-amber-500/20 px-2 py-0.5 font-medium text-amber-900 hover:bg-amber-500/30 dark:text-amber-100">
              Review {nodeLabel(id)}
            </button>
          ))}
        </div>
      ) : null}

      {children.length ? (
        <div className="flex flex-wrap items-center gap-2 border-t border-sky-500/30 bg-sky-500/10 px-4 py-1.5 text-sm">
          <span className="font-medium text-sky-800 dark:text-sky-200">Waiting for a sub-workflow:</span>
          {children.map(({ id, child }) => (
            <Link key={id} href={`/runs/${child}`} className="rounded-md bg-sky-500/20 px-2 py-0.5 font-medium text-sky-900 hover:bg-sky-500/30 dark:text-sky-100">
              Open {nodeLabel(id)}’s run
            </Link>
          ))}
        </div>
      ) : null}

      {run.status === "failed" && run.error ? (
        <div role="alert" className="border-t border-danger/30 bg-danger-surface px-4 py-1.5 text-sm">
          <span className="font-medium text-danger">{run.error.node_id ? `${nodeLabel(run.error.node_id)} failed: ` : "Failed: "}</span>
          {run.error.message}
        </div>
      ) : null}

      {error ? (
        <p role="alert" className="border-t border-border px-4 py-1.5 text-sm text-danger">
          {error}
        </p>
      ) : null}

      <div className="grid border-t border-border sm:grid-cols-2 sm:divide-x sm:divide-border">
        <details className="min-w-0 px-4 py-1">
          <summary className="cursor-pointer truncate py-0.5 text-xs">
            <span className="font-semibold tracking-wide text-muted uppercase">Inputs ({inputCount})</span>
            <span className="ml-2 text-muted">{inputsPreview}</span>
          </summary>
          <div className="max-h-36 overflow-auto pb-2">
            <ValueView value={inputCount ? run.inputs : null} empty="No inputs." />
          </div>
        </details>
        <details className="min-w-0 px-4 py-1" open={run.status === "succeeded"} data-testid="run-outputs">
          <summary className="cursor-pointer py-0.5 text-xs font-semibold tracking-wide text-muted uppercase">Outputs</summary>
          <div className="max-h-36 overflow-auto pb-2">
            <ValueView value={run.outputs} empty={terminal ? "No outputs." : "Not yet."} />
          </div>
        </details>
      </div>
    </div>
  );
}

/** The parent run's page, opened on the step that started this run (inside its item, if any). */
function parentHref(parent: NonNullable<RunState["run"]["parent"]>): string {
  const query = new URLSearchParams();
  if (parent.nodeId) query.set("node", parent.nodeId);
  if (parent.scope) query.set("scope", parent.scope);
  const q = query.toString();
  return `/runs/${parent.runId}${q ? `?${q}` : ""}`;
}
