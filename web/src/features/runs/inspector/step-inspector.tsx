"use client";

import Link from "next/link";
import { type ReactNode, useEffect } from "react";

import { costLabel, formatDateTime, formatDuration, formatTokens } from "../format";
import { NodeTypeIcon } from "../graph/node-icon";
import { currentAttempt, displayStatus, nodeElapsedMs, rateLimitHold } from "../state/selectors";
import type { Attempt, LogEntry, NodeRun, RunStatus, WorkflowNode } from "../state/types";
import { StatusBadge } from "../status";
import { useNow } from "../use-now";
import { DecisionForm, type DecisionInput } from "./decision-form";
import { ValueView } from "./json-tree";

export type InspectorNode = WorkflowNode;

function Section({ title, children, right }: { title: string; children: ReactNode; right?: ReactNode }) {
  return (
    <section className="border-t border-border px-4 py-3">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">{title}</h3>
        {right}
      </div>
      {children}
    </section>
  );
}

function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className="text-sm font-medium tabular-nums">{value}</dd>
    </div>
  );
}

const LEVEL_STYLE = { debug: "text-muted", info: "text-sky-700 dark:text-sky-300", warning: "text-amber-700 dark:text-amber-300", error: "text-danger" } as const;

export type StepInspectorProps = {
  node: InspectorNode;
  run: NodeRun | undefined;
  /** What the current attempt has streamed so far (`streamedText`). */
  streamed: string;
  runFinished: boolean;
  /** The signed-in user: their own decisions read "by you". */
  viewerId?: string | null;
  decision: { pending: boolean; error: string | null; onDecide: (d: DecisionInput) => void };
  onRetryFrom: (() => void) | null;
  /** The retry button's words ("Retry from here"; for a body step, "Retry this item"). */
  retryLabel?: string;
  retryPending: boolean;
  /** A body step: which iteration it is (`item 3 of Scenes`); null at the top level. */
  where?: string | null;
  /** A sub-workflow step's child run's status (polled while it runs). */
  childStatus?: RunStatus | null;
  /** A container's items (the item list), below the step's own status. */
  children?: ReactNode;
  /** Reading the run's snapshot for inputs too large for their event (`Attempt.inputBytes`). */
  inputs: { loading: boolean; error: string | null; load: () => void };
  onClose: () => void;
};

