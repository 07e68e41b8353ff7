"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";

import { compareRuns, durationOf, formatCostDelta, preview, type StepLike } from "@/features/editor/workbench/lib";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { formatCost, formatDuration, formatTokens, shortId } from "../format";
import { TERMINAL_RUN } from "../state/selectors";
import { StatusBadge } from "../status";

const ONCE = { staleTime: 5_000, refetchOnWindowFocus: false } as const;
/**
 * The fork as it is now: read again on arrival (the run page, a click before, cached it while it
 * ran: its last steps were missing) and every second until it has ended.
 */
const CURRENT = {
  staleTime: 0,
  refetchOnMount: "always",
  refetchOnWindowFocus: false,
  refetchInterval: (query: { state: { data?: { status: string } } }) =>
    query.state.data && TERMINAL_RUN.has(query.state.data.status) ? false : 1_000,
} as const;
const NO_RUN = "00000000-0000-0000-0000-000000000000";

/** A fork beside its origin, node by node: output (changed or not, reused or run), tokens, cost, time; and the total cost difference. */
export function ForkComparison({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const fork = useQuery(trpc.runs.get.queryOptions({ id: runId }, CURRENT));
  const originId = fork.data?.forked_from_run_id ?? null;
  const origin = useQuery({ ...trpc.runs.get.queryOptions({ id: originId ?? NO_RUN }, ONCE), enabled: !!originId });
  const spec = useQuery(trpc.runs.spec.queryOptions({ id: runId }, { staleTime: Infinity }));
  const order = useMemo(() => (spec.data?.nodes ?? []).filter((n) => !n.parent).map((n) => n.id), [spec.data]);
  const labels = useMemo(() => new Map((spec.data?.nodes ?? []).map((n) => [n.id, n.label || n.id])), [spec.data]);
  const comparison = useMemo(
    () => (fork.data && origin.data ? compareRuns(order, origin.data as { steps?: StepLike[] }, fork.data as { steps?: StepLike[] }) : null),
    [order, fork.data, origin.data],
  );

  const error = fork.error ?? origin.error ?? spec.error;
  if (error) return <p role="alert" className="text-sm text-danger">{describeError(error).message}</p>;
  if (fork.data && !fork.data.forked_from_step) return <p className="text-sm text-muted">This run is not a fork.</p>;
  if (fork.data && !originId) return <p className="text-sm text-muted">The run this fork came from has been deleted.</p>;
  if (!comparison || !fork.data || !origin.data) return <p className="text-sm text-muted">Loading…</p>;

  return (
    <div className="space-y-4" data-testid="fork-comparison">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold">Fork and origin, side by side</h1>
          <p className="text-sm text-muted">
            <Link href={`/runs/${fork.data.id}`} className="text-accent hover:underline">
              {shortId(fork.data.id)}
            </Link>{" "}
            forked from{" "}
            <Link href={`/runs/${origin.data.id}`} className="text-accent hover:underline">
              {shortId(origin.data.id)}
            </Link>{" "}
            at <code>{fork.data.forked_from_step}</code>
          </p>
        </div>
        <dl className="flex gap-5 text-sm">
          <div>
            <dt className="text-xs text-muted">Origin cost</dt>
            <dd className="tabular-nums">{formatCost(origin.data.cost_usd)}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Fork cost</dt>
            <dd className="tabular-nums">{formatCost(fork.data.cost_usd)}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Difference</dt>
            <dd className="font-semibold tabular-nums" data-testid="cost-difference">
              {formatCostDelta(comparison.costDelta)}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Tokens</dt>
            <dd className="tabular-nums">{comparison.tokensDelta >= 0 ? `+${formatTokens(comparison.tokensDelta)}` : `−${formatTokens(-comparison.tokensDelta)}`}</dd>
          </div>
        </dl>
      </header>
      <table className="w-full table-fixed border-collapse text-sm">
        <thead className="text-left text-xs text-muted">
          <tr>
            <th className="w-40 py-1.5">Node</th>
            <th className="py-1.5">Origin</th>
            <th className="py-1.5">Fork</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {comparison.nodes.map((n) => (
            <tr key={n.nodeId} data-testid={`compare-${n.nodeId}`} data-changed={n.changed} data-reused={n.reused} className={n.changed ? "bg-amber-500/5" : ""}>
              <td className="py-2 align-top">
                <div className="font-medium">{labels.get(n.nodeId)}</div>
                <div className="font-mono text-[11px] text-muted">{n.nodeId}</div>
                {n.changed ? <span className="text-[11px] font-medium text-warning">output changed</span> : null}
                {n.reused ? <span className="text-[11px] text-muted">reused</span> : null}
              </td>
              <StepCell step={n.origin} />
              <StepCell step={n.fork} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StepCell({ step }: { step: StepLike | null }) {
  if (!step) return <td className="py-2 align-top text-xs text-muted">—</td>;
  return (
    <td className="py-2 pr-3 align-top">
      <div className="flex items-center gap-2 text-xs">
        <StatusBadge status={step.status as "succeeded"} />
        <span className="text-muted tabular-nums">
          {formatTokens((step.tokens_in ?? 0) + (step.tokens_out ?? 0))} tok · {formatCost(step.cost_usd)} · {step.seeded_from ? "reused" : formatDuration(durationOf(step))}
        </span>
      </div>
      <pre className="mt-1 max-h-24 overflow-auto rounded bg-surface-muted px-2 py-1 font-mono text-[11.5px] whitespace-pre-wrap break-words" data-testid="compare-output">
        {preview(step.output, 400)}
      </pre>
    </td>
  );
}