/** Everything about one node of the run: output (streaming), input, logs, usage, attempts, approval audit. */
export function StepInspector({ node, run, streamed, runFinished, viewerId, decision, onRetryFrom, retryLabel = "Retry from here", retryPending, where, childStatus, children, inputs, onClose }: StepInspectorProps) {
  const attempt = currentAttempt(run);
  // An input the event carried only as its size: read it from the snapshot when the step is opened.
  const inputMissing = attempt !== null && attempt.inputBytes !== null;
  const { load: loadInputs } = inputs;
  useEffect(() => {
    if (inputMissing) loadInputs();
  }, [inputMissing, loadInputs]);
  const status = attempt?.status ?? "pending";
  const shown = displayStatus(attempt);
  const hold = rateLimitHold(run);
  const now = useNow(status === "running" || status === "waiting", 250);
  const elapsed = nodeElapsedMs(attempt, now);
  const waiting = status === "waiting" && node.type === "approval";
  const pendingReview = (attempt?.output ?? null) as { message?: unknown; value?: unknown } | null;
  const history = [...(run?.attempts ?? [])].reverse();

  return (
    <aside aria-label={`Step ${node.label || node.id}`} className="flex h-full flex-col overflow-hidden" data-testid="step-inspector">
      <header className="flex items-start gap-3 px-4 py-3">
        <span className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg bg-surface-muted">
          <NodeTypeIcon type={node.type} />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold">{node.label || node.id}</h2>
          <p className="truncate text-xs text-muted">
            {node.type} · <code>{node.id}</code>
            {where ? <span data-testid="step-scope"> · {where}</span> : null}
          </p>
        </div>
        <button type="button" onClick={onClose} className="rounded-md p-1 text-muted hover:bg-surface-muted hover:text-foreground" aria-label="Close the inspector">
          <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" />
          </svg>
        </button>
      </header>
      <div className="flex items-center gap-2 px-4 pb-3">
        <StatusBadge status={shown} />
        {hold ? (
          <span className="text-xs text-amber-600" title={`${hold.provider}: ${hold.allowance}`} data-testid="rate-limit-hold">
            waiting for rate limit ({hold.allowance})
          </span>
        ) : null}
        {elapsed !== null ? <span className="text-xs tabular-nums text-muted">{formatDuration(elapsed)}</span> : null}
        {attempt && (run?.attempts.length ?? 0) > 1 ? <span className="text-xs text-muted">attempt {attempt.attempt}</span> : null}
        {onRetryFrom ? (
          <button
            type="button"
            onClick={onRetryFrom}
            disabled={retryPending || !runFinished}
            title={runFinished ? "Re-run this node and everything after it, reusing earlier outputs" : "Retry when the run has ended"}
            className="ml-auto rounded-lg border border-border px-2 py-1 text-xs font-medium hover:bg-surface-muted disabled:opacity-50"
          >
            {retryLabel}
          </button>
        ) : null}
      </div>
      {attempt?.childRunId ? (
        <div className="flex items-center gap-2 px-4 pb-3 text-sm" data-testid="child-run">
          <span className="text-muted">Child run</span>
          <Link href={`/runs/${attempt.childRunId}`} className="font-medium text-accent hover:underline" data-testid="child-run-link">
            Open it
          </Link>
          {childStatus ? <StatusBadge status={childStatus} /> : null}
        </div>
      ) : null}
      {children ? <div className="px-4 pb-3">{children}</div> : null}

      <div className="min-h-0 flex-1 overflow-y-auto">
        {waiting ? (
          <div className="px-4 pb-3">
            <DecisionForm
              message={typeof pendingReview?.message === "string" ? pendingReview.message : null}
              value={pendingReview?.value ?? null}
              allowEdit={node.config?.allow_edit === true}
              pending={decision.pending}
              error={decision.error}
              onDecide={decision.onDecide}
            />
          </div>
        ) : null}

        {attempt?.error ? (
          <div className="px-4 pb-3">
            <ErrorBox attempt={attempt} />
          </div>
        ) : null}

        <Section title="Output" right={status === "running" && streamed ? <span className="text-[11px] text-sky-600">streaming…</span> : null}>
          {status === "running" && streamed ? (
            <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-lg bg-surface-muted p-3 font-mono text-xs leading-relaxed" aria-live="polite" data-testid="step-output">
              {streamed}
              <span className="ml-0.5 inline-block h-3 w-1.5 animate-pulse bg-sky-500 align-middle" aria-hidden="true" />
            </pre>
          ) : (
            <div data-testid="step-output">
              <ValueView value={attempt?.output} empty={status === "pending" || status === "queued" ? "Not run yet." : status === "running" ? "Working…" : "No output."} />
            </div>
          )}
        </Section>

        <Section title="Input">
          <div data-testid="step-input">
            {attempt && attempt.inputBytes !== null ? <InputPending bytes={attempt.inputBytes} inputs={inputs} /> : <ValueView value={attempt?.input} empty="—" />}
          </div>
        </Section>

        {run?.logs.length ? (
          <Section title={`Logs and tool calls (${run.logs.length})`}>
            <ol className="space-y-1.5 font-mono text-xs" data-testid="step-logs">
              {run.logs.map((log, i) => (
                <LogLine key={`${log.seq}:${i}`} log={log} attempts={run.attempts.length} />
              ))}
            </ol>
          </Section>
        ) : null}

        {attempt ? (
          <Section title="Usage">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
              <Figure label="Duration" value={formatDuration(elapsed)} />
              <Figure label="Tokens in / out" value={`${formatTokens(attempt.tokensIn)} / ${formatTokens(attempt.tokensOut)}`} />
              <Figure label="Cost" value={costLabel(attempt)} />
              <Figure label="Model" value={attempt.model ?? "—"} />
              <Figure label="Started" value={attempt.startedAt ? new Date(attempt.startedAt).toLocaleTimeString() : "—"} />
              <Figure label="Finished" value={attempt.finishedAt ? new Date(attempt.finishedAt).toLocaleTimeString() : "—"} />
            </dl>
          </Section>
        ) : null}

        {history.some((a) => a.decision) ? (
          <Section title="Approval">
            <ul className="space-y-2">
              {history
                .filter((a) => a.decision)
                .map((a) => (
                  <li key={a.attempt} className="text-sm">
                    <span className={a.decision!.approved ? "font-medium text-emerald-700 dark:text-emerald-300" : "font-medium text-danger"}>
                      {a.decision!.approved ? "Approved" : "Rejected"}
                    </span>
                    {a.decision!.edited ? <span className="text-muted"> (value edited)</span> : null}
                    <span className="text-muted">
                      {" "}
                      {a.decision!.by ? (a.decision!.by === viewerId ? "by you" : `by ${a.decision!.by.slice(0, 8)}`) : "on timeout"} · {formatDateTime(a.decision!.at)}
                    </span>
                    {a.decision!.comment ? <blockquote className="mt-1 border-l-2 border-border pl-2 text-muted">{a.decision!.comment}</blockquote> : null}
                  </li>
                ))}
            </ul>
          </Section>
        ) : null}

        {history.length > 1 ? (
          <Section title={`Attempts (${history.length})`}>
            <ol className="space-y-2">
              {history.map((a) => (
                <li key={a.attempt} className="rounded-lg border border-border px-3 py-2 text-sm">
                  <div className="flex items-center gap-2">
                    <span className="font-medium">#{a.attempt}</span>
                    <StatusBadge status={displayStatus(a)} />
                    {a.superseded ? <span className="text-xs text-muted">replaced by a retry</span> : null}
                    <span className="ml-auto text-xs tabular-nums text-muted">{formatDuration(a.durationMs)}</span>
                  </div>
                  {a.error ? <p className="mt-1 text-xs text-danger">{a.error.message}</p> : null}
                </li>
              ))}
            </ol>
          </Section>
        ) : null}
      </div>
    </aside>
  );
}

/** One log line; a tool call or result is marked as such (the agent node logs `data.tool`). */
function LogLine({ log, attempts }: { log: LogEntry; attempts: number }) {
  const tool = typeof log.data?.tool === "string" ? log.data.tool : null;
  return (
    <li className="rounded-md bg-surface-muted px-2 py-1.5" data-log-level={log.level} data-tool={tool ?? undefined}>
      <div className="flex gap-2">
        <span className="shrink-0 text-muted tabular-nums">{new Date(log.at).toLocaleTimeString()}</span>
        {attempts > 1 ? <span className="shrink-0 text-muted">#{log.attempt}</span> : null}
        <span className={`shrink-0 uppercase ${tool ? "text-violet-700 dark:text-violet-300" : LEVEL_STYLE[log.level]}`}>{tool ? "tool" : log.level}</span>
        <span className="break-words">{log.message}</span>
      </div>
      {log.data ? (
        <div className="mt-1">
          <ValueView value={log.data} />
        </div>
      ) : null}
    </li>
  );
}

function InputPending({ bytes, inputs }: { bytes: number; inputs: StepInspectorProps["inputs"] }) {
  const size = bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
  if (inputs.error) {
    return (
      <p role="alert" className="text-sm text-danger">
        The input ({size}) could not be loaded: {inputs.error}{" "}
        <button type="button" onClick={inputs.load} className="font-medium underline">
          Try again
        </button>
      </p>
    );
  }
  return <p className="text-sm text-muted">Loading the input ({size})…</p>;
}

function ErrorBox({ attempt }: { attempt: Attempt }) {
  const error = attempt.error!;
  if (attempt.handled) {
    // Not the run's failure: the node's error branch took it and the run went on.
    return (
      <div role="status" className="rounded-xl border border-dashed border-orange-500/60 bg-orange-500/5 p-3 text-sm" data-testid="handled-error">
        <p className="font-medium text-orange-800 dark:text-orange-200">{error.message}</p>
        <p className="mt-1 text-xs text-muted">
          <code>{error.code}</code> · handled: the error branch took it and the run went on with the error as this step’s output.
        </p>
      </div>
    );
  }
  return (
    <div role="status" className="rounded-xl border border-danger/40 bg-danger-surface p-3 text-sm">
      <p className="font-medium text-danger">{error.message}</p>
      <p className="mt-1 text-xs text-muted">
        <code>{error.code}</code>
        {attempt.retryDelayS ? ` · retrying in ${attempt.retryDelayS.toFixed(1)} s` : error.retryable ? " · retryable" : ""}
      </p>
    </div>
  );
}
